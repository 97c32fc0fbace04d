"""``parallax summarize``: inputs taken as one story -> cited extractive summary."""

from __future__ import annotations

import argparse
import json
import sys

from parallax import api
from parallax.cli.common import ErrorCounter, no_articles
from parallax.report import summary_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "summarize",
        help="cited multi-document summary of inputs taken as one story",
        description=(
            "Extract INPUTs (anything `parallax extract` reads), take all articles as one story, and write "
            "an extractive summary whose every sentence cites the articles and character offsets it comes "
            'from. --json writes {"sentences":[{"text","sources":[{"id","start","end"}]}]}; ids are the '
            "article ids of `parallax extract`."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--max-words", type=int, default=200, metavar="N", help="word budget (default 200)")
    p.add_argument("--json", action="store_true", help="JSON on stdout (default: text with [n] citations)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.max_words < 1:
        print("parallax summarize: --max-words must be at least 1", file=sys.stderr)
        from parallax.cli import EXIT_USAGE

        return EXIT_USAGE
    errors = ErrorCounter()
    articles = api.extract_articles(args.inputs, on_error=errors.report)
    if not articles:
        return no_articles("summarize", args.inputs, errors)
    sentences = api.summarize(articles, max_words=args.max_words)
    if args.json:
        sys.stdout.write(json.dumps(summary_json(sentences), ensure_ascii=False) + "\n")
    else:
        num = {a.id: i + 1 for i, a in enumerate(articles)}
        for s in sentences:
            refs = "".join(f"[{num.get(c.article_id, '?')}]" for c in s.sources)
            print(f"{s.text} {refs}")
        if sentences:
            print()
        for a in articles:
            print(f"[{num[a.id]}] {a.id} {a.outlet or ''} {a.source}".rstrip())
    return errors.exit_code
