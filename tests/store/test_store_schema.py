"""Schema versioning: fresh stores, upgrade from v1, refusing newer schemas."""

from __future__ import annotations

import json
import sqlite3

import pytest

from parallax.store import SCHEMA_VERSION, Store, StoreError
from parallax.store.schema import MIGRATIONS, migrate, schema_version


def test_fresh_store_is_at_latest_version_in_wal(tmp_path):
    with Store(tmp_path / "p.db") as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upgrade_from_v1_keeps_data_and_indexes_it(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, target=1) == 1
    db.execute(
        "INSERT INTO articles(id, source, title, text, added_at) VALUES "
        "('a1', 'x.txt', 'Old summit', 'Negotiators met in Hanoi for the summit.', '2019-01-01')"
    )
    db.execute("INSERT INTO memberships(article_id, story_id) VALUES ('a1', 's1')")
    db.close()

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.article("a1").title == "Old summit"
        # v2 built the FTS index over rows written before it existed.
        assert [h.article_id for h in store.search("hanoi")] == ["a1"]
        # v3 tables are usable.
        assert store.resolve_story_id("s1") == "s1"
        assert store.annotation("a1") is None


def test_failed_migration_leaves_version_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, target=1)
    monkeypatch.setattr("parallax.store.schema.MIGRATIONS", [MIGRATIONS[0], "CREATE TABLE t(x); BOGUS SQL;"])
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, target=2)
    assert schema_version(db) == 1
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "p.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        Store(path)


def test_readonly_needs_existing_current_store(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", readonly=True)
    db = sqlite3.connect(tmp_path / "v1.db", isolation_level=None)
    migrate(db, target=1)
    db.close()
    with pytest.raises(StoreError, match="migrate"):
        Store(tmp_path / "v1.db", readonly=True)


def test_upgrade_from_v3_backfills_the_entity_index(tmp_path):
    path = tmp_path / "v3.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, target=3)
    db.execute(
        "INSERT INTO articles(id, source, text, added_at) VALUES ('a1', 'x', 'Kim met Trump. Kim left.', 't')"
    )
    ents = [
        {"start": 0, "end": 3, "text": "Kim", "label": "PER", "entity_id": "kim"},
        {"start": 8, "end": 13, "text": "Trump", "label": "PER", "entity_id": "trump"},
        {"start": 15, "end": 18, "text": "Kim", "label": "PER", "entity_id": "kim"},
        {"start": 0, "end": 1, "text": "K", "label": "MISC", "entity_id": None},
    ]
    data = json.dumps(
        {"article_id": "a1", "text": "...", "sentences": [], "entities": ents, "quotes": [], "times": []}
    )
    db.execute("INSERT INTO annotations(article_id, data, at) VALUES ('a1', ?, 't')", (data,))
    db.close()
    with Store(path) as store:
        assert store.entity_article_ids("kim") == ["a1"] == store.entity_article_ids("trump")
        assert store.entities() == [("kim", "Kim", "PER", 1), ("trump", "Trump", "PER", 1)]
        assert store.annotation("a1").entities[1].text == "Trump"
