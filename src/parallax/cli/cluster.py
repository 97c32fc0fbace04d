"""``parallax cluster``: inputs -> one ``{"id", "story", "duplicate_of"}`` line per article."""

from __future__ import annotations

import argparse

from parallax import api
from parallax.cli.common import ErrorCounter, no_articles, progress, write_jsonl
from parallax.model import Article, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cluster",
        help="group articles into stories and flag copies (one-shot, no database)",
        description=(
            "Read and extract INPUTs (as `parallax extract` does), detect exact and near-duplicate "
            "copies, cluster the articles into stories, and write one JSON object per article to "
            'stdout: {"id", "story", "duplicate_of"} (duplicate_of is the original\'s id or null). '
            "Story ids are stable for the same input in the same order. Bad inputs are reported "
            "on stderr and skipped."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--jsonl", action="store_true", default=True, help="JSON Lines on stdout (the default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    errors = ErrorCounter()
    articles: list[Article] = []
    for item in progress(api.extract(args.inputs), "extract"):
        if isinstance(item, InputError):
            errors.report(item)
        else:
            articles.append(item)
    if not articles:
        return no_articles("cluster", args.inputs, errors)
    for a in api.cluster(articles):
        write_jsonl(
            {
                "id": a.article_id,
                "story": a.story_id,
                "duplicate_of": a.duplicate.canonical_id if a.duplicate is not None else None,
            }
        )
    return errors.exit_code
