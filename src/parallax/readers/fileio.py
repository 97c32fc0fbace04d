"""Bounded reading of plain and gzip files: never more than the size cap in memory."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

from parallax.readers.options import format_size
from parallax.readers.sniff import GZIP_MAGIC

_CHUNK = 1 << 16


class ReadError(Exception):
    """A file could not be read; ``str(exc)`` is the reason shown to the user."""


class TooLarge(ReadError):
    pass


class Truncated(ReadError):
    pass


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for reading, transparently decompressing gzip (by magic, not name)."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def peek(path: Path, n: int = 8192) -> bytes:
    """The first ``n`` (decompressed) bytes; a damaged gzip yields what decompressed."""
    try:
        with open_binary(path) as fh:
            return _read_upto(fh, n)
    except Truncated as exc:
        return exc.args[1] if len(exc.args) > 1 else b""


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The whole (decompressed) content of ``path``, refusing more than ``max_bytes``.

    The on-disk size is checked before anything is read, and decompression
    stops at the cap, so neither a huge page nor a gzip bomb is loaded.
    """
    gz = is_gzip(path)
    if not gz:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"document too large: {format_size(size)} (limit {format_size(max_bytes)})")
    with open_binary(path) as fh:
        data = _read_upto(fh, max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"document too large: over {format_size(max_bytes)} decompressed (limit)")
    return data


def _read_upto(fh: BinaryIO, limit: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    try:
        while got < limit:
            chunk = fh.read(min(_CHUNK, limit - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise Truncated(gzip_reason(exc), b"".join(parts)) from exc
    return b"".join(parts)


def gzip_reason(exc: BaseException) -> str:
    """A user-facing reason for a gzip failure."""
    if isinstance(exc, EOFError):
        return "truncated gzip: compressed data ended early"
    return f"corrupt gzip: {exc}"


_BLANK = b" \t\r\n\f\v"


def skip_blank(fh: BinaryIO, limit: int) -> tuple[int, int]:
    """Consume the whitespace at ``fh``'s position, a buffer at a time, up to about ``limit`` bytes.

    Returns (newlines, bytes) consumed. A line-by-line loop over a gzip of blank lines
    costs a Python iteration per byte of input; this costs one per 64 kB.
    """
    lines = size = 0
    while size <= limit:
        buf = fh.peek(_CHUNK)[:_CHUNK]  # type: ignore[attr-defined]
        blank = len(buf) - len(buf.lstrip(_BLANK))
        if blank:
            fh.read(blank)
            lines += buf.count(b"\n", 0, blank)
            size += blank
        if not buf or blank < len(buf):
            break
    return lines, size
