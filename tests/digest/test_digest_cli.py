"""The summarize / compare / digest commands on JSON Lines input written here (no ../shared needed)."""

import json

from parallax.cli import EXIT_INPUT_ERRORS, main

ROWS = [
    {
        "id": "a1",
        "outlet": "Daily A",
        "text": "The city council approved a new budget of 12 million dollars on Tuesday after a long debate. "
        "Mayor Jane Smith said the money would fix roads across the northern districts.",
    },
    {
        "id": "b1",
        "outlet": "Daily B",
        "text": "On Tuesday the city council approved a new budget of 14 million dollars after a long debate. "
        "Work on the roads in the northern districts starts in June, officials said.",
    },
]


def _inputs(tmp_path):
    good = tmp_path / "two.jsonl"
    good.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\x03binary")
    return good, bad


def test_summarize_json_cites_offsets(tmp_path, capsys):
    good, _ = _inputs(tmp_path)
    assert main(["summarize", str(good), "--max-words", "30", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    texts = {r["id"]: r["text"] for r in ROWS}
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 30
    for s in data["sentences"]:
        src = s["sources"][0]
        assert texts[src["id"]][src["start"] : src["end"]] == s["text"]


def test_compare_json_reports_money_contradiction(tmp_path, capsys):
    good, _ = _inputs(tmp_path)
    assert main(["compare", str(good), "--json", "--no-annotate"]) == 0
    data = json.loads(capsys.readouterr().out)
    # "12 million dollars" vs "14 million dollars": amounts of money, compared by value
    (c,) = [c for c in data["contradictions"] if c["slot"] == "money"]
    assert {c["left"]["outlet"], c["right"]["outlet"]} == {"Daily A", "Daily B"}
    assert "12" in c["explanation"] and "14" in c["explanation"]


def test_digest_skips_bad_input_and_writes_report(tmp_path, capsys):
    good, bad = _inputs(tmp_path)
    out = tmp_path / "out"
    assert main(["digest", str(good), str(bad), "--out", str(out), "--no-annotate"]) == EXIT_INPUT_ERRORS
    err = capsys.readouterr().err
    assert str(bad) in err
    data = json.loads((out / "stories.json").read_text())
    assert len(data["stories"]) == 1
    assert set(data["stories"][0]["story"]["outlets"]) == {"Daily A", "Daily B"}
    assert (out / "index.html").read_text().count("story-") >= 1


def test_digest_with_no_article_writes_no_report(tmp_path, capsys):
    _, bad = _inputs(tmp_path)
    out = tmp_path / "out"
    assert main(["digest", str(bad), "--out", str(out)]) == EXIT_INPUT_ERRORS
    assert "no articles found" in capsys.readouterr().err
    assert not out.exists()  # an empty report would pass for a run that found nothing
