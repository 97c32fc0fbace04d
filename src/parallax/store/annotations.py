"""Later stages' results: annotations with their entity index, and story digests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import parallax.store.codec as codec
from parallax.model import Annotation, Digest
from parallax.store.base import members_key, now
from parallax.store.stories import STORY_ORDERS, StoryTables


class AnnotationTables(StoryTables):
    """The ``annotations``, ``entity_mentions`` and ``digests`` tables (digests follow retired story ids)."""

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
        order = self._rows(f"SELECT s.id FROM stories s ORDER BY {STORY_ORDERS['recent']}")
        return [r[0] for r in order if r[0] in members and keys.get(r[0]) != members_key(members[r[0]])]
