from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.cli import main

TEXT = 'HANOI -- The talks collapsed on Thursday.\n\n"No agreement was reached," Sarah Sanders said.'


def test_annotate_jsonl_uses_ready_text_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": TEXT, "published": "2019-02-28"}) + "\n")
    code = main(["annotate", str(src), str(tmp_path / "missing.html"), "--jsonl", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 3 and "missing.html" in err
    recs = [json.loads(line) for line in out.splitlines()]
    assert len(recs) == 1
    rec = recs[0]
    assert rec["id"] == "a1" and rec["text"] == TEXT
    assert set(rec) == {"id", "text", "sentences", "entities", "quotes", "times"}
    assert [TEXT[s["start"] : s["end"]] for s in rec["sentences"]] == [
        "HANOI -- The talks collapsed on Thursday.",
        '"No agreement was reached," Sarah Sanders said.',
    ]
    assert [(TEXT[t["start"] : t["end"]], t["text"]) for t in rec["times"]] == [("Thursday", "Thursday")]
    for e in rec["entities"]:
        assert TEXT[e["start"] : e["end"]] == e["text"] and e["entity_id"]
    for q in rec["quotes"]:
        assert 0 <= q["content_start"] < q["content_end"] <= len(TEXT)
