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
