"""One partition: an input file through the per-input stages (read -> extract -> annotate).

A partition is the unit an engine runs, retries as a whole when its worker dies, and the
driver marks done in the store once all its articles are committed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from parallax.config import RunConfig
from parallax.model import Annotation, Article, InputError
from parallax.pipeline.stages import Annotate, Extract, Read

#: The per-partition task's options are the run's configuration (the name engines have always used).
PrepareOptions = RunConfig


@dataclass(slots=True)
class PreparedInput:
    """One input file after the per-article stages: its articles (+ annotations) and errors.

    ``errors`` (unreadable input, failed extraction) leave the input unfinished, so a rerun tries
    it again; ``annotation_errors`` do not: the article is stored without its annotation, and a
    rerun with annotation on fills it in.
    """

    path: str
    articles: list[Article] = field(default_factory=list)
    annotations: list[Annotation | None] | None = None
    errors: list[InputError] = field(default_factory=list)
    annotation_errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0


# One per worker process: loading the models once is what makes tasks cheap.
_STAGES: dict[str, object] = {}


def _shared(name: str, make: type) -> object:
    if name not in _STAGES:
        stage = make()
        warm_up = getattr(stage, "warm_up", None)
        if warm_up is not None:
            warm_up()  # outside the per-document guard: model loading is not a document's cost
        _STAGES[name] = stage
    return _STAGES[name]


def prepare_input(
    path: str,
    options: RunConfig,
    *,
    extract: Extract | None = None,
    annotate: Annotate | None = None,
) -> PreparedInput:
    """Read, extract (and, with ``options.annotate``, annotate) one input file; never raises for bad content.

    ``extract``/``annotate`` are the stages to use (default: this process's shared models, with
    the limits of ``options``).
    """
    t0 = time.perf_counter()
    out = PreparedInput(str(path))
    ex = extract or Extract(_shared("extractor", _extractor_class()), options.max_bytes, options.doc_timeout)
    for record in Read(options.reader_options()).run(path):
        item = record if isinstance(record, InputError) else ex.run(record)
        if isinstance(item, InputError):
            out.errors.append(item)
        else:
            out.articles.append(item)
    if options.annotate and out.articles:
        stage = annotate or Annotate(_shared("annotator", _annotator_class()), options.doc_timeout)
        out.annotations = []
        for done in stage.run(out.articles):
            if isinstance(done, InputError):
                out.annotation_errors.append(done)
                out.annotations.append(None)
            else:
                out.annotations.append(done)
    out.seconds = time.perf_counter() - t0
    return out


def _extractor_class() -> type:
    from parallax.extract import ArticleExtractor

    return ArticleExtractor


def _annotator_class() -> type:
    from parallax.nlp.annotator import Annotator

    return Annotator
