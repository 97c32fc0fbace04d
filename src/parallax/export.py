"""Data out: a store's articles, stories, quotes, entities and claims as CSV, JSON Lines or Parquet.

Each table is one SQL query over the store, the same queries docs/store.md documents (a test
runs them), so ``sqlite3`` and datasette users get the rows ``parallax export`` writes.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from parallax.model import ParallaxError

FORMATS = ("csv", "jsonl", "parquet")
#: File name suffix of each format.
SUFFIX = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}

_ARTICLES = """
SELECT a.id, a.source, a.url, a.outlet, a.title, a.authors, a.published, a.published_confidence,
       a.dateline, a.language, a.canonical_url, m.story_id, d.canonical_id AS duplicate_of,
       a.added_at, a.text
  FROM articles a
  LEFT JOIN memberships m ON m.article_id = a.id
  LEFT JOIN duplicates d ON d.article_id = a.id
 ORDER BY a.rowid
"""

_STORIES = """
SELECT s.id, s.title, s.first_published, s.last_published, s.outlets, s.n_articles,
       (SELECT json_group_array(x.article_id) FROM
          (SELECT m.article_id FROM memberships m JOIN articles a ON a.id = m.article_id
            WHERE m.story_id = s.id ORDER BY a.rowid) x) AS article_ids,
       s.updated_at
  FROM stories s
 WHERE s.n_articles > 0
 ORDER BY s.first_published, s.id
"""

_QUOTES = """
SELECT n.article_id, m.story_id, a.outlet,
       json_extract(q.value, '$.speaker') AS speaker,
       json_extract(q.value, '$.speaker_entity_id') AS speaker_entity_id,
       json_extract(q.value, '$.content_start') AS start,
       json_extract(q.value, '$.content_end') AS end,
       substr(a.text, json_extract(q.value, '$.content_start') + 1,
              json_extract(q.value, '$.content_end') - json_extract(q.value, '$.content_start')) AS text,
       json_extract(q.value, '$.cue') AS cue,
       json_extract(q.value, '$.direct') AS direct
  FROM annotations n
  JOIN articles a ON a.id = n.article_id
  JOIN json_each(n.data, '$.quotes') q
  LEFT JOIN memberships m ON m.article_id = n.article_id
 ORDER BY a.rowid, q.key
"""

_ENTITIES = """
SELECT e.entity_id, e.label, e.name, e.article_id, m.story_id, e.mentions
  FROM entity_mentions e
  LEFT JOIN memberships m ON m.article_id = e.article_id
 ORDER BY e.entity_id, e.article_id
"""

_CLAIMS = """
SELECT g.story_id, 'common' AS kind, grp.key AS grp, NULL AS side, NULL AS slot,
       json_extract(c.value, '$.article_id') AS article_id, json_extract(c.value, '$.outlet') AS outlet,
       json_extract(c.value, '$.start') AS start, json_extract(c.value, '$.end') AS end,
       json_extract(c.value, '$.text') AS text
  FROM digests g, json_each(g.data, '$.comparison.common') grp, json_each(grp.value) c
UNION ALL
SELECT g.story_id, 'unique', NULL, NULL, NULL,
       json_extract(c.value, '$.article_id'), json_extract(c.value, '$.outlet'),
       json_extract(c.value, '$.start'), json_extract(c.value, '$.end'), json_extract(c.value, '$.text')
  FROM digests g, json_each(g.data, '$.comparison.unique') c
UNION ALL
SELECT g.story_id, 'contradiction', x.key, side.value, json_extract(x.value, '$.slot'),
       json_extract(x.value, '$.' || side.value || '.article_id'),
       json_extract(x.value, '$.' || side.value || '.outlet'),
       json_extract(x.value, '$.' || side.value || '.start'),
       json_extract(x.value, '$.' || side.value || '.end'),
       json_extract(x.value, '$.' || side.value || '.text')
  FROM digests g, json_each(g.data, '$.comparison.contradictions') x, json_each('["left","right"]') side
 ORDER BY 1, 2, 3, 4
"""

#: Table name -> (query, columns holding JSON arrays).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "articles": (_ARTICLES, ("authors",)),
    "stories": (_STORIES, ("outlets", "article_ids")),
    "quotes": (_QUOTES, ()),
    "entities": (_ENTITIES, ()),
    "claims": (_CLAIMS, ()),
}


class Store(Protocol):
    """A ``parallax.store.Store`` (its connection is all an export reads)."""

    db: sqlite3.Connection


class ExportError(ParallaxError):
    """An export that cannot run (unknown table or format, Parquet without pyarrow)."""


def rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one export table as dicts (JSON array columns decoded)."""
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}: choose from {', '.join(TABLES)}")
    sql, json_cols = TABLES[table]
    cur = store.db.execute(sql)
    names = [c[0] for c in cur.description]
    for values in cur:
        row = dict(zip(names, values, strict=True))
        for col in json_cols:
            row[col] = json.loads(row[col]) if row[col] else []
        yield row


def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_csv(path: Path, columns: list[str], items: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="", errors="replace") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for row in items:
            w.writerow([_csv_cell(row[c]) for c in columns])
            n += 1
    return n


def _write_jsonl(path: Path, items: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", errors="replace") as fh:
        for row in items:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_parquet(path: Path, columns: list[str], items: Iterable[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(items)
    table = pa.Table.from_pylist(data) if data else pa.table({c: pa.array([], pa.null()) for c in columns})
    pq.write_table(table, path)
    return len(data)


def columns(store: Store, table: str) -> list[str]:
    """The column names of an export table."""
    cur = store.db.execute(f"SELECT * FROM ({TABLES[table][0]}) LIMIT 0")
    return [c[0] for c in cur.description]


def export(
    store: Store, out_dir: str | os.PathLike[str], fmt: str, tables: Iterable[str] | None = None
) -> dict[str, tuple[Path, int]]:
    """Write each table to ``out_dir/<table>.<suffix>``; table -> (file, rows written)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    names = list(dict.fromkeys(tables or TABLES))
    for t in names:
        if t not in TABLES:
            raise ExportError(f"unknown table {t!r}: choose from {', '.join(TABLES)}")
    if fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise ExportError(
                "Parquet export needs pyarrow, which is not installed: pip install pyarrow "
                "(or export --format csv or jsonl)"
            ) from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, int]] = {}
    for t in names:
        path = out / f"{t}{SUFFIX[fmt]}"
        cols = columns(store, t)
        if fmt == "csv":
            n = _write_csv(path, cols, rows(store, t))
        elif fmt == "jsonl":
            n = _write_jsonl(path, rows(store, t))
        else:
            n = _write_parquet(path, cols, rows(store, t))
        written[t] = (path, n)
    return written
