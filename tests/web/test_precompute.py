"""Digests precomputed after ingest, and the central sample of a large story."""

from __future__ import annotations

from pathlib import Path

from conftest_web import build_store

from parallax import api
from parallax.digest.precompute import build_story_digest, central_articles, precompute_digests
from parallax.model import Article

QUAKE = (
    "A strong earthquake struck the coastal city of Marlow on Tuesday, destroying hundreds of homes. "
    "Rescue teams searched the rubble of collapsed buildings for survivors of the earthquake. "
)
OFF_TOPIC = "The football club signed a new striker for the season after a long transfer saga in the league. "


def _art(aid: str, outlet: str, text: str) -> Article:
    return Article(id=aid, source=aid, text=text * 3, outlet=outlet, title=None, published="2024-01-02")


def test_central_articles_keeps_all_when_small() -> None:
    arts = [_art("a", "X", QUAKE), _art("b", "Y", OFF_TOPIC)]
    assert central_articles(arts, 5) == arts


def test_central_articles_prefers_central_and_spreads_outlets() -> None:
    arts = [_art(f"q{i}", "Same Outlet", QUAKE + f"Officials counted {i} aftershocks.") for i in range(4)]
    arts += [_art("r1", "Other Outlet", QUAKE + "The mayor asked for help."), _art("off", "Third", OFF_TOPIC)]
    chosen = central_articles(arts, 3)
    ids = [a.id for a in chosen]
    assert len(ids) == 3
    assert "off" not in ids  # least central: the outlet rule does not beat the size bound with it
    assert "r1" in ids  # a second outlet is kept before a third copy from the same one
    assert ids == [a.id for a in arts if a.id in ids]  # the story's order is kept


def test_precompute_builds_missing_then_nothing(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.db")
    try:
        stale = store.stale_digest_story_ids()
        assert set(stale) == {"s-summit", "s-port", "s-x"}
        seen: list[tuple[int, int]] = []
        assert precompute_digests(store, on_progress=lambda d, t: seen.append((d, t))) == 3
        assert seen[-1] == (3, 3)
        assert store.stale_digest_story_ids() == []
        assert precompute_digests(store) == 0
        stored = store.digest("s-summit", current_only=True)
        assert stored is not None and stored.summary and stored.sample == []
        # A new member makes the story's digest stale again, and only that one.
        store.add_article(_art("a4", "Fourth Paper", "Kim Jong-un and Donald Trump met in Hanoi."))
        store.set_membership("a4", "s-summit")
        store.refresh_stories(["s-summit"])
        assert store.stale_digest_story_ids() == ["s-summit"]
        assert api.precompute_digests(store) == 1
    finally:
        store.close()


def test_large_story_digest_says_it_is_a_sample(tmp_path: Path) -> None:
    store = build_store(tmp_path / "s.db")
    try:
        entry = store.story("s-summit")
        assert entry is not None
        digest = build_story_digest(store, entry, max_articles=1)
        # a3 is a copy of a1: two originals, one digested.
        assert len(digest.sample) == 1 and digest.sample[0] in {"a1", "a2"}
        assert sorted(digest.story.article_ids) == ["a1", "a2", "a3"]  # the key covers every member
        store.put_digest(digest)
        page = api.story_page(store, "s-summit")
        assert page is not None and page.to_json()["digest_sample"] == digest.sample
    finally:
        store.close()


def _inputs(folder: Path) -> Path:
    import json

    folder.mkdir()
    rows = [{"id": f"q{i}", "text": QUAKE * 2 + f"Officials counted {i} aftershocks.", "title": "Quake",
             "outlet": f"Paper {i}", "published": "2024-01-02"} for i in range(3)]  # fmt: skip
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_ingest_cli_builds_digests_unless_told_not_to(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from parallax.cli import main
    from parallax.store import Store

    inputs = _inputs(tmp_path / "in")
    db = str(tmp_path / "a.db")
    assert main(["ingest", str(inputs), "--db", db, "--json", "--no-progress", "--no-annotate"]) == 0
    out = json.loads(capsys.readouterr().out)
    with Store(db, readonly=True) as store:
        assert out["digests_built"] == out["stories_total"] >= 1
        assert store.stale_digest_story_ids() == []
    db2 = str(tmp_path / "b.db")
    assert main(["ingest", str(inputs), "--db", db2, "--json", "--fast"]) == 0
    assert "digests_built" not in json.loads(capsys.readouterr().out)
    with Store(db2, readonly=True) as store:
        assert len(store.stale_digest_story_ids()) == store.count_stories() >= 1


NEWS = (
    "On Friday North Korea's foreign minister said Pyongyang had asked only for partial relief from sanctions. "
    "The minister told reporters at a midnight news conference that the United States missed a chance."
)


def test_a_story_that_grew_gets_an_update_on_its_page(tmp_path: Path) -> None:
    """After a later ingest adds to a digested story, its digest says what the new article adds."""
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    db = tmp_path / "s.db"
    store = build_store(db)
    try:
        precompute_digests(store)
        assert store.digest("s-summit").update is None  # type: ignore[union-attr]  # nothing earlier yet
        store.add_article(_art("a5", "Fourth Paper", NEWS))
        store.set_membership("a5", "s-summit")
        store.refresh_stories(["s-summit"])
        assert precompute_digests(store) == 1
        update = store.digest("s-summit", current_only=True).update  # type: ignore[union-attr]
        assert update is not None
        assert update.new_article_ids == ["a5"]
        assert set(update.earlier_article_ids) == {"a1", "a2"}  # the wire copy a3 is not digested
        assert update.sentences and all(c.article_id == "a5" for s in update.sentences for c in s.sources)
    finally:
        store.close()
    with TestClient(create_app(db)) as client:
        page = client.get("/stories/s-summit").text
        assert 'id="update"' in page and "partial relief" in page
        data = client.get("/stories/s-summit.json").json()
        assert data["update"]["new_article_ids"] == ["a5"]
        other = client.get("/stories/s-port.json").json()
        assert other["update"] is None
