"""The facade: the library calls the shells (CLI, web app) use; nothing inside the library imports it.

Shells parse arguments, call one of these, and print; they hold no analysis. The calls
delegate downward (``parallax.pipeline`` runs the stages, ``parallax.read`` serves pages).
Each call yields model records; failures on one input become ``InputError``
records rather than exceptions, so a run always goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
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
    from parallax.config import RunConfig
    from parallax.digest import DigestRun
    from parallax.model import Digest
    from parallax.pipeline.report import IngestReport
    from parallax.read.pages import ArticlePage, EntityPage, SearchPage, StoryListPage, StoryPage
    from parallax.store import SearchHit, Store, StoryEntry

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
    from parallax.pipeline.stages import Extract

    stage = Extract(extractor, max_chars=max_bytes)
    for rec in read(inputs, max_bytes=max_bytes):
        yield rec if isinstance(rec, InputError) else stage.run(rec)


def extract_record(
    record: RawRecord,
    extractor: object | None = None,
    *,
    timeout: float | None = -1.0,
    max_chars: int | None = None,
) -> Article | InputError:
    """Extract one RawRecord; any failure becomes an InputError naming the source.

    ``timeout`` is the per-document time limit in seconds (default: ``parallax.limits.doc_timeout()``,
    30 s or ``PARALLAX_DOC_TIMEOUT``; None disables it). ``max_chars`` caps the content.
    """
    from parallax.pipeline.guard import extract_record as guarded_extract

    return guarded_extract(record, extractor, timeout=timeout, max_chars=max_chars)


def extract_articles(
    inputs: Iterable[PathLike], *, on_error: Callable[[InputError], None] | None = None
) -> list[Article]:
    """The Articles of ``inputs``; a failing input goes to ``on_error`` and is skipped."""
    articles: list[Article] = []
    for item in extract(inputs):
        if isinstance(item, InputError):
            if on_error:
                on_error(item)
        else:
            articles.append(item)
    return articles


def annotations_of(
    articles: list[Article],
    *,
    on_error: Callable[[InputError], None] | None = None,
    annotator: object | None = None,
) -> dict[str, Annotation]:
    """Article id -> Annotation of ``articles``; a failing article goes to ``on_error`` and is left out."""
    out: dict[str, Annotation] = {}
    for a in annotate_articles(articles, annotator=annotator):
        if isinstance(a, InputError):
            if on_error:
                on_error(a)
        else:
            out[a.article_id] = a
    return out


def warm_up(*, annotate: bool = True, meaning: bool = True) -> threading.Thread:
    """Start loading the models a one-shot command will need, in a background thread (returned).

    Their loads run in native code that releases the GIL, so they overlap the reading and
    extraction the command does first. A model that fails to load here fails again, with its
    message, where it is used.
    """

    def load() -> None:
        try:
            if annotate:
                from parallax.nlp.ner import default_tagger

                default_tagger()
            if meaning:
                from parallax.meaning import default_model

                default_model().load()
        except Exception as exc:  # reported where the model is used
            log.debug("warm-up: %s", exc)

    thread = threading.Thread(target=load, name="parallax-warm-up", daemon=True)
    thread.start()
    return thread


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
    if workers > 1 and annotator is None:
        from parallax.pipeline.parallel import annotate_parallel

        yield from annotate_parallel(articles, workers=workers)
        return
    from parallax.pipeline.guard import annotate_articles as guarded_annotate
    from parallax.pipeline.stages import Annotate

    yield from guarded_annotate(articles, Annotate(annotator).annotator)


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
    config: RunConfig | None = None,
    *,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Extract, dedup and cluster ``inputs`` into the store ``db``: incremental, idempotent, resumable.

    Finished inputs are skipped, articles are keyed by id, and work is committed in
    batches, so a rerun adds nothing and an interrupted run resumes. ``config``
    (``parallax.config.RunConfig``) says what the run does: ``annotate`` runs the
    language stage on new articles (stored, and used by clustering) and on stored
    articles that lack it; ``digests`` then builds every story's digest (what
    ``parallax ingest`` does). ``options`` are fields of ``RunConfig`` (``annotate=True``,
    ``batch_size``...) or of ``parallax.pipeline.driver.Ingester`` (extractor, annotator, engine...).
    """
    from parallax.config import RunConfig
    from parallax.pipeline.driver import ingest as run_ingest

    fields = {k: options.pop(k) for k in list(options) if k in RunConfig.__dataclass_fields__}
    config = dataclasses.replace(config or RunConfig(), **fields)
    if config.annotate and options.get("annotator") is None:
        try:
            from parallax.nlp.annotator import Annotator
        except ImportError as exc:
            from parallax.model import ParallaxError

            raise ParallaxError(f"the language stage is not available: {exc}") from exc
        options["annotator"] = Annotator()
    return run_ingest(inputs, db, config, on_progress=on_progress, on_error=on_error, **options)


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
    since: str | None = None,
) -> DigestRun:
    """Extract -> annotate -> cluster -> summarize/compare/timeline: one Digest per story.

    ``annotate=False`` skips the language stage (no quotes or timeline); ``one_story=True``
    skips clustering and treats all inputs as one story. ``since`` (ISO date): stories with articles
    published before and on/after it get an update digest of the newer ones. Failing inputs go to
    ``on_error`` and are skipped.
    """
    from parallax.digest import DigestBuilder, DigestRun

    articles = extract_articles(inputs, on_error=on_error)
    anns: dict[str, Annotation] = {}
    if annotate and articles:
        try:
            anns = annotations_of(articles, on_error=on_error, annotator=annotator)
        except Exception:  # the digest still works without the language stage
            log.warning("annotation unavailable; digest without quotes and timeline", exc_info=True)
    assignments = None
    if not one_story and len(articles) > 1:
        assignments = cluster(articles, [anns.get(a.id) for a in articles])
        _link_stories(assignments, anns)
    digests = DigestBuilder(max_words=max_words).digests(articles, anns, assignments, since=since)
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
    from parallax.read import pages

    return pages.story_list(store, **filters)


