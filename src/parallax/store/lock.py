"""The store's single-writer lock: one ingest writes to a store at a time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from parallax.store.errors import StoreError

#: Side file holding the single-writer lock of a store.
LOCK_SUFFIX = ".lock"


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
