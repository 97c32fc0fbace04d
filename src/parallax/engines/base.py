"""The Engine protocol: what runs the per-input stages (``parallax.pipeline.partition``) over inputs.

A partition is one input file: the unit that is read, extracted and annotated
together, retried as a whole when its worker dies, and marked done in the store
once all its articles are committed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from parallax.config import RunConfig
from parallax.pipeline.partition import PreparedInput, PrepareOptions, prepare_input

__all__ = ["Engine", "PrepareOptions", "PreparedInput", "prepare_input"]


class Engine(Protocol):
    """Maps ``prepare_input`` over input files; yields results in the order of ``paths``."""

    name: str

    def map_inputs(self, paths: Sequence[Path], options: RunConfig) -> Iterator[PreparedInput]: ...

    def close(self) -> None: ...
