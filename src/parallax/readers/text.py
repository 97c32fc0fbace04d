"""Plain-text page dumps (``.txt``): one document per file, kind ``text``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parallax.model import InputError, RawRecord
from parallax.readers.document import load_document
from parallax.readers.options import ReaderOptions


def read_text(path: Path, options: ReaderOptions) -> Iterator[RawRecord | InputError]:
    """Yield the page dump in ``path`` (gzip allowed)."""
    doc = load_document(path, options, markup=False)
    if isinstance(doc, InputError):
        yield doc
        return
    yield RawRecord(source=str(path), content=doc.text, kind="text", encoding=doc.encoding)
