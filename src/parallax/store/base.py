"""The store's connection: opening, migrating, transactions, and the row helpers every table group uses.

One writer, many readers (as datasette does): the ingest process owns the
read-write ``Store``; every reader (web app worker, CLI listing) opens its own
``Store(path, readonly=True)``. WAL mode lets readers see the last committed
batch while the writer goes on. A ``Store`` may be shared between threads (its
calls are serialised by a lock), but one per thread is cheaper.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar

import parallax.store.connect as connect
from parallax.store.errors import StoreError
from parallax.store.schema import migrate, schema_version

PathLike = str | os.PathLike[str]

_ARTICLE_COLS = (
    "id, source, url, outlet, title, authors, published, published_confidence, "
    "dateline, language, canonical_url, removed, text"
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(slots=True, frozen=True)
class InputMarker:
    """Identity of one input file: a finished input with the same identity is skipped."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


def members_key(article_ids: Iterable[str]) -> str:
    """Hash of a story's member ids: tells whether a stored digest is still current."""
    return hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:16]


_S = TypeVar("_S", bound="StoreBase")


class StoreBase:
    """One connection to a store and its transactions; the table groups add the queries."""

    def __init__(self, path: PathLike, *, readonly: bool = False, timeout: float = 30.0) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        self._depth = 0
        self._outlets: tuple[int | None, list[str]] | None = None
        try:
            self.db = connect.connect(self.path, readonly=readonly, timeout=timeout)
            if readonly:
                connect.check_version(self.db, self.path)
            else:
                connect.check_integrity(self.db, self.path)  # never write into a damaged store
                connect.enable_wal(self.db, timeout)
                # NORMAL is durable at every WAL checkpoint and crash-safe (no corruption);
                # a power cut may lose the last batch, which a rerun re-ingests.
                self.db.execute("PRAGMA synchronous = NORMAL")
                migrate(self.db, path=self.path)
            connect.check_tables(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            raise connect.explain(self.path, exc) from None
        except StoreError:
            if hasattr(self, "db"):
                self.db.close()
            raise

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self: _S) -> _S:
        """A new read-only connection to the same file (for another thread or process)."""
        return type(self)(self.path, readonly=True)

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (re-entrant)."""
        with self._lock:
            if self._depth == 0:
                with self._errors():
                    self.db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                try:
                    self.db.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    if self.db.in_transaction:  # a failed COMMIT leaves it open: the next BEGIN would fail
                        self.db.execute("ROLLBACK")
                    raise connect.explain(self.path, exc) from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the file, whatever another process commits meanwhile.

        A read transaction: without it, a list of stories and the query for their members can
        straddle a writer's commit and show a story whose members moved (re-entrant; inside a
        write transaction it adds nothing).
        """
        with self._lock:
            if self.db.in_transaction:
                yield
                return
            with self._errors():
                self.db.execute("BEGIN")
            try:
                yield
            except BaseException:
                if self.db.in_transaction:  # the read's own error is the one to report
                    with suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                raise
            if self.db.in_transaction:
                with self._errors():
                    self.db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock, self._errors():
            return self.db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock, self._errors():
            return self.db.execute(sql, params).fetchone()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock, self._errors():
            return self.db.execute(sql, params).rowcount

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite failures (damaged file, lock held elsewhere, disk full) as a StoreError naming the store."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise connect.explain(self.path, exc) from None
