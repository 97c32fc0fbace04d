"""The store's schema as an ordered list of migrations.

``PRAGMA user_version`` holds the number of migrations applied; opening a
store applies the missing ones in order, each in its own transaction. Never
edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from parallax.store.errors import StoreError

#: A migration is an SQL script, or a callable that changes the schema with ``execute()`` only
#: (``executescript()`` would commit the surrounding transaction).
Migration = str | Callable[[sqlite3.Connection], None]


#: Inputs, articles, duplicates, stories, memberships, assigner state, errors.
V1_CORE = """
        CREATE TABLE inputs (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            articles INTEGER NOT NULL,
            done_at TEXT NOT NULL
        );
        CREATE INDEX inputs_sha256 ON inputs(sha256);

        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_confidence REAL NOT NULL DEFAULT 0,
            dateline TEXT,
            language TEXT,
            canonical_url TEXT,
            removed TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);

        CREATE TABLE duplicates (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            canonical_id TEXT NOT NULL,
            similarity REAL NOT NULL,
            exact INTEGER NOT NULL
        );
        CREATE INDEX duplicates_canonical ON duplicates(canonical_id);

        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first_published TEXT,
            last_published TEXT,
            outlets TEXT NOT NULL DEFAULT '[]',
            n_articles INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX stories_last ON stories(last_published);

        CREATE TABLE memberships (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL
        );
        CREATE INDEX memberships_story ON memberships(story_id);

        CREATE TABLE assigner_state (
            name TEXT PRIMARY KEY,
            data BLOB NOT NULL,
            articles INTEGER NOT NULL,
            saved_at TEXT NOT NULL
        );

        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
"""


#: FTS5 over article title + text (external content, kept in sync by triggers).
V2_FTS = """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""


#: Story id aliases (forwarded by re-clustering), annotations and digests.
V3_LATER_STAGES = """
        CREATE TABLE story_aliases (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            data TEXT NOT NULL,
            model TEXT,
            at TEXT NOT NULL
        );
        CREATE TABLE digests (
            story_id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            article_ids_key TEXT NOT NULL,
            at TEXT NOT NULL
        );
"""


#: Entity index (entity id -> articles) for entity pages and the story list's entity filter,
#: backfilled from stored annotations and kept in step by ``Store.put_annotation``.
V4_ENTITY_INDEX = """
        CREATE TABLE entity_mentions (
            entity_id TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
        INSERT OR REPLACE INTO entity_mentions(entity_id, article_id, label, name, mentions)
            SELECT json_extract(e.value, '$.entity_id'), n.article_id, json_extract(e.value, '$.label'),
                   max(json_extract(e.value, '$.text')), count(*)
            FROM annotations n, json_each(n.data, '$.entities') e
            WHERE json_extract(e.value, '$.entity_id') IS NOT NULL
            GROUP BY 1, 2;
"""


#: Ordered migrations; ``user_version`` = how many were applied.
MIGRATIONS: list[Migration] = [V1_CORE, V2_FTS, V3_LATER_STAGES, V4_ENTITY_INDEX]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


#: The tables a store of the current schema holds (a store missing one is refused).
TABLES = frozenset({
    "inputs", "articles", "articles_fts", "duplicates", "stories", "memberships", "assigner_state",
    "errors", "story_aliases", "annotations", "digests", "entity_mentions",
})  # fmt: skip


def migrate(db: sqlite3.Connection, target: int = SCHEMA_VERSION, path: str = "") -> int:
    """Apply the missing migrations up to ``target``; return the version reached.

    Each step re-reads the version under the write lock, so two processes
    creating the same store at once apply each migration once.
    """
    current = schema_version(db)
    while True:
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: written by a newer parallax (schema version {current}, this one knows "
                f"{SCHEMA_VERSION}); upgrade parallax"
            )
        if current >= target:
            return current
        db.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(db)
            if current < target:
                _apply(db, MIGRATIONS[current])
                # user_version is set inside the migration's own transaction: all or nothing.
                db.execute(f"PRAGMA user_version = {current + 1}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        current = schema_version(db)


def _apply(db: sqlite3.Connection, step: Migration) -> None:
    if not isinstance(step, str):
        step(db)
        return
    # Statement by statement: executescript() would commit the surrounding transaction.
    statement = ""
    for piece in step.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute(statement)
            statement = ""
