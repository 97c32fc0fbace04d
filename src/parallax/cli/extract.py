"""``parallax extract``: inputs -> one JSON article per line."""

from __future__ import annotations

import argparse

from parallax import api
from parallax.cli.common import ErrorCounter, progress, write_jsonl
from parallax.model import ARTICLE_SCHEMA_VERSION, InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract clean articles + metadata from any input",
        description=(
            "Read INPUTs (files or folders: .txt page dumps, .html/.htm[.gz], .jsonl[.gz], .warc[.gz], "
            "RSS/Atom feeds) and write one JSON object per article to stdout "
            f"(schema {ARTICLE_SCHEMA_VERSION}: id, source, url, outlet, title, authors, published, "
            "published_confidence, dateline, language, text). Bad inputs are reported on stderr and skipped."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--jsonl", action="store_true", default=True, help="JSON Lines on stdout (the default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    errors = ErrorCounter()
    for item in progress(api.extract(args.inputs), "extract"):
        if isinstance(item, InputError):
            errors.report(item)
        else:
            write_jsonl(item.to_json())
    return errors.exit_code
