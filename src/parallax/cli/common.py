"""Helpers shared by sub-commands: error reporting, JSON output, progress, closed pipes."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from parallax.display import plural
from parallax.model import InputError

T = TypeVar("T")


class ErrorCounter:
    """Report InputErrors on stderr as they come (``parallax: skipped <path>: <reason>``) and count them."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, err: InputError) -> None:
        self.count += 1
        # tqdm.write keeps a running progress bar intact; without a bar it is a plain print. Imported
        # here: one-shot commands that report no error never pay tqdm's ~90 ms import.
        from tqdm import tqdm

        tqdm.write(f"parallax: skipped {err.source}: {err.reason}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        from parallax.cli import EXIT_INPUT_ERRORS, EXIT_OK

        return EXIT_INPUT_ERRORS if self.count else EXIT_OK


def no_articles(command: str, inputs: list[str], errors: ErrorCounter | None = None) -> int:
    """Warn that ``inputs`` held no article; the exit code: 3 when inputs were skipped, else 4."""
    from parallax.cli import EXIT_NO_ARTICLES

    shown = ", ".join(inputs[:3]) + (
        f" and {plural(len(inputs) - 3, 'more input')}" if len(inputs) > 3 else ""
    )
    print(f"parallax {command}: warning: no articles found in {shown}; nothing written", file=sys.stderr)
    return errors.exit_code if errors is not None and errors.count else EXIT_NO_ARTICLES


def has_documents(inputs: list[str]) -> bool:
    """True when some input is a file (or stdin), or a folder holding one (stops at the first)."""
    for item in inputs:
        path = Path(item)
        if item == "-" or path.is_file():
            return True
        if path.is_dir() and any(p.is_file() for p in path.rglob("*")):
            return True
    return False


def write_jsonl(obj: Any) -> None:
    """One JSON object per line on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def progress_bar(desc: str, unit: str, enabled: bool = True, items: Iterable[Any] | None = None) -> Any:
    """A tqdm bar on stderr when it is a terminal (never on stdout); ``update`` it or iterate it."""
    from tqdm import tqdm

    return tqdm(
        items,
        desc=desc,
        unit=unit,
        disable=not enabled or not _isatty(sys.stderr),
        file=sys.stderr,
        leave=False,
    )


def progress(items: Iterable[T], desc: str, enabled: bool = True) -> Iterator[T]:
    """Iterate ``items`` under a progress bar (see ``progress_bar``)."""
    yield from progress_bar(desc, "doc", enabled, items)


@contextlib.contextmanager
def closed_pipe_ok() -> Iterator[None]:
    """Stop quietly when the reader of stdout went away (``parallax ... | head``).

    The block ends at the first write that fails; stdout is then pointed at
    /dev/null so that the interpreter's final flush does not complain either.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def iso_date(text: str) -> str:
    """An argparse type: a calendar date as YYYY-MM-DD (a clear error otherwise)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def size_arg(text: str) -> int:
    """argparse type for sizes like ``20MB``."""
    from parallax.readers import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def stream_jsonl(
    items: Iterable[T | InputError],
    to_json: Callable[[T], Any],
    desc: str,
    show_progress: bool,
    inputs: list[str] | None = None,
) -> int:
    """Write each result as a JSON line, report each InputError; the exit code (130 on Ctrl-C,
    ``EXIT_NO_ARTICLES`` with a warning naming ``inputs`` when there was no result at all)."""
    errors = ErrorCounter()
    n = 0
    try:
        with closed_pipe_ok():
            for item in progress(items, desc, enabled=show_progress):
                if isinstance(item, InputError):
                    errors.report(item)
                else:
                    write_jsonl(to_json(item))
                    n += 1
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return 130
    if not n and inputs is not None:
        return no_articles(desc, inputs, errors)
    return errors.exit_code
