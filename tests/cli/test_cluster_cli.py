from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))

from story_texts import COPYRIGHT, ECUADOR, FURNITURE, NEPAL, NEPAL_OTHER_OUTLET

from parallax.cli import main


def test_cluster_writes_one_line_per_article(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Nepal earthquake\n\n" + NEPAL)
    paras = NEPAL.split("\n\n")  # a wire copy: furniture added, a paragraph dropped, light rewording
    copy = "\n\n".join(paras[:2] + paras[3:]).replace("officials in Kathmandu said", "officials stated")
    (tmp_path / "b.txt").write_text("Quake hits Nepal\n\n" + FURNITURE + copy + COPYRIGHT)
    (tmp_path / "c.txt").write_text("Nepal toll rises\n\n" + NEPAL_OTHER_OUTLET)
    (tmp_path / "d.txt").write_text("Ecuador earthquake\n\n" + ECUADOR)
    code = main(["cluster", str(tmp_path), "--jsonl"])
    assert code == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4 and all(set(r) == {"id", "story", "duplicate_of"} for r in rows)
    dups = [r for r in rows if r["duplicate_of"]]
    assert len(dups) == 1
    canon = next(r for r in rows if r["id"] == dups[0]["duplicate_of"])
    assert canon["story"] == dups[0]["story"]
    assert len({r["story"] for r in rows}) == 2
