"""``Store``: one SQLite file holding articles, duplicates, stories and later stages' results.

One writer, many readers (as datasette does): the ingest process owns the
read-write ``Store``; every reader (web app worker, CLI listing) opens its own
``Store(path, readonly=True)``. WAL mode lets readers see the last committed
batch while the writer goes on. A ``Store`` may be shared between threads (its
calls are serialised by a lock), but one per thread is cheaper.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, ClassVar

import parallax.store.codec as codec
import parallax.store.connect as connect
import parallax.store.fts as fts
from parallax.model import Annotation, Article, Digest, Duplicate, InputError, Story
from parallax.store.errors import StoreError
from parallax.store.schema import migrate, schema_version
from parallax.store.views import ArticleRef, SearchHit, StoryEntry

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


class Store:
    """A parallax SQLite store (created and migrated on first read-write open)."""

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self) -> Store:
        """A new read-only connection to the same file (for another thread or process)."""
        return Store(self.path, readonly=True)

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

    # -- inputs ------------------------------------------------------------

    def input_done(self, marker: InputMarker) -> bool:
        """True when this exact input (same path, size, mtime) or the same content was finished."""
        row = self._one(
            "SELECT 1 FROM inputs WHERE path = ? AND size = ? AND mtime_ns = ?",
            (marker.path, marker.size, marker.mtime_ns),
        )
        if row:
            return True
        return bool(marker.sha256) and bool(
            self._one("SELECT 1 FROM inputs WHERE sha256 = ?", (marker.sha256,))
        )

    def mark_input_done(self, marker: InputMarker, articles: int) -> None:
        self._write(
            "INSERT OR REPLACE INTO inputs(path, size, mtime_ns, sha256, articles, done_at) VALUES (?,?,?,?,?,?)",
            (marker.path, marker.size, marker.mtime_ns, marker.sha256, articles, now()),
        )

    def add_error(self, error: InputError) -> None:
        self._write(
            "INSERT INTO errors(path, reason, at) VALUES (?,?,?)", (error.source, error.reason, now())
        )

    def errors(self, limit: int | None = None) -> list[InputError]:
        """Input errors recorded by ingest runs, newest first."""
        rows = self._rows("SELECT path, reason FROM errors ORDER BY id DESC LIMIT ?", (limit or -1,))
        return [InputError(p, r) for p, r in rows]

    # -- articles ----------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def add_article(self, article: Article) -> bool:
        """Insert ``article`` unless its id is stored; True when it was new."""
        a = article
        return (
            self._write(
                f"INSERT OR IGNORE INTO articles({_ARTICLE_COLS}, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.source,
                    a.url,
                    a.outlet,
                    a.title,
                    json.dumps(a.authors, ensure_ascii=False),
                    a.published,
                    a.published_confidence,
                    a.dateline,
                    a.language,
                    a.canonical_url,
                    json.dumps(a.removed, ensure_ascii=False),
                    a.text,
                    now(),
                ),
            )
            > 0
        )

    @staticmethod
    def _article(row: Sequence[Any]) -> Article:
        return Article(
            id=row[0],
            source=row[1],
            url=row[2],
            outlet=row[3],
            title=row[4],
            authors=json.loads(row[5]),
            published=row[6],
            published_confidence=row[7],
            dateline=row[8],
            language=row[9],
            canonical_url=row[10],
            removed=json.loads(row[11]),
            text=row[12],
        )

    def article(self, article_id: str) -> Article | None:
        row = self._one(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,))
        return self._article(row) if row else None

    def articles(self, article_ids: Iterable[str]) -> list[Article]:
        """The stored articles among ``article_ids``, in the order asked."""
        ids = list(article_ids)
        found: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({marks})", chunk):
                found[row[0]] = self._article(row)
        return [found[i] for i in ids if i in found]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every stored article in insertion order, read in batches (constant memory)."""
        last = 0
        while True:
            rows = self._rows(
                f"SELECT rowid, {_ARTICLE_COLS} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            )
            if not rows:
                return
            for row in rows:
                yield self._article(row[1:])
            last = rows[-1][0]

    def count_articles(self) -> int:
        return int(self._one("SELECT count(*) FROM articles")[0])

    # -- duplicates --------------------------------------------------------

    def add_duplicate(self, dup: Duplicate) -> None:
        self._write(
            "INSERT OR REPLACE INTO duplicates(article_id, canonical_id, similarity, exact) VALUES (?,?,?,?)",
            (dup.article_id, dup.canonical_id, dup.similarity, int(dup.exact)),
        )

    def duplicate_of(self, article_id: str) -> Duplicate | None:
        row = self._one(
            "SELECT article_id, canonical_id, similarity, exact FROM duplicates WHERE article_id = ?",
            (article_id,),
        )
        return Duplicate(row[0], row[1], row[2], bool(row[3])) if row else None

    def duplicates_of(self, canonical_id: str) -> list[Duplicate]:
        """Copies of ``canonical_id`` (its provenance: where else it was republished)."""
        rows = self._rows(
            "SELECT article_id, canonical_id, similarity, exact FROM duplicates WHERE canonical_id = ? "
            "ORDER BY similarity DESC, article_id",
            (canonical_id,),
        )
        return [Duplicate(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def count_duplicates(self) -> int:
        return int(self._one("SELECT count(*) FROM duplicates")[0])

    # -- stories -----------------------------------------------------------

    def set_membership(self, article_id: str, story_id: str) -> None:
        self._write(
            "INSERT OR REPLACE INTO memberships(article_id, story_id) VALUES (?, ?)", (article_id, story_id)
        )

    def refresh_stories(self, story_ids: Iterable[str] | None = None) -> None:
        """Recompute title, dates, outlets and size of ``story_ids`` (all when None) from members.

        The title is that of the earliest canonical (non-duplicate) member with one.
        """
        ids = None if story_ids is None else sorted(set(story_ids))
        with self.transaction():
            if ids is None:
                self._write("DELETE FROM stories")
                chunks: list[list[str] | None] = [None]
            else:
                chunks = [ids[i : i + 400] for i in range(0, len(ids), 400)]
            for chunk in chunks:
                where = "" if chunk is None else f"WHERE m.story_id IN ({','.join('?' * len(chunk))})"
                params = [now(), *(chunk or [])]
                self._write(
                    f"""
                    INSERT INTO stories(id, title, first_published, last_published, outlets, n_articles,
                                        updated_at)
                    SELECT m.story_id,
                        (SELECT a2.title FROM memberships m2 JOIN articles a2 ON a2.id = m2.article_id
                           LEFT JOIN duplicates d2 ON d2.article_id = a2.id
                          WHERE m2.story_id = m.story_id AND a2.title IS NOT NULL AND a2.title != ''
                          ORDER BY d2.article_id IS NOT NULL, a2.published IS NULL, a2.published, a2.rowid
                          LIMIT 1),
                        min(a.published), max(a.published),
                        (SELECT json_group_array(o) FROM (
                            SELECT DISTINCT a3.outlet AS o FROM memberships m3
                              JOIN articles a3 ON a3.id = m3.article_id
                             WHERE m3.story_id = m.story_id AND a3.outlet IS NOT NULL ORDER BY o)),
                        count(*), ?
                    FROM memberships m JOIN articles a ON a.id = m.article_id
                    {where}
                    GROUP BY m.story_id
                    ON CONFLICT(id) DO UPDATE SET
                        title = excluded.title, first_published = excluded.first_published,
                        last_published = excluded.last_published, outlets = excluded.outlets,
                        n_articles = excluded.n_articles, updated_at = excluded.updated_at
                    """,
                    params,
                )
                if chunk is not None:
                    # A story whose members all moved away (re-clustering) is gone.
                    self._write(
                        f"DELETE FROM stories WHERE id IN ({','.join('?' * len(chunk))}) AND NOT EXISTS "
                        "(SELECT 1 FROM memberships m WHERE m.story_id = stories.id)",
                        chunk,
                    )

    def apply_recluster(self, mapping: dict[str, str], stories: Iterable[Story]) -> None:
        """Replace memberships by ``stories`` and forward old ids through ``mapping`` (old -> new)."""
        with self.transaction():
            at = now()
            for old, new in mapping.items():
                if old == new:
                    continue
                # Keep alias chains one hop long: whatever pointed at ``old`` now points at ``new``.
                self._write("UPDATE story_aliases SET new_id = ? WHERE new_id = ?", (new, old))
                self._write(
                    "INSERT OR REPLACE INTO story_aliases(old_id, new_id, at) VALUES (?,?,?)", (old, new, at)
                )
            # An id that is live again must not forward anywhere.
            self._write("DELETE FROM memberships")
            for story in stories:
                self._write("DELETE FROM story_aliases WHERE old_id = ?", (story.id,))
                with self._lock:
                    self.db.executemany(
                        "INSERT OR REPLACE INTO memberships(article_id, story_id) VALUES (?, ?)",
                        [(a, story.id) for a in story.article_ids],
                    )
            self.refresh_stories(None)

    def resolve_story_id(self, story_id: str) -> str:
        """The live id of ``story_id`` (itself, or where re-clustering forwarded it)."""
        seen = {story_id}
        current = story_id
        while True:
            row = self._one("SELECT new_id FROM story_aliases WHERE old_id = ?", (current,))
            if not row or row[0] in seen:
                return current
            current = row[0]
            seen.add(current)

    def story_of(self, article_id: str) -> str | None:
        row = self._one("SELECT story_id FROM memberships WHERE article_id = ?", (article_id,))
        return row[0] if row else None

    def count_stories(self) -> int:
        return int(self._one("SELECT count(*) FROM stories")[0])

    _ORDERS: ClassVar[dict[str, str]] = {
        # DESC puts NULLs last in SQLite; a bare DESC lets the stories_last index serve the order.
        "recent": "s.last_published DESC, s.n_articles DESC, s.id",
        "size": "s.n_articles DESC, s.last_published DESC, s.id",
        "outlets": "json_array_length(s.outlets) DESC, s.n_articles DESC, s.id",
    }

    def story_rows(
        self,
        *,
        order: str = "recent",
        limit: int | None = None,
        offset: int = 0,
        outlet: str | None = None,
        min_articles: int = 1,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        with_members: bool = True,
    ) -> list[Story]:
        """Stories (with their member ids) in ``order`` (recent, size or outlets).

        Filters: ``outlet`` covers it, ``since``/``until`` (ISO date prefixes) overlap its
        publication span, ``entity`` (an entity id) is mentioned by one of its articles.
        """
        if order not in self._ORDERS:
            raise ValueError(f"unknown story order {order!r}; use one of {sorted(self._ORDERS)}")
        where = ["s.n_articles >= ?"]
        params: list[Any] = [min_articles]
        if outlet is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(s.outlets) WHERE json_each.value = ?)")
            params.append(outlet)
        if since:
            where.append("s.last_published >= ?")
            params.append(since)
        if until:
            # A prefix bound: until="2019-02" keeps stories starting any time in February 2019.
            where.append("s.first_published <= ?")
            params.append(until + "\uffff")
        if entity:
            where.append(
                "s.id IN (SELECT m.story_id FROM entity_mentions e "
                "JOIN memberships m ON m.article_id = e.article_id WHERE e.entity_id = ?)"
            )
            params.append(entity)
        rows = self._rows(
            "SELECT s.id, s.title, s.first_published, s.last_published, s.outlets FROM stories s "
            f"WHERE {' AND '.join(where)} ORDER BY {self._ORDERS[order]} LIMIT ? OFFSET ?",
            [*params, limit if limit is not None else -1, offset],
        )
        stories = [Story(id=r[0], article_ids=[], title=r[1], first_published=r[2], last_published=r[3],
                         outlets=json.loads(r[4])) for r in rows]  # fmt: skip
        if not with_members:
            return stories
        by_id = {s.id: s for s in stories}
        ids = list(by_id)
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            for sid, aid in self._rows(
                "SELECT m.story_id, m.article_id FROM memberships m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.story_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY a.published IS NULL, a.published, a.rowid",
                chunk,
            ):
                by_id[sid].article_ids.append(aid)
        return stories

    def stories(self, **kwargs: Any) -> list[StoryEntry]:
        """Stories with an ``ArticleRef`` per member (see ``story_rows`` for the options)."""
        stories = self.story_rows(**{**kwargs, "with_members": False})
        members = self._member_refs([s.id for s in stories])
        entries = []
        for s in stories:
            refs = members.get(s.id, [])
            s.article_ids = [r.id for r in refs]
            entries.append(StoryEntry(s, refs))
        return entries

    def _member_refs(self, story_ids: list[str]) -> dict[str, list[ArticleRef]]:
        """Story id -> an ``ArticleRef`` per member, oldest first (one query per 400 stories)."""
        out: dict[str, list[ArticleRef]] = {}
        for i in range(0, len(story_ids), 400):
            chunk = story_ids[i : i + 400]
            for r in self._rows(
                "SELECT m.story_id, a.id, a.title, a.outlet, a.url, a.published, d.canonical_id "
                "FROM memberships m JOIN articles a ON a.id = m.article_id "
                "LEFT JOIN duplicates d ON d.article_id = a.id "
                f"WHERE m.story_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY a.published IS NULL, a.published, a.rowid",
                chunk,
            ):
                out.setdefault(r[0], []).append(ArticleRef(*r[1:]))
        return out

    def story(self, story_id: str) -> StoryEntry | None:
        """One story by id; an id that re-clustering retired is followed to its new story."""
        live = self.resolve_story_id(story_id)
        row = self._one(
            "SELECT id, title, first_published, last_published, outlets FROM stories WHERE id = ?", (live,)
        )
        if not row:
            return None
        refs = self._member_refs([live]).get(live, [])
        story = Story(row[0], [r.id for r in refs], json.loads(row[4]), row[1], row[2], row[3])
        return StoryEntry(story, refs)

    def _refs(self, article_ids: list[str]) -> dict[str, ArticleRef]:
        refs: dict[str, ArticleRef] = {}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i : i + 500]
            for r in self._rows(
                "SELECT a.id, a.title, a.outlet, a.url, a.published, d.canonical_id FROM articles a "
                "LEFT JOIN duplicates d ON d.article_id = a.id "
                f"WHERE a.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                refs[r[0]] = ArticleRef(*r)
        return refs

    # -- story assigner state ------------------------------------------------

    def save_assigner_state(self, data: bytes, articles: int, name: str = "default") -> None:
        self._write(
            "INSERT OR REPLACE INTO assigner_state(name, data, articles, saved_at) VALUES (?,?,?,?)",
            (name, sqlite3.Binary(data), articles, now()),
        )

    def load_assigner_state(self, name: str = "default") -> bytes | None:
        row = self._one("SELECT data FROM assigner_state WHERE name = ?", (name,))
        return bytes(row[0]) if row else None

    # -- later stages: annotations and digests ------------------------------

    def put_annotation(self, annotation: Annotation, model: str | None = None) -> None:
        """Store an article's annotation and index its entities (one transaction)."""
        counts: dict[str, list[Any]] = {}
        for e in annotation.entities:
            if e.entity_id:
                row = counts.setdefault(e.entity_id, [e.label, e.text, 0])
                # The fullest form names the entity in this article ("Donald Trump" over "Trump").
                if len(e.text) > len(row[1]):
                    row[1] = e.text
                row[2] += 1
        with self.transaction():
            self._write(
                "INSERT OR REPLACE INTO annotations(article_id, data, model, at) VALUES (?,?,?,?)",
                (annotation.article_id, codec.dumps(annotation), model, now()),
            )
            self._write("DELETE FROM entity_mentions WHERE article_id = ?", (annotation.article_id,))
            with self._lock:
                self.db.executemany(
                    "INSERT INTO entity_mentions(entity_id, article_id, label, name, mentions) VALUES (?,?,?,?,?)",
                    [(eid, annotation.article_id, *row) for eid, row in counts.items()],
                )

    def entity_article_ids(self, entity_id: str, limit: int | None = None) -> list[str]:
        """Ids of the articles that mention ``entity_id``, most mentions first."""
        rows = self._rows(
            "SELECT article_id FROM entity_mentions WHERE entity_id = ? ORDER BY mentions DESC, article_id LIMIT ?",
            (entity_id, limit if limit is not None else -1),
        )
        return [r[0] for r in rows]

    def entities(self, limit: int | None = 100, label: str | None = None) -> list[tuple[str, str, str, int]]:
        """(entity_id, name, label, number of articles) of the most widely mentioned entities."""
        where, params = ("WHERE label = ?", [label]) if label else ("", [])
        rows = self._rows(
            f"SELECT entity_id, max(name), max(label), count(*) AS n FROM entity_mentions {where} "
            "GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?",
            [*params, limit if limit is not None else -1],
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def entity_article_mentions(
        self, entity_id: str, limit: int | None = None
    ) -> list[tuple[str, str, str, int]]:
        """(article_id, label, fullest name, mentions) of the articles mentioning ``entity_id``, most first."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self._rows(
                "SELECT article_id, label, name, mentions FROM entity_mentions WHERE entity_id = ? "
                "ORDER BY mentions DESC, article_id LIMIT ?",
                (entity_id, limit if limit is not None else -1),
            )
        ]

    def quoting_article_ids(self, speaker_entity_id: str, article_ids: Iterable[str]) -> list[str]:
        """Those of ``article_ids`` whose annotation quotes ``speaker_entity_id`` (JSON read by SQLite)."""
        ids = list(article_ids)
        out: list[str] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out += [
                r[0]
                for r in self._rows(
                    "SELECT n.article_id FROM annotations n WHERE n.article_id IN "
                    f"({','.join('?' * len(chunk))}) AND EXISTS (SELECT 1 FROM json_each(n.data, '$.quotes') q "
                    "WHERE json_extract(q.value, '$.speaker_entity_id') = ?)",
                    [*chunk, speaker_entity_id],
                )
            ]
        return out

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> story id, for those of ``article_ids`` in a story."""
        ids = list(article_ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out.update(
                self._rows(
                    "SELECT article_id, story_id FROM memberships "
                    f"WHERE article_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return out

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, ArticleRef]:
        """Listing data (no text) of the stored articles among ``article_ids``."""
        return self._refs(list(article_ids))

    def entity_mentions_of(self, article_ids: Iterable[str]) -> list[tuple[str, str, str, int]]:
        """(entity_id, label, fullest name, mentions) per entity per article among ``article_ids``."""
        ids = list(article_ids)
        out: list[tuple[str, str, str, int]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out += self._rows(
                "SELECT entity_id, label, name, mentions FROM entity_mentions "
                f"WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        return out

    def outlets(self) -> list[str]:
        """Every outlet with a stored article, sorted."""
        # A scan of the outlet index (~100k rows: tens of ms); kept until an article is added.
        stamp = self._one("SELECT max(rowid) FROM articles")[0]
        if self._outlets is None or self._outlets[0] != stamp:
            rows = self._rows("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")
            self._outlets = (stamp, [r[0] for r in rows])
        return list(self._outlets[1])

    def annotation(self, article_id: str) -> Annotation | None:
        row = self._one("SELECT data FROM annotations WHERE article_id = ?", (article_id,))
        return codec.loads(Annotation, row[0]) if row else None

    def annotations(self, article_ids: Iterable[str]) -> dict[str, Annotation]:
        ids = list(article_ids)
        out: dict[str, Annotation] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for aid, data in self._rows(
                f"SELECT article_id, data FROM annotations WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                out[aid] = codec.loads(Annotation, data)
        return out

    def unannotated_ids(self, limit: int | None = None) -> list[str]:
        """Ids of stored articles with no annotation yet (for the language stage to fill in)."""
        return [
            r[0]
            for r in self._rows(
                "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
                "WHERE n.article_id IS NULL ORDER BY a.rowid LIMIT ?",
                (limit if limit is not None else -1,),
            )
        ]

    def put_digest(self, digest: Digest) -> None:
        """Store a story's digest, keyed by its story id and the member ids it was built from."""
        self._write(
            "INSERT OR REPLACE INTO digests(story_id, data, article_ids_key, at) VALUES (?,?,?,?)",
            (digest.story.id, codec.dumps(digest), members_key(digest.story.article_ids), now()),
        )

    def digest(self, story_id: str, *, current_only: bool = False) -> Digest | None:
        """The stored digest of a story; with ``current_only``, None when its members changed since."""
        live = self.resolve_story_id(story_id)
        row = self._one("SELECT data, article_ids_key FROM digests WHERE story_id = ?", (live,))
        if not row:
            return None
        if current_only:
            ids = [r[0] for r in self._rows("SELECT article_id FROM memberships WHERE story_id = ?", (live,))]
            if members_key(ids) != row[1]:
                return None
        return codec.loads(Digest, row[0])

    def drop_digests(self, story_ids: Iterable[str]) -> None:
        """Forget the stored digests of ``story_ids`` (their articles' annotations changed)."""
        for sid in story_ids:
            self._write("DELETE FROM digests WHERE story_id = ?", (sid,))

    def stale_digest_story_ids(self) -> list[str]:
        """Ids of the stories with no digest, or one built from other members, newest first."""
        members: dict[str, list[str]] = {}
        for sid, aid in self._rows("SELECT story_id, article_id FROM memberships"):
            members.setdefault(sid, []).append(aid)
        keys = dict(self._rows("SELECT story_id, article_ids_key FROM digests"))
        order = self._rows(f"SELECT s.id FROM stories s ORDER BY {self._ORDERS['recent']}")
        return [r[0] for r in order if r[0] in members and keys.get(r[0]) != members_key(members[r[0]])]

    # -- full-text search ----------------------------------------------------

    def search(
        self, query: str, limit: int = 20, *, literal: bool = False, budget: float | None = None
    ) -> list[SearchHit]:
        """Articles matching an FTS5 ``query`` (best first) with highlighted snippets.

        ``literal`` reads the query as words and "quoted phrases" (never a syntax error),
        for search boxes. A query over ``fts.MAX_QUERY_CHARS`` or ``fts.MAX_TERMS``, or
        one FTS5 rejects, raises SearchQueryError; one that runs past ``budget``
        seconds raises SearchTimeout.
        """
        try:
            return fts.search(self.db, self._lock, query, limit, literal=literal, budget=budget)
        except sqlite3.DatabaseError as exc:
            raise connect.explain(self.path, exc) from None
