"""The input files of a run and their identities (a finished input with the same identity is skipped)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from parallax.readers.dispatch import input_files
from parallax.store.store import InputMarker

__all__ = ["input_files", "input_marker"]


def input_marker(path: Path) -> InputMarker:
    """Path, size, mtime and SHA-256 of the file at ``path`` (raises OSError when unreadable)."""
    st = path.stat()
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return InputMarker(str(path.resolve()), st.st_size, st.st_mtime_ns, h.hexdigest())
