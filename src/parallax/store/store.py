"""``Store``: one SQLite file holding articles, duplicates, stories and later stages' results.

One writer, many readers (as datasette does): the ingest process owns the
read-write ``Store``; every reader (web app worker, CLI listing) opens its own
``Store(path, readonly=True)``. WAL mode lets readers see the last committed
batch while the writer goes on. A ``Store`` may be shared between threads (its
calls are serialised by a lock), but one per thread is cheaper. Its methods are
grouped by table (``articles``, ``stories``, ``annotations``) on one connection (``base``).
"""

from __future__ import annotations

import sqlite3

import parallax.store.connect as connect
import parallax.store.fts as fts
from parallax.store.annotations import AnnotationTables
from parallax.store.articles import ArticleTables
from parallax.store.base import InputMarker, members_key, now
from parallax.store.views import SearchHit

__all__ = ["InputMarker", "Store", "members_key", "now"]


class Store(ArticleTables, AnnotationTables):
    """A parallax SQLite store (created and migrated on first read-write open)."""

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
