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
#: Most words (letter/digit runs) in one query.
MAX_TERMS = 64
#: SQLite virtual-machine steps between two checks of the time budget.
_CHECK_EVERY = 1000

# A quoted phrase (an unclosed quote runs to the end), or a run of non-space characters.
_PART = re.compile(r'"([^"]*)(?:"|$)|([^\s"]+)')
# Roughly FTS5's unicode61 tokens (letter and digit runs): for the caps, and to drop pure punctuation.
_TOKEN = re.compile(r"[^\W_]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Typographic double quotes (pasted text, phone keyboards) quote phrases too.
_CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})

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

    Each word or phrase becomes one quoted FTS5 string, which FTS5 splits into tokens as it
    split the indexed text (``covid-19`` -> the phrase "covid 19"); a bare word ending in
    ``*`` is a prefix. Repeats are dropped. Returns "" when nothing searchable is left.
    """
    _check_size(text, 0)
    parts: dict[str, None] = {}
    terms = 0
    for m in _PART.finditer(text.translate(_CURLY)):
        phrase, word = m.group(1), m.group(2)
        star = "*" if word is not None and word.endswith("*") else ""
        raw = phrase if phrase is not None else word.rstrip("*")
        tokens = len(_TOKEN.findall(raw))
        if not tokens:
            continue  # only punctuation: FTS5 would find no token in it either
        part = '"' + raw + '"' + star  # no '"' inside: _PART ends a word or phrase there
        if part not in parts:
            parts[part] = None
            terms += tokens
    _check_size(text, terms)
    return " ".join(parts)


def advanced_query(text: str) -> str:
    """A raw FTS5 query, checked against the size caps only (FTS5 judges its syntax)."""
    _check_size(text, sum(1 for t in _TOKEN.findall(text) if t not in _OPERATORS))
    return text.strip()


@contextmanager
def time_budget(db: sqlite3.Connection, seconds: float | None) -> Iterator[list[bool]]:
    """Make SQLite abort the statements run in this block once ``seconds`` have passed.

    Yields a one-item list that turns ``[True]`` when the budget stopped a statement (SQLite's
    message is then "interrupted", or another one when a table was being opened).
    """
    spent = [False]
    if not seconds or seconds <= 0:
        yield spent
        return
    deadline = time.monotonic() + seconds

    def check() -> int:
        spent[0] = time.monotonic() > deadline
        return int(spent[0])

    db.set_progress_handler(check, _CHECK_EVERY)
    try:
        yield spent
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
    # A command line may carry lone surrogates (undecodable bytes), which SQLite cannot take,
    # and a NUL would end an FTS5 string early.
    typed = _CONTROLS.sub(" ", query.encode("utf-8", "replace").decode("utf-8"))
    q = plain_query(typed) if literal else advanced_query(typed)
    if not q:
        if query.strip():
            return []  # only punctuation or control characters: nothing FTS5 could match
        raise SearchQueryError(query, "empty query")
    spent = [False]
    try:
        with lock, time_budget(db, budget) as spent:
            rows = db.execute(_SQL, (q, limit)).fetchall()
    except sqlite3.OperationalError as exc:
        msg = str(exc)
        if spent[0]:
            raise SearchTimeout(query, budget or 0) from None
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
