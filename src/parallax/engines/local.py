"""The local engine: partitions run one after another in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from parallax.engines.base import PreparedInput, PrepareOptions, prepare_input


class LocalEngine:
    """In-process, sequential: the reference every other engine must match."""

    name = "local"

    def map_inputs(self, paths: Sequence[Path], options: PrepareOptions) -> Iterator[PreparedInput]:
        for path in paths:
            yield prepare_input(str(path), options)

    def close(self) -> None:
        pass
