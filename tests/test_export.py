"""``parallax export``: every table in CSV and JSON Lines, Parquet or a clear message, a JSON Lines round trip."""

from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from parallax import api
from parallax.cli import main
from parallax.export import TABLES

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_table_as_csv_and_jsonl(demo_store: Path, tmp_path: Path) -> None:
    with sqlite3.connect(demo_store) as db:
        expected = {t: len(db.execute(sql).fetchall()) for t, (sql, _) in TABLES.items()}
    assert all(expected.values())
    for fmt in ("csv", "jsonl"):
        assert main(["export", "--db", str(demo_store), "--format", fmt, "--out", str(tmp_path / fmt)]) == 0
    for table, n in expected.items():
        with (tmp_path / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            csv_rows = list(csv.DictReader(fh))
        json_rows = _jsonl(tmp_path / "jsonl" / f"{table}.jsonl")
        assert len(csv_rows) == len(json_rows) == n, table
        assert list(csv_rows[0]) == list(json_rows[0])
    story = _jsonl(tmp_path / "jsonl" / "stories.jsonl")[0]
    assert isinstance(story["article_ids"], list) and json.loads(
        next(csv.DictReader((tmp_path / "csv" / "stories.csv").open(encoding="utf-8")))["outlets"]
    )
    quotes = _jsonl(tmp_path / "jsonl" / "quotes.jsonl")
    texts = {a["id"]: a["text"] for a in _jsonl(tmp_path / "jsonl" / "articles.jsonl")}
    assert all(texts[q["article_id"]][q["start"] : q["end"]] == q["text"] for q in quotes)
    kinds = {c["kind"] for c in _jsonl(tmp_path / "jsonl" / "claims.jsonl")}
    assert kinds == {"common", "unique", "contradiction"}


def test_chosen_tables_only(demo_store: Path, tmp_path: Path) -> None:
    args = [
        "export",
        "--db",
        str(demo_store),
        "--table",
        "quotes",
        "--table",
        "entities",
        "--out",
        str(tmp_path),
    ]
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entities.jsonl", "quotes.jsonl"]


@pytest.mark.skipif(HAS_PYARROW, reason="pyarrow is installed")
def test_parquet_without_pyarrow_says_how_to_get_it(
    demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pq"
    assert main(["export", "--db", str(demo_store), "--format", "parquet", "--out", str(out)]) == 2
    assert "pip install pyarrow" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.skipif(not HAS_PYARROW, reason="pyarrow is not installed")
def test_parquet_with_pyarrow(demo_store: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert main(["export", "--db", str(demo_store), "--format", "parquet", "--out", str(tmp_path)]) == 0
    assert pq.read_table(tmp_path / "stories.parquet").num_rows == len(api.stories(demo_store))


def test_missing_store_is_an_error_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nope.db"
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "out")]) == 2
    assert "no such database" in capsys.readouterr().err and not db.exists()


def test_jsonl_round_trip_gives_the_same_articles_and_stories(demo_store: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    api.export(demo_store, first, "jsonl", ["articles", "stories"])
    again = tmp_path / "again.db"
    api.ingest([first / "articles.jsonl"], again)
    second = tmp_path / "second"
    api.export(again, second, "jsonl", ["articles", "stories"])
    keep = ("id", "url", "outlet", "title", "published", "text", "story_id", "duplicate_of")
    a1, a2 = ([{k: r[k] for k in keep} for r in _jsonl(d / "articles.jsonl")] for d in (first, second))
    assert a1 == a2 and len(a1) >= 12  # the demo corpus and the good line of demo/bad
    s1, s2 = (
        [
            {k: r[k] for k in ("id", "title", "outlets", "article_ids", "n_articles")}
            for r in _jsonl(d / "stories.jsonl")
        ]
        for d in (first, second)
    )
    assert s1 == s2 and len(s1) >= 3
