"""Annotate articles in worker processes: one Annotator per process, batches in input order.

The language stage is CPU-bound Python/numpy that holds the GIL, so threads do not help;
processes do. Workers are started with ``spawn`` (no fork of a parent whose OpenMP or
tokenizer threads may be running) and load the models once. A short input never pays
for the start-up: the pool starts only when more than ``2 * batch_size`` articles arrive.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from parallax.model import Annotation, Article, InputError
from parallax.pipeline.guard import annotate_articles
from parallax.pipeline.stages import Annotate

log = logging.getLogger(__name__)

_ANNOTATOR: object | None = None


def default_workers() -> int:
    """Worker processes used when not told: one per CPU this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _init_worker() -> None:
    global _ANNOTATOR
    # One BLAS/OpenMP thread per worker: the processes are the parallelism (oversubscribed
    # OpenMP threads made model inference up to 100x slower on a busy 2-core machine).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from parallax.nlp.annotator import Annotator

    _ANNOTATOR = Annotator()


def _annotate_batch(batch: list[Article]) -> list[Annotation | InputError]:
    return Annotate(_ANNOTATOR).run(batch)


def annotate_parallel(
    articles: Iterable[Article | InputError], *, workers: int, batch_size: int = 32
) -> Iterator[Annotation | InputError]:
    """Like ``Annotate().run`` over ``articles`` (same order, same results) but over ``workers`` processes."""
    items = iter(articles)
    head = list(islice(items, 2 * batch_size + 1))
    if workers <= 1 or sum(isinstance(a, Article) for a in head) <= 2 * batch_size:
        yield from annotate_articles(head + list(items), Annotate().annotator)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker) as pool:
        yield from _run(pool, _batches(head, items, batch_size), window=2 * workers)


def _batches(
    head: list[Article | InputError], rest: Iterator[Article | InputError], size: int
) -> Iterator[list[Article | InputError]]:
    """Runs of the input: errors travel in place, each run holds ``size`` articles."""
    batch: list[Article | InputError] = []
    count = 0
    for item in chain(head, rest):
        batch.append(item)
        count += isinstance(item, Article)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _run(
    pool: ProcessPoolExecutor, batches: Iterator[list[Article | InputError]], window: int
) -> Iterator[Annotation | InputError]:
    """Submit at most ``window`` batches ahead (bounded memory), yield results in input order."""
    pending: deque[tuple[list[Article | InputError], Future[list[Annotation | InputError]] | None]] = deque()
    broken = False
    here = Annotate()  # used only when a worker died: loads the models on first use

    def submit(batch: list[Article | InputError]) -> None:
        arts = [a for a in batch if isinstance(a, Article)]
        fut = None if broken or not arts else pool.submit(_annotate_batch, arts)
        pending.append((batch, fut))

    for batch in islice(batches, window):
        submit(batch)
    while pending:
        batch, fut = pending.popleft()
        done: list[Annotation | InputError] = []
        if fut is not None:
            try:
                done = fut.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): finish here, in this process.
                log.warning("annotation worker died; annotating the rest in this process")
                broken = True
                fut = None
        if fut is None:
            arts = [a for a in batch if isinstance(a, Article)]
            done = here.run(arts) if arts else []
        results = iter(done)
        for item in batch:  # errors stay where they were in the input
            yield item if isinstance(item, InputError) else next(results)
        nxt = next(batches, None)
        if nxt is not None:
            submit(nxt)
