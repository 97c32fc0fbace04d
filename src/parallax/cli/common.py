"""Helpers shared by sub-commands: error reporting, JSON output, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from tqdm import tqdm

from parallax.model import InputError

T = TypeVar("T")


class ErrorCounter:
    """Report InputErrors on stderr as they come and count them."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, err: InputError) -> None:
        self.count += 1
        print(f"parallax: skipped {err.source}: {err.reason}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        from parallax.cli import EXIT_INPUT_ERRORS, EXIT_OK

        return EXIT_INPUT_ERRORS if self.count else EXIT_OK


def write_jsonl(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def progress(items: Iterable[T], desc: str, enabled: bool = True) -> Iterator[T]:
    """A tqdm bar on stderr when it is a terminal (never on stdout)."""
    yield from tqdm(items, desc=desc, unit="doc", disable=not enabled or not sys.stderr.isatty(), file=sys.stderr)
