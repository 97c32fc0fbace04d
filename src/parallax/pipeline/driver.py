"""The driver: runs the stages over inputs into a Store: incremental, idempotent, resumable.

Each input file is a partition: an engine runs the per-input stages on it (read,
extract, annotate; ``parallax.pipeline.partition``) and hands the results back in
input order. Here, the single writer, each new article (by id) goes through the
assign stage (near-duplicates, story), and the results are committed in batches.
One batch commits, in one transaction, its articles, duplicates and memberships and
the inputs whose articles are all in. The assigner's whole state is saved only now
and then (when the store has grown by ``snapshot_growth`` since the last snapshot,
and at the end of a run), with the number of articles it covers: the assigner is
deterministic, so the state after the articles stored since then is rebuilt by
feeding them again, in storage order. So a run killed at any point resumes from
the last commit: finished inputs are skipped, a half-done input is read again and
its stored articles are recognised by id, and the assigner carries on from the
snapshot plus the replayed articles, exactly where the killed run was.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from parallax.config import RunConfig
from parallax.engines.base import Engine
from parallax.engines.local import LocalEngine
from parallax.model import Annotation, Article, InputError
from parallax.pipeline.inputs import input_files, input_marker
from parallax.pipeline.partition import PreparedInput
from parallax.pipeline.report import IngestReport
from parallax.pipeline.stages import Annotate, Assign, Extract
from parallax.pipeline.stages import Digest as DigestStage
from parallax.store.lock import LOCK_SUFFIX, writer_lock
from parallax.store.store import InputMarker, Store

#: Assigner-state row holding how many stored articles (in storage order) the snapshot covers.
COVERED = "default.articles"
#: Articles in the store when its stories were last consolidated (a killed run leaves it stale).
CONSOLIDATED = "default.consolidated"

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


class Assigner(Protocol):
    """What the driver needs of ``parallax.stories.StoryAssigner``."""

    def add(self, article: Article, annotation: Annotation | None = None) -> Any: ...

    def stories(self) -> list[Any]: ...

    def to_bytes(self) -> bytes: ...

    def recluster(self) -> dict[str, str]: ...


AssignerFactory = Callable[[bytes | None], Assigner]


def default_assigner_factory(state: bytes | None) -> Assigner:
    """``parallax.stories.StoryAssigner``, restored from ``state`` when given."""
    from parallax.stories import StoryAssigner

    if state is None:
        return StoryAssigner()
    return StoryAssigner.from_bytes(state)


@dataclass
class _Pending:
    article: Article
    story_id: str
    duplicate: Any
    annotation: Annotation | None


class Ingester:
    """Runs ingest into one Store; the only writer while it runs.

    ``config`` says what the run does; ``annotator`` (``parallax.nlp.Annotator`` or any
    ``Article -> Annotation``) turns the annotate stage on as well. ``engine`` runs the
    per-input stages (default: this process, with ``extractor`` and ``annotator``; another
    engine uses its workers' own). Commits happen every ``config.batch_size`` new articles
    (cheap: no assigner state).
    The assigner state is snapshotted when the store has grown by ``snapshot_growth``
    (a share) since the last snapshot, so snapshots cost O(corpus) over a whole run,
    and at the end of the run.
    """

    def __init__(
        self,
        store: Store,
        config: RunConfig | None = None,
        *,
        assigner_factory: AssignerFactory | None = None,
        extractor: object | None = None,
        annotator: object | None = None,
        engine: Engine | None = None,
        snapshot_growth: float = 0.5,
    ) -> None:
        config = config or RunConfig()
        if annotator is not None and not config.annotate:
            config = dataclasses.replace(config, annotate=True)
        self.config = config
        self.store = store
        self.factory = assigner_factory or default_assigner_factory
        timeout = config.doc_timeout
        self.annotate = Annotate(annotator, timeout) if config.annotate else None
        self.engine: Engine = engine or LocalEngine(
            Extract(extractor, config.max_bytes, timeout), self.annotate
        )
        self._report = IngestReport()
        self._on_error: Callable[[InputError], None] | None = None
        self.batch_size = config.batch_size
        self.snapshot_growth = snapshot_growth
        self._covered: int | None = None  # articles covered by the saved snapshot (None: unknown)
        self._assign: Assign | None = None
        self._pending: list[_Pending] = []
        self._pending_ids: set[str] = set()
        self._pending_errors: list[InputError] = []
        self._pending_done: list[tuple[InputMarker, int]] = []

    @property
    def assigner(self) -> Assigner:
        """The story assigner, restored from the store on first use (a rerun with nothing new never loads it)."""
        return self._assign_stage().assigner

    def _assign_stage(self) -> Assign:
        if self._assign is None:
            self._assign = Assign(self._load_assigner())
        return self._assign

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
        on_progress: Callable[[IngestReport], None] | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> IngestReport:
        started = time.monotonic()
        report = self._report = IngestReport()
        self._on_error = on_error
        if self.annotate is not None:
            self._annotate_stored(self.annotate)
        todo = self._todo(inputs, on_progress)
        # The per-input stages may run elsewhere (an engine's workers); results come back
        # in input order, so stories are assigned exactly as in a local run.
        prepared_inputs = self.engine.map_inputs([p for p, _ in todo], self.config)
        for (_item, marker), prepared in zip(todo, prepared_inputs, strict=True):
            self._take(prepared, marker, on_progress)
        self._flush(report)
        if self.config.recluster and self._consolidation_due():
            self.recluster()
        elif self._assign is not None and self._covered != self.store.count_articles():
            with self.store.transaction():  # a finished run leaves a snapshot of everything
                self._save_snapshot(self.assigner)
        report.articles_total = self.store.count_articles()
        report.stories_total = self.store.count_stories()
        report.seconds = time.monotonic() - started
        return report

    def _todo(
        self, inputs: Iterable[PathLike], on_progress: Callable[[IngestReport], None] | None
    ) -> list[tuple[Path, InputMarker]]:
        """The input files not finished by an earlier run (an unreadable one is reported)."""
        report = self._report
        # The store's own files may sit inside an input folder: never ingest them.
        own = {
            os.path.realpath(self.store.path + suffix)
            for suffix in ("", "-wal", "-shm", "-journal", LOCK_SUFFIX)
        }
        files = [
            f for f in input_files(inputs) if isinstance(f, InputError) or os.path.realpath(f) not in own
        ]
        report.inputs_total = len(files)
        todo: list[tuple[Path, InputMarker]] = []
        for item in files:
            if isinstance(item, InputError):
                self._error(item)
                report.inputs_failed += 1
                continue
            try:
                marker = input_marker(item)
            except OSError as exc:
                self._error(InputError(str(item), f"cannot read: {exc.strerror or exc}"))
                report.inputs_failed += 1
                continue
            if self.store.input_done(marker):
                report.inputs_skipped += 1
                if on_progress:
                    on_progress(report)
                continue
            todo.append((item, marker))
        return todo

    def _take(
        self,
        prepared: PreparedInput,
        marker: InputMarker,
        on_progress: Callable[[IngestReport], None] | None,
    ) -> None:
        """Hand one input's articles to the assign stage; the input is done once all are pending."""
        report = self._report
        for err in prepared.errors + prepared.annotation_errors:
            self._error(err)
        annotations = prepared.annotations or [None] * len(prepared.articles)
        for art, ann in zip(prepared.articles, annotations, strict=True):
            report.read += 1
            self._add(art, ann)
            if on_progress and report.read % 50 == 0:
                on_progress(report)
        if prepared.errors:
            report.inputs_failed += 1
        else:
            self._pending_done.append((marker, len(prepared.articles)))
            report.inputs_done += 1
        if on_progress:
            on_progress(report)

    def _error(self, err: InputError) -> None:
        self._report.errors += 1
        self._report.error_list.append(err)
        self._pending_errors.append(err)
        if self._on_error:
            self._on_error(err)

    def _add(self, article: Article, annotation: Annotation | None) -> None:
        """Assign a new article to its story (pending until the next commit)."""
        if article.id in self._pending_ids or self.store.has_article(article.id):
            self._report.already_stored += 1
            return
        assignment = self._assign_stage().run(article, annotation)
        self._pending.append(_Pending(article, assignment.story_id, assignment.duplicate, annotation))
        self._pending_ids.add(article.id)
        self._report.new += 1
        if assignment.duplicate is not None:
            self._report.duplicates += 1
        if len(self._pending) >= self.batch_size:
            self._flush(self._report)

    def _annotate_stored(self, stage: Annotate, batch: int = 200) -> None:
        """Annotate stored articles that have no annotation (stored by a run without the language
        stage, or whose annotation failed); their stories' digests are rebuilt later."""
        ids = self.store.unannotated_ids()
        for i in range(0, len(ids), batch):
            articles = self.store.articles(ids[i : i + batch])
            done = stage.run(articles)
            with self.store.transaction():
                for item in done:
                    if isinstance(item, InputError):
                        self._error(item)
                    else:
                        self.store.put_annotation(item)
                        self._report.annotated += 1
                stories = self.store.stories_of(a.id for a in articles)
                self.store.drop_digests(set(stories.values()))
                self._flush_errors()

    def _flush_errors(self) -> None:
        for err in self._pending_errors:
            self.store.add_error(err)
        self._pending_errors.clear()

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
            self._flush_errors()
            store.refresh_stories(touched)
            if self._pending and self._snapshot_due():
                self._save_snapshot(self.assigner)
            for marker, count in self._pending_done:
                store.mark_input_done(marker, count)
        report.batches += 1
        log.debug("committed %d articles (snapshot covers %s)", len(self._pending), self._covered)
        self._pending.clear()
        self._pending_ids.clear()
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


def ingest(
    inputs: Iterable[PathLike],
    db: PathLike | Store,
    config: RunConfig | None = None,
    *,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Ingest ``inputs`` into the store at ``db``, then, with ``config.digests``, build the digest of
    every story lacking a current one (``report.digests_built``).

    ``options`` are ``Ingester``'s (``annotator``, ``engine``...) or fields of ``RunConfig``
    (``batch_size``...), which then override ``config``'s. Raises StoreError when another ingest
    is writing to the same store.
    """
    fields = {k: options.pop(k) for k in list(options) if k in RunConfig.__dataclass_fields__}
    config = dataclasses.replace(config or RunConfig(), **fields)
    store = db if isinstance(db, Store) else Store(db)
    try:
        with writer_lock(store.path):
            report = Ingester(store, config, **options).run(
                inputs, on_progress=on_progress, on_error=on_error
            )
            if config.digests:
                report.digests_built = DigestStage().run(store)
            return report
    finally:
        if store is not db:
            store.close()
