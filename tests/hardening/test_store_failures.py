"""Issue 18 items 6 and 7: a store that cannot be opened, read or written is a one-line message
with its path and what to do (exit 2, a 503 page), never a traceback, a 500 or a silent write."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from parallax.cli import EXIT_USAGE, main
from parallax.model import Article
from parallax.store import SCHEMA_VERSION, Store, StoreError

INPUT = "<html><head><title>Quay repairs</title></head><body><p>" + "The quay was repaired on Monday. " * 40 + "</p></body></html>"  # fmt: skip


def _store(path: Path, n: int = 200) -> Path:
    with Store(path) as s, s.transaction():
        for i in range(n):
            s.add_article(Article(id=f"a{i}", source="x", text=f"word{i} " * 300, title=f"T{i}"))
            s.set_membership(f"a{i}", f"s{i % 20}")
    with Store(path) as s:
        s.refresh_stories()
    return path


def _corrupt(path: Path) -> None:
    """Overwrite the last third of the file with noise (page 1, the schema, stays readable)."""
    size = path.stat().st_size
    rng = random.Random(1)
    with path.open("r+b") as fh:
        fh.seek(size * 2 // 3)
        fh.write(bytes(rng.randrange(256) for _ in range(size - size * 2 // 3)))


def _one_line(err: str, path: Path) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in err, err


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def damaged(tmp_path: Path) -> Path:
    path = _store(tmp_path / "damaged.db")
    _corrupt(path)
    return path


def test_damaged_store_reads_are_messages(damaged: Path, capsys) -> None:
    for argv in (["stories", "--db", str(damaged)], ["search", "--db", str(damaged), "word5"]):
        assert main(argv) == EXIT_USAGE
        err = capsys.readouterr().err
        _one_line(err, damaged)
        assert "damaged" in err


def test_damaged_store_is_never_written(damaged: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(INPUT, encoding="utf-8")
    before = _sha(damaged)
    assert main(["ingest", "--db", str(damaged), str(page), "--no-progress", "--no-annotate"]) == EXIT_USAGE
    err = capsys.readouterr().err
    _one_line(err, damaged)
    assert "damaged" in err and "backup" in err
    assert _sha(damaged) == before


def test_damaged_store_pages_are_503_with_csp(damaged: Path) -> None:
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(damaged)) as client:
        for url in ("/stories", "/stories.json", "/search?q=word5", "/articles/a150"):
            r = client.get(url)
            assert r.status_code == 503, url
            assert str(damaged) in r.text and "damaged" in r.text
            assert "script-src 'none'" in r.headers["content-security-policy"]


def test_lock_held_elsewhere_is_a_message(tmp_path: Path) -> None:
    path = _store(tmp_path / "locked.db", n=2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.05) as store:
            with pytest.raises(StoreError, match="locked") as info, store.transaction():
                store.add_article(Article(id="new", source="x", text="t"))
            assert str(path) in str(info.value) and "wait" in str(info.value)
    finally:
        other.execute("ROLLBACK")


def test_db_in_a_folder_that_cannot_be_created(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    page = tmp_path / "page.html"
    page.write_text(INPUT, encoding="utf-8")
    db = blocker / "sub" / "s.db"
    assert main(["ingest", "--db", str(db), str(page), "--no-progress", "--no-annotate"]) == EXIT_USAGE
    err = capsys.readouterr().err
    _one_line(err, db)
    assert "cannot create the folder" in err


def _versioned_empty(path: Path, version: int) -> Path:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    return path


def test_version_without_tables_is_a_message(tmp_path: Path, capsys) -> None:
    path = _versioned_empty(tmp_path / "hollow.db", SCHEMA_VERSION)
    for argv in (["stories", "--db", str(path)], ["search", "--db", str(path), "x"]):
        assert main(argv) == EXIT_USAGE
        err = capsys.readouterr().err
        _one_line(err, path)
        assert "not a complete parallax store" in err
    with pytest.raises(StoreError, match="not a complete parallax store"):
        Store(path)
    from parallax.web import create_app

    with pytest.raises(StoreError, match="not a complete"):
        create_app(path)


def test_newer_schema_tells_readers_to_upgrade_not_to_migrate(tmp_path: Path, capsys) -> None:
    path = _store(tmp_path / "newer.db", n=2)
    _versioned_empty(path, SCHEMA_VERSION + 1)
    for argv in (["stories", "--db", str(path)], ["search", "--db", str(path), "x"]):
        assert main(argv) == EXIT_USAGE
        err = capsys.readouterr().err
        _one_line(err, path)
        assert "upgrade parallax" in err and "read-write" not in err and "migrate" not in err


def test_two_stores_created_at_once_both_succeed(tmp_path: Path) -> None:
    failures: list[BaseException] = []
    for round_ in range(12):
        path = tmp_path / f"race{round_}.db"
        barrier = threading.Barrier(4)

        def create(path: Path = path, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                Store(path).close()
            except BaseException as exc:  # collected: the assertion below shows them
                failures.append(exc)

        threads = [threading.Thread(target=create) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with Store(path, readonly=True) as s:
            assert s.schema_version == SCHEMA_VERSION
    assert failures == []


def _freeze(folder: Path) -> bool:
    """Make ``folder`` read-only for this user (root: the immutable attribute); False if impossible."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def _thaw(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


def test_wal_store_in_a_read_only_folder_is_readable(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _store(folder / "s.db", n=3)
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]  # closed cleanly: no -wal, no -shm
    if not _freeze(folder):
        pytest.skip("cannot make a read-only folder here (no chattr)")
    try:
        with Store(path, readonly=True) as store:
            assert store.count_articles() == 3
            assert [h.article_id for h in store.search("word1", literal=True)] == ["a1"]
        assert main(["stories", "--db", str(path)]) == 0
    finally:
        _thaw(folder)
