"""Read one file of any supported format (placeholder dispatch, hardened in readers work)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parallax.model import InputError, RawRecord


def read_file(path: Path) -> Iterator[RawRecord | InputError]:
    """Yield the documents in ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    text = data.decode("utf-8", errors="replace")
    kind = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
    yield RawRecord(source=str(path), content=text, kind=kind)  # type: ignore[arg-type]
