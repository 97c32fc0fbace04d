"""``parallax extract``: inputs -> one JSON article per line on stdout."""

from __future__ import annotations

import argparse

from parallax import api
from parallax.cli.common import size_arg, stream_jsonl
from parallax.model import ARTICLE_SCHEMA_VERSION, Article
from parallax.readers import DEFAULT_MAX_BYTES
from parallax.readers.options import format_size


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extract",
        help="extract clean articles + metadata from any input",
        description=(
            "Read INPUTs (files or folders: .txt page dumps, .html/.htm[.gz], .jsonl[.gz], .warc[.gz], "
            "RSS/Atom feeds; formats are also recognised by content) and write one JSON object per "
            f"article to stdout (schema {ARTICLE_SCHEMA_VERSION}, docs/schema.md: id, source, url, outlet, "
            "title, authors, published, published_confidence, dateline, language, text). "
            "Bad inputs are reported on stderr as 'parallax: skipped <path>: <reason>' and skipped; "
            "the exit code is then 3."
        ),
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files or folders (walked recursively); - reads stdin"
    )
    p.add_argument("--jsonl", action="store_true", default=True, help="JSON Lines on stdout (the default)")
    p.add_argument(
        "--max-size",
        type=size_arg,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"skip documents larger than SIZE, e.g. 5MB (default {format_size(DEFAULT_MAX_BYTES)})",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    items = api.extract(args.inputs, max_bytes=args.max_size)
    return stream_jsonl(items, Article.to_json, "extract", not args.no_progress, args.inputs)
