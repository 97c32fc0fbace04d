"""Full-text search over ``articles_fts``: queries turned into safe FTS5, with bounded work.

What people type (words, "quoted phrases", ``prefix*``) becomes an FTS5 query
of quoted strings only, so no input is a syntax error (``plain_query``). Raw
FTS5 syntax is the advanced mode. Both are capped in length and terms (FTS5's
ranking and snippets cost grows with the square of the terms), and a query
runs under a time budget enforced by SQLite's progress handler.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from threading import RLock

from parallax.store.errors import SearchQueryError, SearchTimeout
from parallax.store.views import HIT_CLOSE, HIT_OPEN, SearchHit, split_snippet

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 500
#: Most words (tokens, as FTS5 splits them) in one query.
MAX_TERMS = 32
#: SQLite virtual-machine steps between two checks of the time budget.
_CHECK_EVERY = 1000

# A quoted phrase (an unclosed quote runs to the end), or a run of non-space characters.
_PART = re.compile(r'"([^"]*)(?:"|$)|([^\s"]+)')
# FTS5's unicode61 tokenizer keeps letters and digits and splits on everything else.
_TOKEN = re.compile(r"[^\W_]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}

# FTS5 reports query problems as OperationalError with these messages; anything
# else (locked, I/O) is a real database error and is not disguised as a bad query.
_QUERY_ERROR_MARKERS = ("fts5", "syntax error", "no such column", "unknown special query", "unterminated")


def _check_size(query: str, terms: int) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            query[:80] + "…", f"query too long ({len(query):,} characters; at most {MAX_QUERY_CHARS})"
        )
    if terms > MAX_TERMS:
        raise SearchQueryError(query[:80] + "…", f"too many words ({terms:,}; at most {MAX_TERMS})")


def plain_query(text: str) -> str:
    """Words and "quoted phrases" -> an FTS5 query matching all of them (no operators).

    Each word or phrase becomes one quoted FTS5 string of its letter/digit tokens
    (``covid-19`` -> ``"covid 19"``, the phrase FTS5 indexed); a bare word ending in
    ``*`` is a prefix. Repeats are dropped. Returns "" when nothing searchable is left.
    """
    _check_size(text, 0)
    parts: dict[str, None] = {}
    terms = 0
    for m in _PART.finditer(text):
        phrase, word = m.group(1), m.group(2)
        tokens = _TOKEN.findall(phrase if phrase is not None else word)
        if not tokens:
            continue
        star = "*" if word is not None and word.endswith("*") else ""
        part = '"' + " ".join(tokens) + '"' + star
        if part not in parts:
            parts[part] = None
            terms += len(tokens)
    _check_size(text, terms)
    return " ".join(parts)


def advanced_query(text: str) -> str:
    """A raw FTS5 query, checked against the size caps only (FTS5 judges its syntax)."""
    _check_size(text, sum(1 for t in _TOKEN.findall(text) if t not in _OPERATORS))
    return text.strip()


@contextmanager
def time_budget(db: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Make SQLite abort the statements run in this block once ``seconds`` have passed."""
    if not seconds or seconds <= 0:
        yield
        return
    deadline = time.monotonic() + seconds
    db.set_progress_handler(lambda: int(time.monotonic() > deadline), _CHECK_EVERY)
    try:
        yield
    finally:
        db.set_progress_handler(None, 0)


def search(
    db: sqlite3.Connection,
    lock: RLock,
    query: str,
    limit: int = 20,
    *,
    literal: bool = False,
    budget: float | None = None,
) -> list[SearchHit]:
    """Articles matching ``query`` (best first) with highlighted snippets; see ``Store.search``."""
    q = plain_query(query) if literal else advanced_query(query)
    if not q:
        if query.strip():
            return []  # only punctuation: nothing FTS5 could match
        raise SearchQueryError(query, "empty query")
    try:
        with lock, time_budget(db, budget):
            rows = db.execute(_SQL, (q, limit)).fetchall()
    except sqlite3.OperationalError as exc:
        msg = str(exc)
        if msg == "interrupted" and budget:
            raise SearchTimeout(query, budget) from None
        if any(marker in msg.lower() for marker in _QUERY_ERROR_MARKERS):
            raise SearchQueryError(query, msg) from None
        raise
    hits = []
    for aid, title, outlet, published, story_id, score, snip, title_marked in rows:
        segments = split_snippet(snip or "")
        if not any(hit for _, hit in segments) and title_marked:
            # The match is in the title only: show the highlighted title as the snippet.
            segments = split_snippet(title_marked)
        hits.append(SearchHit(aid, title, outlet, published, story_id, -float(score), segments))
    return hits


# Rank first, then make snippets for the page only: SQLite evaluates a query's columns
# before sorting, so one query would build a snippet for every match (3x slower).
_SQL = f"""
    WITH top AS (
        SELECT rowid AS r, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts
        WHERE articles_fts MATCH ?1 ORDER BY score LIMIT ?2)
    SELECT a.id, a.title, a.outlet, a.published, m.story_id, top.score,
           snippet(articles_fts, 1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 16),
           highlight(articles_fts, 0, '{HIT_OPEN}', '{HIT_CLOSE}')
    FROM top
    JOIN articles_fts ON articles_fts.rowid = top.r
    JOIN articles a ON a.rowid = top.r
    LEFT JOIN memberships m ON m.article_id = a.id
    WHERE articles_fts MATCH ?1
    ORDER BY top.score, a.rowid
"""
