"""``parallax export``: a store's tables as CSV, JSON Lines or Parquet files."""

from __future__ import annotations

import argparse
import sys

from parallax import api
from parallax.model import ParallaxError

TABLES = ["articles", "stories", "quotes", "entities", "claims"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="write a store's articles, stories, quotes, entities and claims as CSV, JSON Lines or Parquet",
        description=(
            "Write tables of the store --db into DIR, one file per table (articles.csv, stories.jsonl, ...). "
            "Lists are JSON arrays (in CSV: JSON text). Exported articles.jsonl can be ingested again. "
            "Parquet needs pyarrow. The queries behind each table are in docs/store.md."
        ),
    )
    p.add_argument(
        "--db", required=True, metavar="FILE", help="the SQLite store written by 'parallax ingest'"
    )
    p.add_argument("--format", choices=["csv", "jsonl", "parquet"], default="jsonl", help="default: jsonl")
    p.add_argument(
        "--table",
        action="append",
        choices=TABLES,
        metavar="TABLE",
        help=f"a table to export (repeatable; default: all of {', '.join(TABLES)})",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        written = api.export(args.db, args.out, args.format, args.table)
    except ParallaxError as exc:
        print(f"parallax export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"parallax export: cannot write to {args.out}: {exc}", file=sys.stderr)
        return 1
    for table, (path, n) in written.items():
        print(f"{table}: {n} row{'' if n == 1 else 's'} -> {path}", file=sys.stderr)
    return 0
