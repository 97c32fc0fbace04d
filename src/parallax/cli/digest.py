"""``parallax digest``: the whole pipeline -> HTML report, stories.md, stories.json."""

from __future__ import annotations

import argparse
import sys

from parallax import api
from parallax.cli.common import ErrorCounter, iso_date, no_articles
from parallax.display import plural


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "digest",
        help="extract, cluster, annotate, summarize and compare; write an offline HTML report",
        description=(
            "Run the whole pipeline on INPUTs (extract -> annotate -> cluster into stories -> cited summary, "
            "comparison, quotes, timeline) and write into DIR: index.html (story list) with one page per "
            "story (self-contained, opens offline), stories.md and stories.json."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (created if missing)")
    p.add_argument("--max-words", type=int, default=150, metavar="N", help="summary word budget per story")
    p.add_argument("--one-story", action="store_true", help="skip clustering: all inputs are one story")
    p.add_argument("--no-annotate", action="store_true", help="skip the language stage (no quotes/timeline)")
    p.add_argument(
        "--since",
        type=iso_date,
        metavar="DATE",
        help="also say what articles published on or after DATE (YYYY-MM-DD) add to the earlier ones",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    errors = ErrorCounter()
    run_ = api.digest(
        args.inputs,
        max_words=args.max_words,
        annotate=not args.no_annotate,
        one_story=args.one_story,
        on_error=errors.report,
        since=args.since,
    )
    if not run_.articles:  # an empty report would look like a successful run
        return no_articles("digest", args.inputs, errors)
    try:
        written = api.write_report(run_, args.out)
    except OSError as exc:
        print(f"parallax digest: cannot write to {args.out}: {exc}", file=sys.stderr)
        return 1
    stories, articles = plural(len(run_.digests), "story"), plural(len(run_.articles), "article")
    print(f"{stories} from {articles} -> {written[0]}", file=sys.stderr)
    return errors.exit_code
