"""The local engine: partitions run one after another in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from parallax.config import RunConfig
from parallax.pipeline.partition import PreparedInput, prepare_input
from parallax.pipeline.stages import Annotate, Extract


class LocalEngine:
    """In-process, sequential: the reference every other engine must match.

    ``extract``/``annotate`` are the stages to run (default: this process's shared ones).
    """

    name = "local"

    def __init__(self, extract: Extract | None = None, annotate: Annotate | None = None) -> None:
        self.extract = extract
        self.annotate = annotate

    def map_inputs(self, paths: Sequence[Path], options: RunConfig) -> Iterator[PreparedInput]:
        for path in paths:
            yield prepare_input(str(path), options, extract=self.extract, annotate=self.annotate)

    def close(self) -> None:
        pass
