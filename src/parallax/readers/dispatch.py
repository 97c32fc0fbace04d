"""Walk the inputs and send each file to the reader of its format (sniffed, then named)."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from parallax.limits import DocumentTimeout, doc_timeout, time_limit
from parallax.model import InputError, RawRecord
from parallax.readers.feed import read_feed
from parallax.readers.fileio import peek
from parallax.readers.html import read_html
from parallax.readers.jsonl import read_jsonl
from parallax.readers.options import ReaderOptions
from parallax.readers.sniff import Format, binary_kind, by_content, by_name
from parallax.readers.text import read_text
from parallax.readers.warc import read_warc

log = logging.getLogger(__name__)

#: The input name that means standard input, and the source name its documents get.
STDIN = "-"
STDIN_NAME = "<stdin>"

Reader = Callable[[Path, ReaderOptions], Iterator[RawRecord | InputError]]

READERS: dict[Format, Reader] = {
    Format.TEXT: read_text,
    Format.HTML: read_html,
    Format.JSONL: read_jsonl,
    Format.WARC: read_warc,
    Format.FEED: read_feed,
}


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]], options: ReaderOptions | None = None
) -> Iterator[RawRecord | InputError]:
    """Yield records (and errors) for every document under ``inputs``, in a stable order.

    Folders are walked recursively in sorted order, skipping hidden names; a
    file given twice is read once; ``-`` reads standard input. Nothing here
    raises for a bad input.
    """
    opts = options or ReaderOptions()
    seen: set[str] = set()
    for item in inputs:
        if str(item) == STDIN:
            yield from read_stdin(opts)
            continue
        for file in input_files([item], opts, seen):
            if isinstance(file, InputError):
                yield file
            else:
                yield from read_file(file, opts)


def input_files(
    inputs: Iterable[str | os.PathLike[str]],
    options: ReaderOptions | None = None,
    seen: set[str] | None = None,
) -> Iterator[Path | InputError]:
    """The files under ``inputs``, in a stable order; a missing path or unlistable folder is an InputError.

    Folders are walked recursively in sorted order, skipping hidden names; a file given
    twice (by ``seen``, real paths already yielded) is yielded once.
    """
    seen = set() if seen is None else seen
    for item in inputs:
        path = Path(item)
        try:
            st = path.stat()
        except OSError as exc:
            reason = "no such file or directory" if isinstance(exc, FileNotFoundError) else exc.strerror
            yield InputError(str(item), f"cannot open: {reason or exc}")
            continue
        files: Iterable[Path | InputError] = walk(path, options) if stat.S_ISDIR(st.st_mode) else [path]
        for file in files:
            if isinstance(file, InputError):
                yield file
                continue
            key = os.path.realpath(file)
            if key in seen:
                log.debug("%s: already read; skipped", file)
                continue
            seen.add(key)
            yield file


def read_stdin(options: ReaderOptions, stream: BinaryIO | None = None) -> Iterator[RawRecord | InputError]:
    """Documents piped on standard input (any format), named ``<stdin>``.

    The stream is spooled to a temporary file first: sniffing and WARC offsets need a seekable file.
    """
    src = stream if stream is not None else sys.stdin.buffer
    with tempfile.TemporaryDirectory(prefix="parallax-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        try:
            with path.open("wb") as fh:
                shutil.copyfileobj(src, fh, 1 << 20)
        except OSError as exc:
            yield InputError(STDIN_NAME, f"cannot read: {exc.strerror or exc}")
            return
        prefix = str(path)
        for item in read_file(path, options):
            item.source = STDIN_NAME + item.source[len(prefix) :]
            yield item


def walk(folder: Path, options: ReaderOptions | None = None) -> Iterator[Path | InputError]:
    """Files under ``folder``, recursively, in sorted order; hidden names skipped.

    A folder that cannot be listed is an InputError naming it, never skipped in silence.
    """
    skip_hidden = options.skip_hidden if options else True
    failed: list[OSError] = []
    for root, dirs, names in os.walk(folder, onerror=failed.append):
        # os.walk reports a folder it cannot list before going on with the next one.
        yield from _walk_errors(failed)
        if skip_hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        dirs.sort()
        for name in sorted(names):
            yield Path(root) / name
    yield from _walk_errors(failed)


def _walk_errors(failed: list[OSError]) -> Iterator[InputError]:
    for exc in failed:
        yield InputError(
            str(exc.filename), f"cannot read folder: {exc.strerror or exc}; its files were skipped"
        )
    failed.clear()


def detect_format(path: Path, head: bytes) -> Format | str:
    """The format of ``path`` from its first (decompressed) bytes, else its name; a string names a binary type."""
    fmt = by_content(head)
    if fmt is not None:
        return fmt
    kind = binary_kind(head)
    if kind:
        return kind
    return by_name(path.name) or Format.TEXT


def read_file(path: Path, options: ReaderOptions | None = None) -> Iterator[RawRecord | InputError]:
    """Yield the documents in one file of any supported format."""
    opts = options or ReaderOptions()
    source = str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # FIFOs, sockets and devices could block forever or never end.
            yield InputError(source, "not a regular file")
            return
        if st.st_size == 0:
            yield InputError(source, "empty file")
            return
        head = peek(path)
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    fmt = detect_format(path, head)
    if isinstance(fmt, str) and not isinstance(fmt, Format):
        yield InputError(source, f"{fmt}, not a supported input")
        return
    log.debug("%s: read as %s", source, fmt.value)
    try:
        yield from _timed(READERS[fmt](path, opts), source, opts.doc_timeout)
    except Exception as exc:  # a reader bug on one file must not end the run
        log.debug("reader failed on %s", source, exc_info=True)
        yield InputError(source, f"cannot read as {fmt.value}: {type(exc).__name__}: {exc}")


def _timed(
    items: Iterator[RawRecord | InputError], source: str, timeout: float | None
) -> Iterator[RawRecord | InputError]:
    """``items`` with the per-document time limit (``timeout``, negative: the configured default) on
    the reader's work for each one.

    A reader that spends longer than the limit between two documents (a flood of blank
    lines, a pathological record) is stopped and reported with the file's path.
    """
    limit = doc_timeout() if timeout is not None and timeout < 0 else timeout
    while True:
        try:
            with time_limit(limit):
                item = next(items)
        except StopIteration:
            return
        except DocumentTimeout:
            getattr(items, "close", lambda: None)()  # release the file if the reader still holds it
            yield InputError(
                source,
                f"reading took longer than the time limit ({limit:g} s); the rest of the file was skipped",
            )
            return
        yield item
