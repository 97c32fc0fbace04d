"""``parallax run``: the whole pipeline into a store on an engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.cli import main
from parallax.store import Store


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    rows = [
        {"id": "a", "text": "Dock workers in Marlow walked out on Monday over pay, union leader Ana Ruiz said.",
         "outlet": "One", "published": "2026-03-02"},
        {"id": "b", "text": "Marlow dock workers began a strike over pay on Monday, Ana Ruiz of the union said.",
         "outlet": "Two", "published": "2026-03-02"},
    ]  # fmt: skip
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return folder


def test_run_local_without_annotation(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "s.db"
    assert main(["run", str(corpus), "--db", str(db), "--engine", "local", "--no-annotate", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 2
    with Store(db, readonly=True) as s:
        assert s.count_articles() == 2 and s.annotation("a") is None


def test_run_help_names_engines(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert "--engine" in out and "ray" in out and "--annotate" in out


def test_ingest_and_run_are_one_command_browsable_by_default(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus(tmp_path / "in")
    fast, full = tmp_path / "fast.db", tmp_path / "full.db"
    assert main(["ingest", str(corpus), "--db", str(fast), "--fast", "--json", "--no-progress"]) == 0
    assert "digests_built" not in json.loads(capsys.readouterr().out)
    with Store(fast, readonly=True) as s:
        assert s.annotation("a") is None and s.stale_digest_story_ids() != []
    # The same store, rerun with the defaults: annotations filled in, digests built.
    assert main(["run", str(corpus), "--db", str(fast), "--json", "--no-progress"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["annotated"] == 2 and again["digests_built"] >= 1
    assert main(["ingest", str(corpus), "--db", str(full), "--json", "--no-progress"]) == 0
    capsys.readouterr()
    for db in (fast, full):
        with Store(db, readonly=True) as s:
            assert s.unannotated_ids() == [] and s.stale_digest_story_ids() == []