def story_digest(store: Store, story_id: str) -> Digest | None:
    """The digest of a story: the stored one while its members are unchanged, else built now
    (``parallax.read.digests.story_digest``)."""
    from parallax.read.digests import story_digest as read_digest

    entry = store.story(story_id)
    return None if entry is None else read_digest(store, entry)


def precompute_digests(
    db: PathLike | Store,
    *,
    max_articles: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Build and store the digest of every story without a current one (ingest calls this after
    a run); returns how many were built. ``max_articles`` bounds a large story's sample."""
    from parallax.pipeline.stages import Digest as DigestStage

    store = db if not isinstance(db, (str, os.PathLike)) else open_store(db)
    try:
        return DigestStage(max_articles).run(store, on_progress)
    finally:
        if store is not db:
            store.close()


def story_page(store: Store, story_id: str) -> StoryPage | None:
    """One story with its digest, entities and per-outlet view; retired ids follow their new story."""
    from parallax.read import pages
    from parallax.read.digests import story_digest as read_digest

    entry = store.story(story_id)
    if entry is None:
        return None
    return pages.story_page(store, entry, read_digest(store, entry))


def article_page(
    store: Store, article_id: str, highlight: tuple[int, int] | None = None
) -> ArticlePage | None:
    """One article with metadata, removed furniture, duplicates and its story."""
    from parallax.read import pages

    return pages.article_page(store, article_id, highlight)


def entity_page(store: Store, entity_id: str) -> EntityPage | None:
    """An entity's names, mentions (hence stories) and quotes."""
    from parallax.read import pages

    return pages.entity_page(store, entity_id)


def search_page(
    store: Store, query: str, limit: int = 20, *, advanced: bool = False, budget: float | None = None
) -> SearchPage:
    """Search results, or why the query was refused (400) or stopped (503); never an exception."""
    from parallax.read import pages

    return pages.search_page(store, query, limit, advanced=advanced, budget=budget)
