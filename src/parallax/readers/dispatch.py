"""Pick a reader per input path (by name, then by sniffing the first bytes)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from parallax.model import InputError, RawRecord


def _iter_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(root) / name
    else:
        yield path


def read_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[RawRecord | InputError]:
    """Yield records (and errors) for every document under ``inputs``, in a stable order."""
    from parallax.readers.files import read_file

    for item in inputs:
        path = Path(item)
        if not path.exists():
            yield InputError(str(item), "no such file or directory")
            continue
        for file in _iter_files(path):
            yield from read_file(file)
