"""Opening a store file, and the one-line messages for every way that can fail.

Each failure names the path and what to do; the shells print it and exit 2
(CLI) or answer 503 (web app), never a traceback.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from parallax.store.errors import StoreError
from parallax.store.schema import SCHEMA_VERSION, TABLES, schema_version

log = logging.getLogger(__name__)


def explain(path: str, exc: BaseException) -> StoreError:
    """A StoreError saying, in one line, what went wrong with the store at ``path`` and what to do."""
    msg = str(exc).strip() or type(exc).__name__
    low = msg.lower()
    if "locked" in low or "busy" in low:
        hint = "another process (a running ingest?) holds it; wait for it to finish, then retry"
    elif "malformed" in low or "corrupt" in low:
        hint = "the store is damaged; restore it from a backup, or ingest again into a new --db"
    elif "not a database" in low:
        hint = "this file is not a parallax store; check --db"
    elif "no such table" in low or "no such column" in low:
        hint = "not a complete parallax store; use another --db, or move this file aside and ingest again"
    elif "full" in low:
        hint = "the disk is full; free some space, then retry"
    else:
        hint = "check that the file and its folder exist and are readable (and writable, to ingest)"
    return StoreError(f"{path}: {msg}: {hint}")


def connect(path: str, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the store at ``path`` (read-only: never created, never written)."""
    if readonly:
        if not Path(path).is_file():
            raise StoreError(f"{path}: no such database; create it with 'parallax ingest --db {path} INPUT'")
        db = _connect_readonly(path, timeout)
    else:
        parent = Path(path).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the folder {parent} ({exc.strerror or exc}); choose a --db in a "
                "writable folder"
            ) from None
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return db


def _connect_readonly(path: str, timeout: float) -> sqlite3.Connection:
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
        db.close()
    # A WAL store in a folder this user cannot write: SQLite cannot create the shared-memory
    # file it reads through. No writer can work there either, so the file is read as is.
    log.warning("%s: read without its WAL index (read-only folder)", path)
    db = sqlite3.connect(
        uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return db


def enable_wal(db: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL, retrying while another process holds the file (the switch skips the busy handler)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def check_version(db: sqlite3.Connection, path: str) -> None:
    """Raise StoreError unless a read-only store has this parallax's schema."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer parallax (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade parallax to read it"
        )
    if version == 0:
        raise StoreError(f"{path}: not a parallax store (no parallax tables); check --db")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by an older parallax (schema version {version}, this one needs "
            f"{SCHEMA_VERSION}); run 'parallax ingest --db {path}' with any input once to migrate it"
        )


def check_tables(db: sqlite3.Connection, path: str) -> None:
    """Raise StoreError when a store that claims a schema version lacks some of its tables."""
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    missing = sorted(TABLES - have)
    if missing:
        raise StoreError(
            f"{path}: not a complete parallax store (missing {', '.join(missing)}); use another --db, "
            "or move this file aside and ingest again"
        )


def check_integrity(db: sqlite3.Connection, path: str) -> None:
    """Raise StoreError when ``PRAGMA quick_check`` finds damage (run before writing into a store)."""
    problem = " ".join(str(db.execute("PRAGMA quick_check(1)").fetchone()[0]).split())
    if problem != "ok":
        raise StoreError(
            f"{path}: the store is damaged ({problem}); restore it from a backup, or ingest again into "
            "a new --db"
        )
