"""Seeds acceptance: one story, both outlets, summary cites both, quotes, and the reason difference."""

import json

import pytest

from parallax import api
from parallax.cli import main


@pytest.fixture(scope="module")
def seeds_run(seeds_dir):
    errors = []
    run = api.digest([seeds_dir], on_error=errors.append)
    assert not errors
    return run


def test_one_story_with_both_outlets(seeds_run):
    assert len(seeds_run.articles) == 2
    assert len(seeds_run.digests) == 1
    story = seeds_run.digests[0].story
    assert len(story.article_ids) == 2 and len(story.outlets) == 2


def test_summary_cites_both_articles(seeds_run):
    d = seeds_run.digests[0]
    cited = {c.article_id for s in d.summary for c in s.sources}
    assert cited == {a.id for a in seeds_run.articles}


def test_quotes_list_both_speakers(seeds_run):
    speakers = " | ".join(seeds_run.digests[0].quotes)
    assert "Ching Chang" in speakers
    assert "Sarah Sanders" in speakers


def test_comparison_shows_reason_difference(seeds_run):
    comp = seeds_run.digests[0].comparison
    reasons = [c for c in comp.contradictions if c.slot == "reason"]
    assert len(reasons) == 1
    sides = reasons[0].left.text + " || " + reasons[0].right.text
    assert "demanded sanctions be lifted" in sides
    assert "No reason for the absence of agreement was given" in sides
    assert reasons[0].left.article_id != reasons[0].right.article_id


def test_cli_summarize_json(seeds_dir, capsys):
    assert main(["summarize", str(seeds_dir), "--max-words", "60", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sentences"]
    words = sum(len(s["text"].split()) for s in data["sentences"])
    assert words <= 60
    for s in data["sentences"]:
        assert s["sources"] and set(s["sources"][0]) == {"id", "start", "end"}


def test_cli_compare_json(seeds_dir, capsys):
    assert main(["compare", str(seeds_dir), "--json", "--no-annotate"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"common", "unique", "contradictions", "framing"} <= set(data)
    assert any(c["slot"] == "reason" for c in data["contradictions"])


def test_cli_digest_writes_report(seeds_dir, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["digest", str(seeds_dir), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "index.html" in names and "stories.md" in names and "stories.json" in names
    assert sum(n.startswith("story-") for n in names) == 1
    data = json.loads((out / "stories.json").read_text())
    assert len(data["stories"]) == 1
