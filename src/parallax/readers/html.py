"""HTML pages (``.html``, ``.htm``, gzip allowed): one document per file, kind ``html``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parallax.model import InputError, RawRecord
from parallax.readers.document import load_document
from parallax.readers.options import ReaderOptions


def read_html(path: Path, options: ReaderOptions) -> Iterator[RawRecord | InputError]:
    """Yield the page in ``path``; its ``<meta charset>`` is honoured."""
    doc = load_document(path, options, markup=True)
    if isinstance(doc, InputError):
        yield doc
        return
    yield RawRecord(source=str(path), content=doc.text, kind="html", encoding=doc.encoding)
