"""The library calls every shell (CLI, web app, distributed runner) uses.

Shells parse arguments, call one of these, and print; they hold no analysis.
Each call yields model records; failures on one input become ``InputError``
records rather than exceptions, so a run always goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from parallax.model import Article, InputError, RawRecord

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


def read(inputs: Iterable[PathLike], *, max_bytes: int | None = None) -> Iterator[RawRecord | InputError]:
    """Every document under ``inputs`` as a RawRecord (or an InputError).

    ``max_bytes`` caps one document's size (default ``parallax.readers.DEFAULT_MAX_BYTES``).
    """
    from parallax.readers import ReaderOptions, read_inputs

    return read_inputs(inputs, ReaderOptions(max_bytes=max_bytes) if max_bytes else None)


def extract(
    inputs: Iterable[PathLike], *, extractor: object | None = None, max_bytes: int | None = None
) -> Iterator[Article | InputError]:
    """Read ``inputs`` and extract one Article per document."""
    from parallax.extract import ArticleExtractor

    ex = extractor or ArticleExtractor()
    for rec in read(inputs, max_bytes=max_bytes):
        if isinstance(rec, InputError):
            yield rec
            continue
        yield extract_record(rec, ex)


def extract_record(record: RawRecord, extractor: object | None = None) -> Article | InputError:
    """Extract one RawRecord; any failure becomes an InputError naming the source."""
    from parallax.extract import ArticleExtractor

    ex = extractor or ArticleExtractor()
    try:
        return ex.extract(record)  # type: ignore[attr-defined,no-any-return]
    except Exception as exc:  # one bad page must not stop the run
        log.debug("extraction failed for %s", record.source, exc_info=True)
        return InputError(record.source, f"extraction failed: {type(exc).__name__}: {exc}")
