"""The update digest: what a story's newer articles add to its earlier ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.digest import DigestBuilder
from parallax.digest.text import token_subsequence
from parallax.digest.update import UpdateConfig, UpdateSummarizer, story_update
from parallax.model import Article

EARLIER = Article(
    id="e1",
    source="e1",
    outlet="Harbour Gazette",
    published="2024-03-04",
    title="Port strike enters third day",
    text=(
        "The strike by dock workers at the port of Varnholm entered its third day on Monday, leaving ships waiting "
        "offshore. The dockers' union wants a raise of six percent for all workers at the port. "
        "No talks between the union and the port authority are scheduled, a union spokesman said on Monday."
    ),
)
LATER = Article(
    id="l1",
    source="l1",
    outlet="Northern Wire",
    published="2024-03-06",
    title="Deal ends Varnholm port strike",
    text=(
        "The strike by dock workers at the port of Varnholm went into its third day on Monday with ships waiting "
        "offshore. On Wednesday the union and the port authority signed a deal that ends the strike after five days. "
        "Under the agreement the workers get a raise of four percent and will return to work on Thursday morning."
    ),
)


def test_update_keeps_what_is_new_and_drops_what_was_said() -> None:
    sents = UpdateSummarizer().summarize([EARLIER], [LATER], max_words=60)
    texts = " ".join(s.text for s in sents)
    assert "deal" in texts
    assert "went into its third day" not in texts  # the earlier article said it in other words
    assert all(c.article_id == "l1" for s in sents for c in s.sources)  # cites the newer article only
    for s in sents:  # every sentence is (a compression of) its cited span
        c = s.sources[0]
        assert token_subsequence(s.text.rstrip(" …"), LATER.text[c.start : c.end])


def test_repeat_threshold_above_one_is_the_plain_later_summary() -> None:
    """With nothing dropped and no novelty weight, the update ranks like the plain summary."""
    upd = UpdateSummarizer(UpdateConfig(repeat=1.01, novelty_weight=0.0))
    sents = upd.summarize([EARLIER], [LATER], max_words=200)
    assert any("third day" in s.text for s in sents)


def test_story_update_needs_both_sides() -> None:
    assert story_update([], [LATER]) is None
    assert story_update([EARLIER], []) is None
    upd = story_update([EARLIER], [LATER], since="2024-03-05")
    assert upd is not None and upd.since == "2024-03-05"
    assert upd.new_article_ids == ["l1"] and upd.earlier_article_ids == ["e1"]


def test_digests_since_splits_by_publication_date() -> None:
    undated = Article(id="u1", source="u1", text=EARLIER.text, outlet="Coastline Radio")
    digests = DigestBuilder().digests([EARLIER, LATER, undated], since="2024-03-05")
    upd = digests[0].update
    assert upd is not None
    assert upd.new_article_ids == ["l1"]
    assert set(upd.earlier_article_ids) == {"e1", "u1"}  # an undated article is not news
    assert DigestBuilder().digests([EARLIER, LATER])[0].update is None


@pytest.mark.parametrize("since", ["2024-03-07", "2024-03-01"])
def test_no_update_when_every_article_is_on_one_side(since: str) -> None:
    assert DigestBuilder().digests([EARLIER, LATER], since=since)[0].update is None


def test_reports_show_the_update(tmp_path: Path) -> None:
    from parallax.digest import DigestRun
    from parallax.report import write_report

    run = DigestRun(DigestBuilder().digests([EARLIER, LATER], since="2024-03-05"), [EARLIER, LATER])
    write_report(run, tmp_path)
    md = (tmp_path / "stories.md").read_text(encoding="utf-8")
    assert "### New since 2024-03-05" in md
    import json

    data = json.loads((tmp_path / "stories.json").read_text(encoding="utf-8"))
    story = data["stories"][0] if isinstance(data, dict) else data[0]
    assert story["update"]["new_article_ids"] == ["l1"]
    assert story["update"]["sentences"]
    html = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.html"))
    assert 'id="update"' in html and "deal" in html


def test_digest_cli_since(tmp_path: Path) -> None:
    from parallax.cli import main

    for art in (EARLIER, LATER):
        (tmp_path / f"{art.id}.jsonl").write_text(
            __import__("json").dumps({"title": art.title, "text": art.text, "published": art.published,
                                      "outlet": art.outlet}) + "\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    assert main(["digest", str(tmp_path / "e1.jsonl"), str(tmp_path / "l1.jsonl"), "--out", str(out),
                 "--since", "2024-03-05", "--no-annotate"]) == 0  # fmt: skip
    assert "### New since 2024-03-05" in (out / "stories.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["digest", str(tmp_path / "e1.jsonl"), "--out", str(out), "--since", "last week"])
    assert exc.value.code == 2
