"""Readers: turn input paths (files, folders, archives, feeds) into RawRecords.

Each reader yields ``RawRecord`` for every document it finds and ``InputError``
for every one it cannot read; a bad input never stops the others. Formats are
told by content first (gzip magic, ``WARC/``, ``<rss``/``<feed``, ``<html``,
``{`` per line), then by name; see :mod:`parallax.readers.sniff`.
"""

from parallax.readers.dispatch import read_file, read_inputs
from parallax.readers.options import DEFAULT_MAX_BYTES, ReaderOptions, parse_size

__all__ = ["DEFAULT_MAX_BYTES", "ReaderOptions", "parse_size", "read_file", "read_inputs"]
