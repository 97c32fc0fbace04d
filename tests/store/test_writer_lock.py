"""The single-writer lock: held during a run, refused to a second writer, its file gone afterwards."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from parallax.store import StoreError
from parallax.store.lock import LOCK_SUFFIX, writer_lock


def test_lock_file_is_removed_after_the_run(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with writer_lock(db):
        assert Path(db + LOCK_SUFFIX).exists()
        with pytest.raises(StoreError, match="another ingest"), writer_lock(db):
            pass
    assert not Path(db + LOCK_SUFFIX).exists()
    with writer_lock(db):  # and the store can be locked again
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_lock_on_a_removed_lock_file_is_not_taken(tmp_path: Path) -> None:
    """A writer that opened the lock file just before the previous one removed it must not hold a
    lock on the removed file while a third writer locks the new one."""
    db = str(tmp_path / "s.db")
    with writer_lock(db):
        late = open(db + LOCK_SUFFIX, "a+b")  # noqa: SIM115 -- a second process's descriptor
    try:
        with writer_lock(db):
            # the removed file is lockable now, but the live lock file is a new one, and it is held
            fcntl.flock(late.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            with pytest.raises(StoreError), writer_lock(db):
                pass
    finally:
        late.close()
