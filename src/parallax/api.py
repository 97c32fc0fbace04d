"""The library calls every shell (CLI, web app, distributed runner) uses.

Shells parse arguments, call one of these, and print; they hold no analysis.
Each call yields model records; failures on one input become ``InputError``
records rather than exceptions, so a run always goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from parallax.model import (
    Annotation,
    Article,
    Assignment,
    Comparison,
    InputError,
    RawRecord,
    SummarySentence,
)

if TYPE_CHECKING:
    from parallax.digest import DigestRun
    from parallax.model import Digest
    from parallax.pages import ArticlePage, EntityPage, SearchPage, StoryListPage, StoryPage
    from parallax.store import IngestReport, SearchHit, Store, StoryEntry

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
        yield extract_record(rec, ex, max_chars=max_bytes)


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
    from parallax.extract import ArticleExtractor
    from parallax.limits import DEFAULT_MAX_CHARS, DocumentTimeout, check_size, doc_timeout, time_limit

    ex = extractor or ArticleExtractor()
    limit = doc_timeout() if timeout is not None and timeout < 0 else timeout
    try:
        check_size(record.content, max_chars or DEFAULT_MAX_CHARS)
        record = _clean_record(record)
        with time_limit(limit):
            article: Article = ex.extract(record)  # type: ignore[attr-defined]
        if not article.text.strip():  # nothing to read, cluster or quote: say so, don't store a blank
            return InputError(
                record.source, "no article text found (the page holds only markup or furniture)"
            )
        return article
    except DocumentTimeout:
        log.warning("%s: extraction stopped after %s s (time limit)", record.source, limit)
        return InputError(record.source, f"extraction took longer than the time limit ({limit:g} s)")
    except Exception as exc:  # one bad page must not stop the run
        log.debug("extraction failed for %s", record.source, exc_info=True)
        return InputError(record.source, f"extraction failed: {type(exc).__name__}: {exc}")


def _clean_record(record: RawRecord) -> RawRecord:
    """``record`` without NUL/control characters or lone surrogates (readers remove them; a record
    built by hand may carry them, and SQLite and lxml refuse them), and HTML without tags of
    thousands of attributes (``parallax.limits.tame_markup``)."""
    import dataclasses

    from parallax.limits import tame_markup
    from parallax.readers.encoding import strip_controls, strip_surrogates

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


def outlet_name(article: Any) -> str:
    """The readable name of an article's (or article ref's) outlet, the same in every command."""
    from parallax.outlets import name_of

    return name_of(article)


def use_outlets(path: PathLike | None) -> None:
    """Name outlets from the user file ``path`` (TOML or CSV) as well; raises OutletFileError."""
    from parallax.outlets import use_file

    use_file(path)


def annotate(
    inputs: Iterable[PathLike],
    *,
    annotator: object | None = None,
    max_bytes: int | None = None,
    workers: int = 1,
) -> Iterator[Annotation | InputError]:
    """Read and extract ``inputs``, then annotate each article (sentences, entities, quotes, times).

    ``workers`` > 1 annotates in that many processes (same results, same order).
    """
    articles = (a for a in extract(inputs, max_bytes=max_bytes))
    return annotate_articles(articles, annotator=annotator, workers=workers)


def annotate_articles(
    articles: Iterable[Article | InputError], *, annotator: object | None = None, workers: int = 1
) -> Iterator[Annotation | InputError]:
    """Annotate Articles (InputErrors pass through); a failing article becomes an InputError.

    ``workers`` > 1 (without an ``annotator`` of the caller's) annotates in worker processes.
    """
    from parallax.limits import DocumentTimeout, doc_timeout, time_limit
    from parallax.nlp.annotator import Annotator

    if workers > 1 and annotator is None:
        from parallax.nlp.parallel import annotate_parallel

        yield from annotate_parallel(articles, workers=workers)
        return
    ann = annotator or Annotator()
    batch: list[Article] = []

    limit = doc_timeout()

    def flush() -> Iterator[Annotation | InputError]:
        try:
            # The batch gets the time of all its documents; a slow one is then found one by one.
            with time_limit(limit and limit * len(batch)):
                done = list(ann.annotate_many(batch))  # type: ignore[attr-defined]
        except (Exception, DocumentTimeout):  # one bad article must not stop the run: retry one by one
            done = None
        if done is not None:
            yield from done
        else:
            for art in batch:
                yield _annotate_one(ann, art, limit)
        batch.clear()

    for item in articles:
        if isinstance(item, InputError):
            yield item
            continue
        batch.append(item)
        if len(batch) >= 32:
            yield from flush()
    if batch:
        yield from flush()


def _annotate_one(ann: object, art: Article, limit: float | None) -> Annotation | InputError:
    """Annotate one article under the per-document time limit; a failure becomes an InputError."""
    from parallax.limits import DocumentTimeout, time_limit

    try:
        with time_limit(limit):
            return ann.annotate(art)  # type: ignore[attr-defined]
    except DocumentTimeout:
        log.warning("%s: annotation stopped after %s s (time limit)", art.source, limit)
        return InputError(art.source, f"annotation took longer than the time limit ({limit:g} s)")
    except Exception as exc:
        log.debug("annotation failed for %s", art.source, exc_info=True)
        return InputError(art.source, f"annotation failed: {type(exc).__name__}: {exc}")


def cluster(
    articles: Iterable[Article], annotations: Iterable[Annotation | None] | None = None
) -> list[Assignment]:
    """One-shot dedup + story clustering: one Assignment (story id, duplicate) per article, in order.

    For incremental use keep a ``parallax.stories.StoryAssigner`` (and its ``to_bytes`` state).
    """
    from parallax.stories import cluster_articles

    return cluster_articles(articles, annotations)


def open_store(db: PathLike, *, readonly: bool = False) -> Store:
    """The parallax SQLite store at ``db`` (created and migrated unless ``readonly``)."""
    from parallax.store import Store

    return Store(db, readonly=readonly)


def ingest(
    inputs: Iterable[PathLike],
    db: PathLike | Store,
    *,
    recluster: bool = True,
    annotate: bool = False,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Extract, dedup and cluster ``inputs`` into the store ``db``: incremental, idempotent, resumable.

    Finished inputs are skipped, articles are keyed by id, and work is committed in
    batches, so a rerun adds nothing and an interrupted run resumes. ``annotate``
    runs the language stage on new articles (stored, and used by clustering).
    ``options`` go to ``parallax.store.ingest.Ingester`` (batch_size, extractor, annotator, ...).
    """
    from parallax.store import ingest as store_ingest

    if annotate and options.get("annotator") is None:
        try:
            from parallax.nlp.annotator import Annotator
        except ImportError as exc:
            from parallax.model import ParallaxError

            raise ParallaxError(f"the language stage is not available: {exc}") from exc
        options["annotator"] = Annotator()

    return store_ingest(
        inputs, db, recluster=recluster, on_progress=on_progress, on_error=on_error, **options
    )


def export(
    db: PathLike, out_dir: PathLike, fmt: str = "jsonl", tables: Iterable[str] | None = None
) -> dict[str, tuple[Any, int]]:
    """Write the store's tables (articles, stories, quotes, entities, claims) to ``out_dir`` as
    ``csv``, ``jsonl`` or ``parquet``; table -> (path, rows). Raises ExportError, StoreError."""
    from parallax.export import export as run_export

    with open_store(db, readonly=True) as store:
        return run_export(store, out_dir, fmt, tables)


def stories(db: PathLike | Store, **options: Any) -> list[StoryEntry]:
    """Stories in the store with their articles and outlets (options: order, limit, offset, outlet)."""
    store = db if not isinstance(db, (str, os.PathLike)) else open_store(db, readonly=True)
    try:
        return store.stories(**options)
    finally:
        if store is not db:
            store.close()


def search(
    db: PathLike | Store,
    query: str,
    *,
    limit: int = 20,
    advanced: bool = False,
    budget: float | None = None,
) -> list[SearchHit]:
    """Full-text search over article titles and texts, with highlighted snippets.

    The query is words and "quoted phrases" (never a syntax error); ``advanced`` reads it as
    raw FTS5 syntax instead.
    Raises ``parallax.store.SearchQueryError`` for a query too long, of too many words, or
    that FTS5 rejects, and ``SearchTimeout`` past ``budget`` seconds (both ``ParallaxError``).
    """
    store = db if not isinstance(db, (str, os.PathLike)) else open_store(db, readonly=True)
    try:
        return store.search(query, limit, literal=not advanced, budget=budget)
    finally:
        if store is not db:
            store.close()


def summarize(
    articles: Iterable[Article],
    *,
    max_words: int = 200,
    annotations: Iterable[Annotation] | None = None,
) -> list[SummarySentence]:
    """Cited extractive summary of ``articles`` taken as one story, at most ``max_words`` words."""
    from parallax.digest import Summarizer

    anns = {a.article_id: a for a in annotations or ()}
    return Summarizer().summarize(list(articles), max_words, anns)


def compare(
    articles: Iterable[Article], *, annotations: Iterable[Annotation] | None = None, story_id: str = ""
) -> Comparison:
    """Cross-source comparison of ``articles`` taken as one story (shared, unique, contradictions, framing)."""
    from parallax.digest import Comparer

    anns = {a.article_id: a for a in annotations or ()}
    return Comparer().compare(list(articles), anns, story_id)


def digest(
    inputs: Iterable[PathLike],
    *,
    max_words: int = 150,
    annotate: bool = True,
    one_story: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    annotator: object | None = None,
) -> DigestRun:
    """Extract -> annotate -> cluster -> summarize/compare/timeline: one Digest per story.

    ``annotate=False`` skips the language stage (no quotes or timeline); ``one_story=True``
    skips clustering and treats all inputs as one story. Failing inputs go to ``on_error`` and are skipped.
    """
    from parallax.digest import DigestBuilder, DigestRun

    articles: list[Article] = []
    for item in extract(inputs):
        if isinstance(item, InputError):
            if on_error:
                on_error(item)
        else:
            articles.append(item)
    anns: dict[str, Annotation] = {}
    if annotate and articles:
        try:
            for a in annotate_articles(articles, annotator=annotator):
                if isinstance(a, InputError):
                    if on_error:
                        on_error(a)
                else:
                    anns[a.article_id] = a
        except Exception:  # the digest still works without the language stage
            log.warning("annotation unavailable; digest without quotes and timeline", exc_info=True)
    assignments = None
    if not one_story and len(articles) > 1:
        assignments = cluster(articles, [anns.get(a.id) for a in articles])
        _link_stories(assignments, anns)
    digests = DigestBuilder(max_words=max_words).digests(articles, anns, assignments)
    return DigestRun(digests, articles, anns)


def _link_stories(assignments: list[Assignment], anns: dict[str, Annotation]) -> None:
    """Link entity ids (and quote speakers) across the articles of each story."""
    try:
        from parallax.nlp.annotator import link_story
    except ImportError:
        return
    groups: dict[str, list[Annotation]] = {}
    for asg in assignments:
        if asg.article_id in anns:
            groups.setdefault(asg.story_id, []).append(anns[asg.article_id])
    for group in groups.values():
        if len(group) > 1:
            link_story(group)


def write_report(run: DigestRun, out_dir: PathLike) -> list[str]:
    """Write ``index.html`` (+ one page per story), ``stories.md`` and ``stories.json`` into ``out_dir``."""
    from parallax.report import write_report as _write

    return [str(p) for p in _write(run, out_dir)]


# -- read-side pages (web app and CLI JSON) -------------------------------------


def story_list(store: Store, **filters: Any) -> StoryListPage:
    """A page of stories (filters: order, outlet, entity, since, until, offset, limit)."""
    from parallax import pages

    return pages.story_list(store, **filters)


def story_digest(store: Store, story_id: str) -> Digest | None:
    """The digest of a story: the stored one while its members are unchanged, else built now.

    Ingest precomputes digests (``precompute_digests``), so building here is the exception
    (a store ingested with ``--no-digests``, or changed since). A digest built here is
    stored when the store is writable and kept in a small per-process cache otherwise, so
    a read-only web app builds each one once. A large story is digested from a sample of
    its most central articles (``Digest.sample``), which bounds the wait.
    """
    entry = store.story(story_id)
    return None if entry is None else _story_digest(store, entry)


def _story_digest(store: Store, entry: StoryEntry) -> Digest:
    from parallax.store.store import members_key

    sid = entry.story.id
    stored = store.digest(sid, current_only=True)
    if stored is not None:
        return stored
    key = (store.path, sid, members_key(entry.story.article_ids))
    if key in _DIGEST_CACHE:
        return _DIGEST_CACHE[key]
    # Imported here: the digest stages take seconds to load, and a stored digest needs none.
    from parallax.digest.precompute import build_story_digest

    digest = build_story_digest(store, entry)
    if store.readonly:
        if len(_DIGEST_CACHE) >= 256:
            _DIGEST_CACHE.pop(next(iter(_DIGEST_CACHE)))
        _DIGEST_CACHE[key] = digest
    else:
        store.put_digest(digest)
    return digest


_DIGEST_CACHE: dict[tuple[str, str, str], Digest] = {}


def precompute_digests(
    db: PathLike | Store,
    *,
    max_articles: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Build and store the digest of every story without a current one (ingest calls this after
    a run); returns how many were built. ``max_articles`` bounds a large story's sample."""
    from parallax.digest.precompute import DEFAULT_MAX_ARTICLES
    from parallax.digest.precompute import precompute_digests as _precompute

    store = db if not isinstance(db, (str, os.PathLike)) else open_store(db)
    try:
        return _precompute(store, max_articles=max_articles or DEFAULT_MAX_ARTICLES, on_progress=on_progress)
    finally:
        if store is not db:
            store.close()


def story_page(store: Store, story_id: str) -> StoryPage | None:
    """One story with its digest, entities and per-outlet view; retired ids follow their new story."""
    from parallax import pages

    entry = store.story(story_id)
    if entry is None:
        return None
    return pages.story_page(store, entry, _story_digest(store, entry))


def article_page(
    store: Store, article_id: str, highlight: tuple[int, int] | None = None
) -> ArticlePage | None:
    """One article with metadata, removed furniture, duplicates and its story."""
    from parallax import pages

    return pages.article_page(store, article_id, highlight)


def entity_page(store: Store, entity_id: str) -> EntityPage | None:
    """An entity's names, mentions (hence stories) and quotes."""
    from parallax import pages

    return pages.entity_page(store, entity_id)


def search_page(
    store: Store, query: str, limit: int = 20, *, advanced: bool = False, budget: float | None = None
) -> SearchPage:
    """Search results, or why the query was refused (400) or stopped (503); never an exception."""
    from parallax import pages

    return pages.search_page(store, query, limit, advanced=advanced, budget=budget)
