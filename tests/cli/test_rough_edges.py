"""Everyday edges of the command line: empty and missing inputs, plurals, "did you mean"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.cli import EXIT_NO_ARTICLES, EXIT_USAGE, main

ROW = {"id": "a1", "outlet": "Daily A", "published": "2026-03-11",
       "text": "The city council approved a new budget of 12 million dollars on Tuesday after a long debate. "
               "Mayor Jane Smith said the money would fix roads across the northern districts."}  # fmt: skip


@pytest.mark.parametrize(
    "command", ["extract", "annotate", "cluster", "summarize", "compare", "digest", "ingest"]
)
def test_empty_input_is_a_warning_and_non_zero(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    extra = {
        "digest": ["--out", str(tmp_path / "out")],
        "ingest": ["--db", str(tmp_path / "s.db"), "--no-annotate"],
    }
    assert main([command, str(empty), *extra.get(command, [])]) == EXIT_NO_ARTICLES
    err = capsys.readouterr().err
    assert "warning: no articles found" in err and str(empty) in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "s.db").exists()


def test_missing_input_creates_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "news.db"
    assert main(["ingest", str(tmp_path / "no-such-folder"), "--db", str(db), "--no-annotate"]) == EXIT_USAGE
    assert "no such file or folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_ingest_leaves_no_lock_file_and_speaks_in_plurals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ROW) + "\n" + json.dumps(ROW | {"id": "a2"}) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert main(["ingest", str(src), "--db", str(db), "--fast"]) == 0
    err = capsys.readouterr().err
    assert "1 input (" in err and "1 duplicate," in err and "1 story " in err
    assert "1 inputs" not in err and "1 duplicates" not in err and "1 stories" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == []


def test_digest_says_one_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ROW) + "\n", encoding="utf-8")
    assert main(["digest", str(src), "--out", str(tmp_path / "out"), "--no-annotate"]) == 0
    assert "1 story from 1 article ->" in capsys.readouterr().err
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "1 story from 1 article." in index and "1 stories" not in index


@pytest.mark.parametrize(
    ("typed", "meant"), [("digets", "'digest'"), ("serv", "'serve'"), ("exprot", "'export'")]
)
def test_mistyped_command_suggests_the_right_one(
    typed: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([typed, "x"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"unknown command '{typed}'" in err and f"Did you mean {meant}" in err


def test_unrelated_word_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-v", "zzzzzz"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "unknown command 'zzzzzz'" in err and "Did you mean" not in err
