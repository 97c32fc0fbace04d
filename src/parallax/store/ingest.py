"""Incremental, idempotent, resumable ingest: inputs -> articles, duplicates, stories in a Store.

Each input file is extracted, each new article (by id) is handed to the story
assigner, and the results are committed in batches. One batch commits, in one
transaction, its articles, duplicates and memberships and the inputs whose
articles are all in. The assigner's whole state is saved only now and then (when
the store has grown by ``snapshot_growth`` since the last snapshot, and at the
end of a run), with the number of articles it covers: the assigner is
deterministic, so the state after the articles stored since then is rebuilt by
feeding them again, in storage order. So a run killed at any point resumes from
the last commit: finished inputs are skipped, a half-done input is read again
and its stored articles are recognised by id, and the assigner carries on from
the snapshot plus the replayed articles, exactly where the killed run was.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from parallax.display import plural
from parallax.engines.base import Engine, PreparedInput, PrepareOptions
from parallax.model import Annotation, Article, InputError
from parallax.readers.dispatch import walk
from parallax.store.errors import StoreError
from parallax.store.store import InputMarker, Store

#: Side file holding the single-writer lock of a store.
LOCK_SUFFIX = ".lock"
#: Assigner-state row holding how many stored articles (in storage order) the snapshot covers.
COVERED = "default.articles"
#: Articles in the store when its stories were last consolidated (a killed run leaves it stale).
CONSOLIDATED = "default.consolidated"

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


class AssignmentLike(Protocol):
    article_id: str
    story_id: str
    duplicate: Any  # parallax.model.Duplicate | None


class Assigner(Protocol):
    """What ingest needs of ``parallax.stories.StoryAssigner``."""

    def add(self, article: Article, annotation: Annotation | None = None) -> Any: ...

    def stories(self) -> list[Any]: ...

    def to_bytes(self) -> bytes: ...

    def recluster(self) -> dict[str, str]: ...


AssignerFactory = Callable[[bytes | None], Assigner]
#: An annotator: ``parallax.nlp.annotator.Annotator`` (``annotate_many``) or any ``Article -> Annotation``.
Annotator = Any


def default_assigner_factory(state: bytes | None) -> Assigner:
    """``parallax.stories.StoryAssigner``, restored from ``state`` when given."""
    from parallax.stories import StoryAssigner

    if state is None:
        return StoryAssigner()
    return StoryAssigner.from_bytes(state)


@dataclass
class IngestReport:
    """What one ingest run did."""

    inputs_total: int = 0  #: input files found under the paths given
    inputs_done: int = 0  #: input files finished in this run
    inputs_skipped: int = 0  #: unchanged inputs finished by an earlier run
    inputs_failed: int = 0  #: inputs with at least one error (left unfinished: retried next run)
    read: int = 0  #: articles extracted in this run
    new: int = 0  #: articles stored for the first time
    already_stored: int = 0  #: articles whose id was already stored
    duplicates: int = 0  #: new articles that copy an earlier one
    errors: int = 0  #: input errors (also recorded in the store)
    articles_total: int = 0  #: articles in the store after the run
    stories_total: int = 0  #: stories in the store after the run
    batches: int = 0  #: commits made
    seconds: float = 0.0
    error_list: list[InputError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "error_list"}
        d["error_list"] = [{"source": e.source, "reason": e.reason} for e in self.error_list]
        return d

    def summary(self) -> str:
        return (
            f"{plural(self.inputs_total, 'input')} ({self.inputs_skipped} already done, "
            f"{self.inputs_failed} failed), {plural(self.read, 'article')} read, {self.new} new, "
            f"{plural(self.duplicates, 'duplicate')}, {self.already_stored} already stored, "
            f"{plural(self.errors, 'error')}; store: {plural(self.articles_total, 'article')}, "
            f"{plural(self.stories_total, 'story')} ({self.seconds:.1f}s)"
        )


def iter_input_files(inputs: Iterable[PathLike]) -> Iterator[Path | InputError]:
    """Files under ``inputs`` (folders recursively, hidden files skipped) in a stable order."""
    for item in inputs:
        path = Path(item)
        if not path.exists():
            yield InputError(str(item), "no such file or directory")
        elif path.is_dir():
            yield from walk(path)
        else:
            yield path


def input_marker(path: Path) -> InputMarker:
    st = path.stat()
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return InputMarker(str(path.resolve()), st.st_size, st.st_mtime_ns, h.hexdigest())


@dataclass
class _Pending:
    article: Article
    story_id: str
    duplicate: Any
    annotation: Annotation | None


class Ingester:
    """Runs ingest into one Store; the only writer while it runs.

    Commits happen every ``batch_size`` new articles (cheap: no assigner state).
    The assigner state is snapshotted when the store has grown by ``snapshot_growth``
    (a share) since the last snapshot, so snapshots cost O(corpus) over a whole run,
    and at the end of the run.
    """

    def __init__(
        self,
        store: Store,
        *,
        assigner_factory: AssignerFactory | None = None,
        extractor: object | None = None,
        annotator: Annotator | None = None,
        engine: Engine | None = None,
        max_bytes: int | None = None,
        batch_size: int = 200,
        snapshot_growth: float = 0.5,
    ) -> None:
        self.store = store
        self.factory = assigner_factory or default_assigner_factory
        if extractor is None:
            from parallax.extract import ArticleExtractor

            extractor = ArticleExtractor()
        self.extractor = extractor
        self.max_bytes = max_bytes
        #: Runs the per-input stages (``parallax.engines``); None: extract here, annotate in batches.
        self.engine = engine
        self.annotator = annotator
        self._given: dict[str, Annotation] = {}
        self._annotate_many = _annotate_many_fn(annotator)
        # Annotators work best on batches; without one, articles go to the assigner one by one.
        self._queue_size = 32 if annotator is not None else 1
        self._queue: list[Article] = []
        self._report = IngestReport()
        self._on_error: Callable[[InputError], None] | None = None
        self.batch_size = batch_size
        self.snapshot_growth = snapshot_growth
        self._covered: int | None = None  # articles covered by the saved snapshot (None: unknown)
        self._assigner: Assigner | None = None
        self._pending: list[_Pending] = []
        self._pending_ids: set[str] = set()
        self._pending_errors: list[InputError] = []
        self._pending_done: list[tuple[InputMarker, int]] = []

    @property
    def assigner(self) -> Assigner:
        """The story assigner, restored from the store on first use (a rerun with nothing new never loads it)."""
        if self._assigner is None:
            self._assigner = self._load_assigner()
        return self._assigner

    def _load_assigner(self) -> Assigner:
        state = self.store.load_assigner_state()
        if state is not None:
            try:
                assigner = self.factory(state)
            except Exception:
                log.warning(
                    "stored story-assigner state is unusable; re-clustering stored articles", exc_info=True
                )
            else:
                covered = self._stored_covered()
                self._covered = covered
                if covered is not None and covered < self.store.count_articles():
                    self._catch_up(assigner, covered)
                return assigner
        assigner = self.factory(None)
        if self.store.count_articles():
            self._replay(assigner)
        return assigner

    def _stored_covered(self) -> int | None:
        """Articles the saved snapshot covers (None: saved by a version that snapshotted every batch)."""
        raw = self.store.load_assigner_state(COVERED)
        try:
            return int(raw.decode("ascii")) if raw is not None else None
        except ValueError:
            return None

    def _catch_up(self, assigner: Assigner, covered: int) -> None:
        """Feed the articles stored after the snapshot again, in storage order (what the live run did)."""
        moved: dict[str, tuple[str, str | None]] = {}
        for k, article in enumerate(self.store.iter_articles()):
            if k < covered:
                continue
            a = assigner.add(article, self.store.annotation(article.id))
            stored = self.store.story_of(article.id)
            if stored != a.story_id:  # not expected (the assigner is deterministic)
                log.warning("replayed article %s landed in %s, stored in %s", article.id, a.story_id, stored)
                moved[article.id] = (a.story_id, stored)
        if moved:  # keep the store in step with the assigner
            with self.store.transaction():
                for aid, (sid, _) in moved.items():
                    self.store.set_membership(aid, sid)
                self.store.refresh_stories({s for pair in moved.values() for s in pair if s})
        log.debug("caught up %d articles after the snapshot", self.store.count_articles() - covered)

    def _save_snapshot(self, assigner: Assigner) -> None:
        """Save the whole state and what it covers (inside the caller's transaction)."""
        n = self.store.count_articles()
        self.store.save_assigner_state(assigner.to_bytes(), n)
        self.store.save_assigner_state(str(n).encode("ascii"), n, COVERED)
        self._covered = n

    def _replay(self, assigner: Assigner) -> None:
        """Feed every stored article to a fresh assigner and rewrite the story tables from it."""
        with self.store.transaction():
            for article in self.store.iter_articles():
                a = assigner.add(article, self.store.annotation(article.id))
                if a.duplicate is not None:
                    self.store.add_duplicate(a.duplicate)
                self.store.set_membership(article.id, a.story_id)
            self.store.refresh_stories(None)
            self._save_snapshot(assigner)

    # -- the run -------------------------------------------------------------

    def run(
        self,
        inputs: Iterable[PathLike],
        *,
        recluster: bool = True,
        on_progress: Callable[[IngestReport], None] | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> IngestReport:
        started = time.monotonic()
        report = self._report = IngestReport()
        self._on_error = on_error
        # The store's own files may sit inside an input folder: never ingest them.
        own = {
            os.path.realpath(self.store.path + suffix)
            for suffix in ("", "-wal", "-shm", "-journal", LOCK_SUFFIX)
        }
        files = [
            f for f in iter_input_files(inputs) if isinstance(f, InputError) or os.path.realpath(f) not in own
        ]
        report.inputs_total = len(files)

        error = self._error
        todo: list[tuple[Path, InputMarker]] = []
        for item in files:
            if isinstance(item, InputError):
                error(item)
                report.inputs_failed += 1
                continue
            try:
                marker = input_marker(item)
            except OSError as exc:
                error(InputError(str(item), f"cannot read: {exc.strerror or exc}"))
                report.inputs_failed += 1
                continue
            if self.store.input_done(marker):
                report.inputs_skipped += 1
                if on_progress:
                    on_progress(report)
                continue
            todo.append((item, marker))

        # The per-input stages may run elsewhere (an engine's workers); results come back
        # in input order, so stories are assigned exactly as in a local run.
        for (_item, marker), prepared in zip(todo, self._prepare([p for p, _ in todo]), strict=True):
            for err in prepared.errors:
                error(err)
            annotations = prepared.annotations or [None] * len(prepared.articles)
            for art, ann in zip(prepared.articles, annotations, strict=True):
                report.read += 1
                self._queue_article(art, ann)
                if on_progress and report.read % 50 == 0:
                    on_progress(report)
            self._drain()  # an input is done only once all its articles are handed on
            if prepared.errors:
                report.inputs_failed += 1
            else:
                self._pending_done.append((marker, len(prepared.articles)))
                report.inputs_done += 1
            if on_progress:
                on_progress(report)
        self._flush(report)
        if recluster and self._consolidation_due():
            self.recluster()
        elif self._assigner is not None and self._covered != self.store.count_articles():
            with self.store.transaction():  # a finished run leaves a snapshot of everything
                self._save_snapshot(self._assigner)
        report.articles_total = self.store.count_articles()
        report.stories_total = self.store.count_stories()
        report.seconds = time.monotonic() - started
        return report

    def _prepare(self, paths: list[Path]) -> Iterator[PreparedInput]:
        """Extract (and, on an engine, annotate) each input, in order."""
        if self.engine is not None:
            options = PrepareOptions(annotate=self.annotator is not None, max_bytes=self.max_bytes)
            yield from self.engine.map_inputs(paths, options)
            return
        from parallax import api

        for path in paths:
            prepared = PreparedInput(str(path))
            for art in api.extract([path], extractor=self.extractor, max_bytes=self.max_bytes):
                if isinstance(art, InputError):
                    prepared.errors.append(art)
                else:
                    prepared.articles.append(art)
            yield prepared

    def _error(self, err: InputError) -> None:
        self._report.errors += 1
        self._report.error_list.append(err)
        self._pending_errors.append(err)
        if self._on_error:
            self._on_error(err)

    def _queue_article(self, article: Article, annotation: Annotation | None = None) -> None:
        if (
            article.id in self._pending_ids
            or any(a.id == article.id for a in self._queue)
            or self.store.has_article(article.id)
        ):
            self._report.already_stored += 1
            return
        self._queue.append(article)
        if annotation is not None:
            self._given[article.id] = annotation
        if len(self._queue) >= self._queue_size:
            self._drain()

    def _drain(self) -> None:
        """Annotate the queued articles (if an annotator is set) and hand them to the assigner."""
        if not self._queue:
            return
        queue, self._queue = self._queue, []
        annotations = self._annotations(queue)
        report = self._report
        for article, annotation in zip(queue, annotations, strict=True):
            assignment = self.assigner.add(article, annotation)
            self._pending.append(_Pending(article, assignment.story_id, assignment.duplicate, annotation))
            self._pending_ids.add(article.id)
            report.new += 1
            if assignment.duplicate is not None:
                report.duplicates += 1
            if self._due():
                self._flush(report)

    def _annotations(self, articles: list[Article]) -> list[Annotation | None]:
        if self._given:  # annotated by an engine's workers already
            given = [self._given.pop(a.id, None) for a in articles]
            if self._annotate_many is None or self.engine is not None:
                return given
        if self._annotate_many is None or self.engine is not None:
            return [None] * len(articles)
        from parallax.limits import DocumentTimeout, doc_timeout, time_limit

        limit = doc_timeout()  # per article: a batch gets its articles' time
        try:
            with time_limit(limit and limit * len(articles)):
                return list(self._annotate_many(articles))
        except (Exception, DocumentTimeout):  # one bad article must not cost the batch: retry one by one
            out: list[Annotation | None] = []
            for article in articles:
                try:
                    with time_limit(limit):
                        out.extend(self._annotate_many([article]))
                except (Exception, DocumentTimeout) as exc:
                    log.debug("annotation failed for %s", article.source, exc_info=True)
                    # Recorded, but the article is still stored and clustered without annotation.
                    self._error(InputError(article.source, f"annotation failed: {type(exc).__name__}: {exc}"))
                    out.append(None)
            return out

    def _due(self) -> bool:
        return len(self._pending) >= self.batch_size

    def _flush(self, report: IngestReport) -> None:
        if not (self._pending or self._pending_errors or self._pending_done):
            return
        store = self.store
        with store.transaction():
            touched: set[str] = set()
            for p in self._pending:
                store.add_article(p.article)
                if p.duplicate is not None:
                    store.add_duplicate(p.duplicate)
                store.set_membership(p.article.id, p.story_id)
                touched.add(p.story_id)
                if p.annotation is not None:
                    store.put_annotation(p.annotation)
            for err in self._pending_errors:
                store.add_error(err)
            store.refresh_stories(touched)
            if self._pending and self._snapshot_due():
                self._save_snapshot(self.assigner)
            for marker, count in self._pending_done:
                store.mark_input_done(marker, count)
        report.batches += 1
        log.debug("committed %d articles (snapshot covers %s)", len(self._pending), self._covered)
        self._pending.clear()
        self._pending_ids.clear()
        self._pending_errors.clear()
        self._pending_done.clear()

    def _snapshot_due(self) -> bool:
        # Geometric spacing: the snapshots of a run add up to a few times the final state.
        if self._covered is None:
            return True
        grown = self.store.count_articles() - self._covered
        return grown >= self.snapshot_growth * max(self._covered, self.batch_size)

    def recluster(self) -> dict[str, str]:
        """Re-cluster everything the assigner holds; old story ids are forwarded to new ones."""
        mapping = self.assigner.recluster()
        with self.store.transaction():
            self.store.apply_recluster(mapping, self.assigner.stories())
            self._save_snapshot(self.assigner)
            n = self.store.count_articles()
            self.store.save_assigner_state(str(n).encode("ascii"), n, CONSOLIDATED)
        return mapping

    def _consolidation_due(self) -> bool:
        """Articles were stored since the last consolidation (by this run, or one killed before it)."""
        mark = self.store.load_assigner_state(CONSOLIDATED)
        n = self.store.count_articles()
        return n > 0 and (mark is None or int(mark) != n)


def _annotate_many_fn(annotator: Annotator) -> Callable[[list[Article]], Iterable[Annotation]] | None:
    if annotator is None:
        return None
    many = getattr(annotator, "annotate_many", None)
    if callable(many):
        return many
    one = getattr(annotator, "annotate", annotator)
    if not callable(one):
        raise TypeError(f"not an annotator: {annotator!r}")
    return lambda articles: [one(a) for a in articles]


def ingest(
    inputs: Iterable[PathLike],
    db: PathLike | Store,
    *,
    recluster: bool = True,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Ingest ``inputs`` into the store at ``db`` (see ``Ingester`` for ``options``).

    Raises StoreError when another ingest is writing to the same store.
    """
    store = db if isinstance(db, Store) else Store(db)
    try:
        with writer_lock(store.path):
            return Ingester(store, **options).run(
                inputs, recluster=recluster, on_progress=on_progress, on_error=on_error
            )
    finally:
        if store is not db:
            store.close()


@contextmanager
def writer_lock(db_path: str) -> Iterator[None]:
    """Hold the store's single-writer lock (``<db>.lock``) or raise StoreError.

    Two ingests into one store would each checkpoint their own assigner state over
    the other's. The lock is an flock on a side file (never on the database file:
    closing another descriptor of it would drop SQLite's own POSIX locks); the
    kernel releases it when the process dies, so a killed run never blocks a resume.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): run unguarded
        yield
        return
    path = db_path + LOCK_SUFFIX
    while True:
        fh = open(path, "a+b")  # noqa: SIM115 -- closed below, after the lock is released
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise StoreError(f"{db_path}: another ingest is writing to this store") from None
        # The holder before us removes the file when it is done: a lock on a removed file guards nothing.
        if _same_file(fh, path):
            break
        fh.close()
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)  # removed while still locked, so no one can lock the old file and start
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def _same_file(fh: Any, path: str) -> bool:
    try:
        return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
    except OSError:
        return False
