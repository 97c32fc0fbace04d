"""``parallax search``: full-text search over the articles of a store."""

from __future__ import annotations

import argparse
import json
import sys

from parallax import api
from parallax.cli.common import _isatty, closed_pipe_ok
from parallax.model import ParallaxError

#: Seconds of SQLite work one search may take (the web app allows less).
SEARCH_BUDGET = 10.0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search",
        help="full-text search over stored articles",
        description=(
            'Search article titles and texts of the store --db. QUERY is words and "quoted phrases", '
            "all of which must match; word* matches a prefix; punctuation is ignored (covid-19, U.S., "
            "AT&T all work). --advanced reads QUERY as SQLite FTS5 syntax instead: AND/OR/NOT, "
            "NEAR(a b, 5), title:word. With --json, write a JSON list of "
            "{id, title, outlet, published, story, score, snippet, segments}."
        ),
    )
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--advanced", action="store_true", help="QUERY is raw FTS5 syntax")
    mode.add_argument(
        "--literal", action="store_true", help="words and phrases as typed (the default; kept for scripts)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parallax.cli import EXIT_USAGE
    from parallax.store import SearchQueryError  # here: the other commands' start-up skips the store

    try:
        hits = api.search(args.db, args.query, limit=args.limit, advanced=args.advanced, budget=SEARCH_BUDGET)
    except SearchQueryError as exc:
        hint = " (see 'parallax search --help')" if args.advanced else ""
        print(f"parallax: {exc}{hint}", file=sys.stderr)
        return EXIT_USAGE
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_USAGE
    bold = _isatty(sys.stdout)
    with closed_pipe_ok():
        if args.json:
            json.dump([h.to_json() for h in hits], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        for h in hits:
            snippet = h.snippet("\033[1m", "\033[0m") if bold else h.snippet("[", "]")
            print(f"{h.article_id}  {h.outlet or '-'}  {(h.published or '')[:10]}  {h.title or ''}")
            print("    " + " ".join(snippet.split()))
    return 0
