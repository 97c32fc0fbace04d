"""``parallax export``: tables of a store as CSV, JSON Lines or Parquet files."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write a store's tables as CSV, JSON Lines or Parquet")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("parallax export: not implemented yet", file=sys.stderr)
    return 2
