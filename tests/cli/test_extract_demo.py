"""The bundled demo corpus: README's first command runs clean, bad/ is reported, the WARC is rebuildable."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from parallax.cli import EXIT_INPUT_ERRORS, EXIT_OK, main

DEMO = Path(__file__).resolve().parents[2] / "demo"


def _extract(capsys, *paths: Path) -> tuple[int, list[dict], list[str]]:
    code = main(["extract", *map(str, paths), "--jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], [x for x in err.splitlines() if x]


def test_demo_corpus_extracts_cleanly(capsys):
    code, arts, err = _extract(capsys, DEMO / "corpus")
    assert code == EXIT_OK, "\n".join(err)
    assert not [line for line in err if line.startswith("parallax: skipped")]
    assert len(arts) == 12
    assert len({a["id"] for a in arts}) == 12
    sources = [a["source"] for a in arts]
    for marker in (".txt", ".html", ".rss#", ".jsonl:", ".warc.gz@"):  # every reader contributes
        assert any(marker in s for s in sources), marker
    by_source = {a["source"].replace("\\", "/").split("demo/corpus/")[1]: a for a in arts}
    wire = by_source["northern-wire/wire-2026-03.jsonl:1"]
    assert wire["id"] == "nw-2026-0311-017"
    # ready text from JSON Lines is kept unchanged
    line = (DEMO / "corpus/northern-wire/wire-2026-03.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert wire["text"] == json.loads(line)["text"]
    # the windows-1252 page in the WARC (charset only in the HTTP header) decodes
    recount = next(a for k, a in by_source.items() if k.startswith("crawl/") and "121 votes" in a["text"])
    assert "€86,000" in recount["text"] and "\u201cWe will take the time it takes,\u201d" in recount["text"]
    assert recount["url"] == "https://metrostandard.example/politics/kestrel-county-recount-starts"
    feed = by_source["harbour-gazette/feed.rss#2"]
    assert feed["url"] == "https://harbourgazette.example/news/2026/03/13/port-strike-deal"
    assert "6.5 percent" in feed["text"]


def test_demo_bad_inputs_are_reported(capsys):
    code, arts, err = _extract(capsys, DEMO / "bad")
    assert code == EXIT_INPUT_ERRORS
    assert [a["id"] for a in arts] == ["bad-demo-1"]
    skipped = sorted(
        line.split(": ")[1].replace("\\", "/").rsplit("/", 1)[1] for line in err if "skipped" in line
    )
    assert skipped == ["empty.txt", "garbage.txt", "half-broken.jsonl:2", "photo.html", "truncated.html.gz"]


def test_build_script_reproduces_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("build_demo", DEMO / "build_demo.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    warc = mod.build_warc(tmp_path / "demo.warc.gz")
    assert warc.read_bytes() == (DEMO / "corpus/crawl/metro-standard-2026-03.warc.gz").read_bytes()
    bad = mod.build_bad(tmp_path / "bad")
    for f in (DEMO / "bad").iterdir():
        assert (bad / f.name).read_bytes() == f.read_bytes(), f.name


def test_demo_corpus_is_small():
    total = sum(f.stat().st_size for f in DEMO.rglob("*") if f.is_file())
    assert total < 300_000
