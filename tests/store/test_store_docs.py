"""docs/store.md: every documented query runs on a demo store, in Python's sqlite3 and the sqlite3 shell."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from parallax.export import TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "store.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _norm(sql: str) -> str:
    return " ".join(sql.split())


def test_doc_has_queries_for_every_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    with sqlite3.connect(":memory:") as db:
        from parallax.store.schema import MIGRATIONS

        for step in MIGRATIONS:
            assert isinstance(step, str)
            db.executescript(step)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    named = set(re.findall(r"`(\w+)`", text))
    named |= {w for h in re.findall(r"^## (.*)$", text, re.M) for w in re.findall(r"\w+", h)}
    undocumented = [t for t in tables if not t.startswith("articles_fts_") and t not in named]
    assert undocumented == [] and len(QUERIES) >= 10


@pytest.mark.parametrize("sql", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_documented_query_runs(sql: str, demo_store: Path) -> None:
    with sqlite3.connect(f"file:{demo_store}?mode=ro", uri=True) as db:
        rows = db.execute(sql).fetchall()
    assert rows, "every documented query returns rows on the demo store"


def test_export_queries_are_the_documented_ones() -> None:
    documented = {_norm(q) for q in QUERIES}
    assert all(_norm(sql) in documented for sql, _ in TABLES.values())


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell")
def test_sqlite3_shell_reads_the_store_as_is(demo_store: Path) -> None:
    for sql in QUERIES:
        out = subprocess.run(
            ["sqlite3", "-readonly", str(demo_store), sql], capture_output=True, text=True, check=False
        )
        assert out.returncode == 0 and out.stdout.strip() and not out.stderr, (sql, out.stderr)
