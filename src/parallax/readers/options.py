"""Reader settings shared by every format."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Default cap on one document's decoded size (a page, a JSON line, a WARC record body).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How much one document may weigh and what a directory walk skips."""

    #: Larger documents are reported as InputError without being parsed.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Skip files and folders whose name starts with a dot when walking a directory.
    skip_hidden: bool = True
    #: Seconds a reader may spend on one document (None: no limit; negative: ``PARALLAX_DOC_TIMEOUT`` or 30 s).
    doc_timeout: float | None = -1.0


def parse_size(text: str) -> int:
    """``"20MB"``, ``"512k"``, ``"1048576"`` -> bytes (binary units)."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r} (examples: 20MB, 512k, 1048576)")
    value = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if value <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return value


def format_size(n: int) -> str:
    """Bytes -> short human size for messages (``20 MB``)."""
    for unit, div in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if n >= div:
            value = n / div
            return f"{value:.0f} {unit}" if value >= 10 or value.is_integer() else f"{value:.1f} {unit}"
    return f"{n} bytes"
