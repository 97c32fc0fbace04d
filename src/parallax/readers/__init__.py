"""Readers: turn input paths (files, folders, archives, feeds) into RawRecords.

Each reader yields ``RawRecord`` for every document it finds and ``InputError``
for every one it cannot read; a bad input never stops the others.
"""

from parallax.readers.dispatch import read_inputs

__all__ = ["read_inputs"]
