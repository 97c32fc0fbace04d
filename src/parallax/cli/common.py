"""Helpers shared by sub-commands: error reporting, JSON output, progress, closed pipes."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from tqdm import tqdm

from parallax.model import InputError

T = TypeVar("T")


class ErrorCounter:
    """Report InputErrors on stderr as they come (``parallax: skipped <path>: <reason>``) and count them."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, err: InputError) -> None:
        self.count += 1
        # tqdm.write keeps a running progress bar intact; without a bar it is a plain print.
        tqdm.write(f"parallax: skipped {err.source}: {err.reason}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        from parallax.cli import EXIT_INPUT_ERRORS, EXIT_OK

        return EXIT_INPUT_ERRORS if self.count else EXIT_OK


def write_jsonl(obj: Any) -> None:
    """One JSON object per line on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def progress_bar(desc: str, unit: str, enabled: bool = True, items: Iterable[Any] | None = None) -> Any:
    """A tqdm bar on stderr when it is a terminal (never on stdout); ``update`` it or iterate it."""
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


def size_arg(text: str) -> int:
    """argparse type for sizes like ``20MB``."""
    from parallax.readers import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def stream_jsonl(
    items: Iterable[T | InputError], to_json: Callable[[T], Any], desc: str, show_progress: bool
) -> int:
    """Write each result as a JSON line, report each InputError; the exit code (130 on Ctrl-C)."""
    errors = ErrorCounter()
    try:
        with closed_pipe_ok():
            for item in progress(items, desc, enabled=show_progress):
                if isinstance(item, InputError):
                    errors.report(item)
                else:
                    write_jsonl(to_json(item))
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return 130
    return errors.exit_code
