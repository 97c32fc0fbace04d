"""Inputs, errors, articles and duplicates: the tables ingest fills first."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from parallax.model import Article, Duplicate, InputError
from parallax.store.base import InputMarker, StoreBase, now

_ARTICLE_COLS = (
    "id, source, url, outlet, title, authors, published, published_confidence, "
    "dateline, language, canonical_url, removed, text"
)


class ArticleTables(StoreBase):
    """The ``inputs``, ``errors``, ``articles`` and ``duplicates`` tables."""

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

    def outlets(self) -> list[str]:
        """Every outlet with a stored article, sorted."""
        # A scan of the outlet index (~100k rows: tens of ms); kept until an article is added.
        stamp = self._one("SELECT max(rowid) FROM articles")[0]
        if self._outlets is None or self._outlets[0] != stamp:
            rows = self._rows("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")
            self._outlets = (stamp, [r[0] for r in rows])
        return list(self._outlets[1])
