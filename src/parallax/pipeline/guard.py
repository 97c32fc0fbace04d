"""The per-document guard, written once: a time limit, failure -> ``InputError``, batch-then-retry.

Every stage that handles one document at a time runs it through ``guarded``; the
annotation stage, which works best on batches, runs a batch under the time of all its
documents and, when the batch fails, each document alone (``annotate_batch``), so one
bad article costs only itself.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from parallax.limits import (
    DEFAULT_MAX_CHARS,
    DocumentTimeout,
    check_size,
    doc_timeout,
    tame_markup,
    time_limit,
)
from parallax.model import Annotation, Article, InputError, RawRecord
from parallax.readers.encoding import strip_controls, strip_surrogates

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Articles annotated together (the tagger is fastest on batches).
ANNOTATE_BATCH = 32


def guarded(source: str, stage: str, limit: float | None, fn: Callable[[], T]) -> T | InputError:
    """``fn()`` under the time limit ``limit``; a timeout or an exception becomes an InputError."""
    try:
        with time_limit(limit):
            return fn()
    except DocumentTimeout:
        log.warning("%s: %s stopped after %s s (time limit)", source, stage, limit)
        return InputError(source, f"{stage} took longer than the time limit ({limit:g} s)")
    except Exception as exc:  # one bad document must not stop the run
        log.debug("%s failed for %s", stage, source, exc_info=True)
        return InputError(source, f"{stage} failed: {type(exc).__name__}: {exc}")


def resolve_timeout(timeout: float | None) -> float | None:
    """A negative ``timeout`` means the configured default (``parallax.limits.doc_timeout``)."""
    return doc_timeout() if timeout is not None and timeout < 0 else timeout


def extract_record(
    record: RawRecord,
    extractor: object | None = None,
    *,
    timeout: float | None = -1.0,
    max_chars: int | None = None,
) -> Article | InputError:
    """Extract one RawRecord; any failure becomes an InputError naming the source.

    ``timeout`` is the per-document time limit in seconds (default: ``parallax.limits.doc_timeout()``,
    30 s or ``PARALLAX_DOC_TIMEOUT``; None disables it); an over-long page becomes an InputError.
    ``max_chars`` caps the content (default ``parallax.limits.DEFAULT_MAX_CHARS``; the readers'
    ``max_bytes`` when they were given one, so ``--max-size`` holds end to end).
    """
    if extractor is None:
        from parallax.extract import ArticleExtractor

        extractor = ArticleExtractor()
    ex: Any = extractor

    def run() -> Article | InputError:
        check_size(record.content, max_chars or DEFAULT_MAX_CHARS)
        clean = clean_record(record)
        article: Article = ex.extract(clean)
        if not article.text.strip():  # nothing to read, cluster or quote: say so, don't store a blank
            return InputError(
                record.source, "no article text found (the page holds only markup or furniture)"
            )
        return article

    return guarded(record.source, "extraction", resolve_timeout(timeout), run)


def clean_record(record: RawRecord) -> RawRecord:
    """``record`` without NUL/control characters or lone surrogates (readers remove them; a record
    built by hand may carry them, and SQLite and lxml refuse them), and HTML without tags of
    thousands of attributes (``parallax.limits.tame_markup``)."""

    def clean(value: str | None) -> str | None:
        return strip_controls(strip_surrogates(value)) if value else value

    content = clean(record.content) or ""
    new = dataclasses.replace(
        record,
        content=tame_markup(content) if record.kind == "html" else content,
        record_id=clean(record.record_id),
        url=clean(record.url),
        title=clean(record.title),
        outlet=clean(record.outlet),
        published=clean(record.published),
    )
    return record if new == record else new


AnnotateMany = Callable[[list[Article]], Iterable[Annotation]]


def annotate_many_fn(annotator: object) -> AnnotateMany:
    """``annotator`` as a batch call: its ``annotate_many``, else its ``annotate`` (or itself) per article."""
    many = getattr(annotator, "annotate_many", None)
    if callable(many):
        return many
    one = getattr(annotator, "annotate", annotator)
    if not callable(one):
        raise TypeError(f"not an annotator: {annotator!r}")
    return lambda articles: [one(a) for a in articles]


def annotate_batch(
    many: AnnotateMany, batch: list[Article], limit: float | None
) -> list[Annotation | InputError]:
    """Annotate ``batch`` in one call; when that fails, each article alone (one bad article costs only itself)."""
    try:
        # The batch gets the time of all its documents; a slow one is then found one by one.
        with time_limit(limit and limit * len(batch)):
            return list(many(batch))
    except (Exception, DocumentTimeout):
        out: list[Annotation | InputError] = []
        for art in batch:
            one = guarded(art.source, "annotation", limit, lambda art=art: list(many([art])))  # type: ignore[misc]
            out.append(one if isinstance(one, InputError) else one[0])
        return out


def annotate_articles(
    articles: Iterable[Article | InputError], annotator: object, *, timeout: float | None = -1.0
) -> Iterator[Annotation | InputError]:
    """Annotate Articles in batches, in order (InputErrors pass through); a failing article becomes an InputError.

    ``timeout`` is the per-document time limit (negative: ``parallax.limits.doc_timeout()``; None: none).
    """
    many = annotate_many_fn(annotator)
    limit = resolve_timeout(timeout)
    batch: list[Article] = []
    for item in articles:
        if isinstance(item, InputError):
            yield item
            continue
        batch.append(item)
        if len(batch) >= ANNOTATE_BATCH:
            yield from annotate_batch(many, batch, limit)
            batch = []
    if batch:
        yield from annotate_batch(many, batch, limit)
