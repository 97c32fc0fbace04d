"""The Ray engine: one Ray task per partition, retried when its worker dies.

Ray (not Spark) because the per-article stages are Python with models loaded
once per worker: Ray tasks run plain Python functions in long-lived worker
processes with no JVM round trip, retry a task whose worker died
(``max_retries``), and run the same code in local mode on one machine or on a
cluster (``address="ray://head:10001"`` or ``"auto"``).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from parallax.config import RunConfig
from parallax.pipeline.partition import PreparedInput, prepare_input

log = logging.getLogger(__name__)

#: Attempts for a partition whose worker died (Ray re-runs the task on another worker).
MAX_RETRIES = 3


class RayEngine:
    """Partitions as Ray tasks; at most ``2 * workers`` in flight, results yielded in input order."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        try:
            import ray
        except ImportError as exc:  # checked when constructed, with the fix in the message
            raise RuntimeError("the ray engine needs Ray: pip install 'newsparallax[ray]'") from exc
        self._ray = ray
        self.workers = workers or os.cpu_count() or 1
        self._own = not ray.is_initialized()
        if self._own:
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                kwargs["address"] = address
            else:
                kwargs["num_cpus"] = self.workers
            ray.init(**kwargs)
        self._task = ray.remote(max_retries=MAX_RETRIES, num_cpus=1)(prepare_input)

    def map_inputs(self, paths: Sequence[Path], options: RunConfig) -> Iterator[PreparedInput]:
        ray = self._ray
        pending: deque[Any] = deque()
        todo = iter(paths)
        window = 2 * self.workers
        for path in todo:
            pending.append((str(path), self._task.remote(str(path), options)))
            if len(pending) >= window:
                break
        while pending:
            path, ref = pending.popleft()
            try:
                result: PreparedInput = ray.get(ref)
            except Exception as exc:  # retries exhausted: report the partition, go on with the rest
                from parallax.model import InputError

                log.warning("partition %s failed after %d retries: %s", path, MAX_RETRIES, exc)
                reason = f"partition failed after {MAX_RETRIES} retries: {type(exc).__name__}"
                result = PreparedInput(path=path, errors=[InputError(path, reason)])
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((str(nxt), self._task.remote(str(nxt), options)))
            yield result

    def close(self) -> None:
        if self._own and self._ray.is_initialized():
            self._ray.shutdown()
