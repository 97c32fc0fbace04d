"""The stages of a run, each a small object with one method, ``run``, in the order data flows.

``Read`` -> ``Extract`` -> ``Annotate`` work on one input's documents (on any engine);
``Assign`` (near-duplicates + story) and ``Digest`` work on the whole store (in the driver).
The per-document guard (``parallax.pipeline.guard``) is under the first three: a document's
failure or slowness is an ``InputError`` in the output, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallax.model import Annotation, Article, InputError, RawRecord
from parallax.pipeline.guard import annotate_articles, extract_record
from parallax.readers import ReaderOptions, read_inputs

if TYPE_CHECKING:
    from parallax.store import Store


class Read:
    """Input path -> its documents as RawRecords (an unreadable one as an InputError)."""

    def __init__(self, options: ReaderOptions | None = None) -> None:
        self.options = options

    def run(self, path: str | Path) -> Iterator[RawRecord | InputError]:
        return read_inputs([path], self.options)


class Extract:
    """RawRecord -> Article, under the per-document guard.

    ``max_chars`` caps the content (the readers' ``max_bytes``, so ``--max-size`` holds end to end);
    ``timeout`` is the per-document time limit (negative: the configured default; None: none).
    """

    def __init__(
        self, extractor: object | None = None, max_chars: int | None = None, timeout: float | None = -1.0
    ) -> None:
        if extractor is None:
            from parallax.extract import ArticleExtractor

            extractor = ArticleExtractor()
        self.extractor = extractor
        self.max_chars = max_chars
        self.timeout = timeout

    def run(self, record: RawRecord) -> Article | InputError:
        return extract_record(record, self.extractor, timeout=self.timeout, max_chars=self.max_chars)


class Annotate:
    """Articles -> their Annotations, in order and in batches (a failing article is an InputError).

    ``annotator`` is ``parallax.nlp.Annotator`` (``annotate_many``) or any ``Article -> Annotation``;
    None loads the shipped models on first use (once per process). ``timeout`` as for ``Extract``.
    """

    def __init__(self, annotator: object | None = None, timeout: float | None = -1.0) -> None:
        self._annotator = annotator
        self.timeout = timeout

    @property
    def annotator(self) -> object:
        if self._annotator is None:
            from parallax.nlp.annotator import Annotator

            self._annotator = Annotator()
        return self._annotator

    def run(self, articles: list[Article]) -> list[Annotation | InputError]:
        return list(annotate_articles(articles, self.annotator, timeout=self.timeout))


class Assign:
    """Article (+ annotation) -> its Assignment: near-duplicate check, then its story (stable ids).

    ``assigner`` is a ``parallax.stories.StoryAssigner`` (or anything with ``add``).
    """

    def __init__(self, assigner: Any) -> None:
        self.assigner = assigner

    def run(self, article: Article, annotation: Annotation | None) -> Any:
        return self.assigner.add(article, annotation)


class Digest:
    """Store -> a current digest for every story lacking one; returns how many were built."""

    def __init__(self, max_articles: int | None = None) -> None:
        self.max_articles = max_articles

    def run(self, store: Store, on_progress: Callable[[int, int], None] | None = None) -> int:
        from parallax.digest.precompute import DEFAULT_MAX_ARTICLES, precompute_digests

        return precompute_digests(
            store, max_articles=self.max_articles or DEFAULT_MAX_ARTICLES, on_progress=on_progress
        )
