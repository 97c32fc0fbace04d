"""``parallax stories``: list the stories of a store with their articles and outlets."""

from __future__ import annotations

import argparse
import json
import sys

from parallax import api
from parallax.cli.common import closed_pipe_ok
from parallax.model import ParallaxError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "stories",
        help="list the stories in a store with their articles and outlets",
        description=(
            "List the stories of the SQLite store --db. With --json, write a JSON list of "
            "{id, title, outlets, first_published, last_published, "
            "articles: [{id, title, outlet, url, published, duplicate_of}]}."
        ),
    )
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument(
        "--order", choices=["recent", "size", "outlets"], default="recent", help="sort order (default recent)"
    )
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N stories")
    p.add_argument("--outlet", default=None, help="only stories covered by this outlet")
    p.add_argument("--min-articles", type=int, default=1, metavar="N", help="only stories with N+ articles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parallax.cli import EXIT_USAGE

    try:
        entries = api.stories(
            args.db, order=args.order, limit=args.limit, outlet=args.outlet, min_articles=args.min_articles
        )
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with closed_pipe_ok():
        if args.json:
            json.dump([e.to_json() for e in entries], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        for e in entries:
            s = e.story
            dates = " .. ".join(d[:10] for d in (s.first_published, s.last_published) if d)
            print(f"{s.id}  {s.title or '(untitled)'}")
            print(f"  {len(e.articles)} articles, outlets: {', '.join(s.outlets) or '-'}  {dates}".rstrip())
            for a in e.articles:
                dup = f"  [copy of {a.duplicate_of}]" if a.duplicate_of else ""
                print(f"    {a.id}  {a.outlet or '-'}  {(a.published or '')[:10]}  {a.title or ''}{dup}")
    return 0
