"""JSON Lines (``.jsonl``, ``.jsonl.gz``): one article per line.

Each line is an object ``{"id", "text" or "html", "url"?, "title"?, "outlet"?, "published"?}``.
``text`` gives ready article text (kind ``text``, ``text_is_final``); ``html``
gives a page to extract. When both are present ``text`` wins. A bad line is an
InputError named ``path:LINE``; the other lines are still read. A file that is
one (pretty-printed) JSON object, or an array of such objects (``path#N``), is read too.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from parallax.model import InputError, RawRecord
from parallax.readers.encoding import DecodeError, decode_utf8, strip_controls, strip_surrogates
from parallax.readers.fileio import ReadError, gzip_reason, open_binary, read_bounded, skip_blank
from parallax.readers.options import ReaderOptions, format_size

_HINTS = ("url", "title", "outlet", "published")


def read_jsonl(path: Path, options: ReaderOptions) -> Iterator[RawRecord | InputError]:
    """Yield one record per good line and one InputError per bad line."""
    whole = _whole_json(path, options)
    if whole is not None:
        yield from whole
        return
    source = str(path)
    lineno = 0
    seen_content = False
    try:
        with open_binary(path) as fh:
            while True:
                blank_lines, blank = skip_blank(fh, options.max_bytes)
                lineno += blank_lines
                if blank > options.max_bytes:
                    # Whitespace counts against the size cap like a line: a gzip of blank lines
                    # would otherwise take minutes to walk through (and hours for a larger one).
                    yield InputError(
                        f"{source}:{lineno}",
                        f"over {format_size(options.max_bytes)} of blank lines; the rest of the file was skipped",
                    )
                    return
                line = fh.readline(options.max_bytes + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > options.max_bytes and not line.endswith(b"\n"):
                    _skip_line(fh)
                    yield InputError(
                        f"{source}:{lineno}", f"line too large: over {format_size(options.max_bytes)}"
                    )
                    seen_content = True
                    continue
                if not line.strip():
                    continue
                seen_content = True
                yield parse_line(line, source, lineno)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputError(source, f"{gzip_reason(exc)} (after line {lineno}; earlier lines were read)")
        return
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    if not seen_content:
        yield InputError(source, "empty file" if lineno == 0 else "empty file (only whitespace)")


def _whole_json(path: Path, options: ReaderOptions) -> list[RawRecord | InputError] | None:
    """Records of a file that is one JSON document (an object, or an array ``path#N``), else None.

    Only tried when the first line is not JSON by itself, so that a pretty-printed
    export is read as one document instead of one error per line.
    """
    try:
        with open_binary(path) as fh:
            skip_blank(fh, options.max_bytes)
            first = fh.readline(options.max_bytes + 1)
            if not first.strip():
                return None
        if not first.lstrip().startswith((b"{", b"[")):
            return None
        try:
            json.loads(first)
            return None  # a JSON Lines file
        except ValueError:
            pass
        data = read_bounded(path, options.max_bytes)
        obj = json.loads(decode_utf8(data).text)
    except (ReadError, OSError, EOFError, zlib.error, ValueError, DecodeError, RecursionError):
        return None  # read line by line, which reports what is wrong
    source = str(path)
    if isinstance(obj, dict):
        return [record_from_object(obj, source)]
    if isinstance(obj, list):
        return [
            record_from_object(item, f"{source}#{n}")
            if isinstance(item, dict)
            else InputError(f"{source}#{n}", f"not a JSON object (got {type(item).__name__})")
            for n, item in enumerate(obj, 1)
        ] or [InputError(source, "empty JSON array")]
    return None


def _skip_line(fh: BinaryIO) -> None:
    """Discard the rest of an over-long line without holding it in memory."""
    while True:
        chunk = fh.readline(1 << 16)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_line(line: bytes, source: str, lineno: int) -> RawRecord | InputError:
    """One JSON Lines line -> RawRecord, or an InputError named ``source:lineno``."""
    where = f"{source}:{lineno}"
    try:
        text = decode_utf8(line, where).text
    except DecodeError as exc:
        return InputError(where, str(exc))
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(where, f"not JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, arrays nested 100k deep
        return InputError(where, f"not usable JSON: {type(exc).__name__}: {str(exc)[:200]}")
    if not isinstance(obj, dict):
        return InputError(where, f"not a JSON object (got {type(obj).__name__})")
    return record_from_object(obj, where)


def _clean(value: str) -> str:
    return strip_controls(strip_surrogates(value))


def record_from_object(obj: dict[str, Any], where: str) -> RawRecord | InputError:
    """Map the documented fields of one JSON object onto a RawRecord."""
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        content, kind, final = text, "text", True
    elif isinstance(html, str) and html.strip():
        content, kind, final = html, "html", False
    elif text is None and html is None:
        return InputError(where, 'no "text" or "html" field')
    else:
        return InputError(where, '"text"/"html" is empty or not a string')
    content = strip_controls(strip_surrogates(content))
    # Hints and ids reach SQLite, file names and pages: no lone surrogates or control characters.
    hints = {k: (None if obj.get(k) is None else _clean(str(obj[k]))) for k in _HINTS}
    rid = obj.get("id")
    return RawRecord(
        source=where,
        content=content,
        kind=kind,  # type: ignore[arg-type]
        record_id=None if rid is None or rid == "" else _clean(str(rid)),
        encoding="utf-8",
        text_is_final=final,
        **hints,
    )
