"""Load one single-document file (page dump or HTML page): bounded, checked, decoded."""

from __future__ import annotations

from pathlib import Path

from parallax.model import InputError
from parallax.readers.encoding import Decoded, DecodeError, decode, strip_controls
from parallax.readers.fileio import ReadError, read_bounded
from parallax.readers.options import ReaderOptions
from parallax.readers.sniff import binary_kind


def load_document(path: Path, options: ReaderOptions, *, markup: bool) -> Decoded | InputError:
    """The decoded text of ``path``, or an InputError saying why it cannot be used."""
    source = str(path)
    try:
        data = read_bounded(path, options.max_bytes)
    except ReadError as exc:
        return InputError(source, str(exc.args[0]))
    except OSError as exc:
        return InputError(source, f"cannot read: {exc.strerror or exc}")
    return decode_document(data, source, markup=markup)


def decode_document(
    data: bytes, source: str, *, markup: bool, declared: str | None = None
) -> Decoded | InputError:
    """Refuse empty and binary content, then decode."""
    if not data.strip():
        return InputError(source, "empty file" if not data else "empty file (only whitespace)")
    kind = binary_kind(data)
    if kind:
        return InputError(source, f"{kind}, not a text or HTML document")
    try:
        decoded = decode(data, declared=declared, source=source, markup=markup)
    except DecodeError as exc:
        return InputError(source, str(exc))
    text = strip_controls(decoded.text)
    if not text.strip():
        return InputError(source, "empty file (only whitespace)")
    return Decoded(text, decoded.encoding, decoded.replaced) if text != decoded.text else decoded
