"""The per-partition task and the Engine protocol.

A partition is one input file: the unit that is read, extracted and annotated
together, retried as a whole when its worker dies, and marked done in the store
once all its articles are committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from parallax.model import Annotation, Article, InputError

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class PrepareOptions:
    """What the per-partition task does besides extraction."""

    annotate: bool = False
    max_bytes: int | None = None


@dataclass(slots=True)
class PreparedInput:
    """One input file after the per-article stages: its articles (+ annotations) and errors."""

    path: str
    articles: list[Article] = field(default_factory=list)
    annotations: list[Annotation | None] | None = None
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0


_ANNOTATOR = None


def _annotator() -> Any:
    # One annotator per worker process: loading the models once is what makes tasks cheap.
    global _ANNOTATOR
    if _ANNOTATOR is None:
        from parallax.nlp.annotator import Annotator

        _ANNOTATOR = Annotator()
    return _ANNOTATOR


def prepare_input(path: str, options: PrepareOptions) -> PreparedInput:
    """Read, extract (and annotate) one input file; never raises for bad content."""
    import time

    from parallax import api

    t0 = time.perf_counter()
    out = PreparedInput(str(path))
    for item in api.extract([path], max_bytes=options.max_bytes):
        if isinstance(item, InputError):
            out.errors.append(item)
        else:
            out.articles.append(item)
    if options.annotate and out.articles:
        annotator = _annotator()
        anns: list[Annotation | None] = []
        for done in api.annotate_articles(out.articles, annotator=annotator):
            if isinstance(done, InputError):
                out.errors.append(done)
                anns.append(None)
            else:
                anns.append(done)
        out.annotations = anns
    out.seconds = time.perf_counter() - t0
    return out


class Engine(Protocol):
    """Maps ``prepare_input`` over input files; yields results in the order of ``paths``."""

    name: str

    def map_inputs(self, paths: Sequence[Path], options: PrepareOptions) -> Iterator[PreparedInput]: ...

    def close(self) -> None: ...
