"""Stories: memberships, story rows and listings, retired ids, the story assigner's state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, ClassVar

from parallax.model import Story
from parallax.store.base import StoreBase, now
from parallax.store.views import ArticleRef, StoryEntry

#: ORDER BY clauses of the story listings.
STORY_ORDERS: dict[str, str] = {
    # DESC puts NULLs last in SQLite; a bare DESC lets the stories_last index serve the order.
    "recent": "s.last_published DESC, s.n_articles DESC, s.id",
    "size": "s.n_articles DESC, s.last_published DESC, s.id",
    "outlets": "json_array_length(s.outlets) DESC, s.n_articles DESC, s.id",
}


class StoryTables(StoreBase):
    """The ``memberships``, ``stories``, ``story_aliases`` and ``assigner_state`` tables."""

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

    _ORDERS: ClassVar[dict[str, str]] = STORY_ORDERS

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
        with self.snapshot():
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
        with self.snapshot():
            live = self.resolve_story_id(story_id)
            row = self._one(
                "SELECT id, title, first_published, last_published, outlets FROM stories WHERE id = ?",
                (live,),
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
