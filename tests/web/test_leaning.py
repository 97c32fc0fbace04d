"""Coverage by leaning on story pages (demo corpus with demo/outlets.toml): HTML, JSON twin, browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_web import live_server

from parallax import api

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    api.use_outlets(REPO / "demo" / "outlets.toml")
    db = tmp_path_factory.mktemp("leaning") / "demo.db"
    api.ingest([REPO / "demo" / "corpus"], db)
    yield db
    api.use_outlets(None)


@pytest.fixture
def demo_outlets(demo_db: Path) -> None:
    api.use_outlets(REPO / "demo" / "outlets.toml")  # the autouse reset undoes it after each test


def _story_ids(db: Path) -> dict[str, str]:
    """Title word -> story id for the demo's three stories (ferries, strike, recount)."""
    out = {}
    for entry in api.stories(db):
        title = (entry.story.title or "").lower()
        key = next((k for k in ("ferr", "strike", "recount") if k in title), title)
        out[key] = entry.story.id
    return out


def test_story_json_and_html_show_leaning(demo_db: Path, demo_outlets: None) -> None:
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    ids = _story_ids(demo_db)
    with TestClient(create_app(demo_db)) as client:
        ferries = client.get(f"/stories/{ids['ferr']}.json").json()["leaning"]
        assert ferries["by_leaning"]["lean left"] == ["The Harbour Gazette"]
        assert ferries["unrated"] == ["Northern Wire"] and ferries["one_sided"] == "left"
        recount = client.get(f"/stories/{ids['recount']}.json").json()["leaning"]
        assert recount["one_sided"] is None and recount["by_leaning"]["center"] == ["Coastline Radio"]
        listed = {s["id"]: s["one_sided"] for s in client.get("/stories.json").json()["stories"]}
        assert listed == {ids["ferr"]: "left", ids["recount"]: None, ids["strike"]: None}
        assert client.get("/stories").text.count('class="one-sided"') == 1
        html = client.get(f"/stories/{ids['ferr']}").text
        assert 'id="leaning"' in html and "One-sided story" in html
        assert "One-sided story" not in client.get(f"/stories/{ids['recount']}").text


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    with live_server(demo_db) as url:
        yield url


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_browser_story_page_shows_coverage_by_leaning(server: str, demo_db: Path, demo_outlets: None) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    ids = _story_ids(demo_db)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(f"{server}/stories/{ids['ferr']}")
        section = page.locator("section#leaning")
        assert section.is_visible()
        assert "Coverage by leaning" in section.locator("h2").inner_text()
        headers = section.locator("th").all_inner_texts()
        assert headers == ["left", "lean left", "center", "lean right", "right", "unrated"]
        cells = section.locator("td").all_inner_texts()
        assert cells[1] == "The Harbour Gazette" and cells[5] == "Northern Wire"
        assert section.locator(".one-sided").is_visible()
        page.goto(f"{server}/stories/{ids['recount']}")
        assert page.locator("section#leaning .one-sided").count() == 0
        browser.close()
