"""The web app in a real browser (Debian's Chromium driven by Playwright): navigation and XSS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_web import live_server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    with live_server(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page()
        pg.errors = []  # type: ignore[attr-defined]
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_search_story_citation_entity(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/stories")
    assert page.locator("li.story").count() == 3
    page.fill("input[name=q]", "sanctions")
    page.click("form.search button")
    page.wait_for_url("**/search?q=sanctions")
    assert page.locator("ol.hits mark").first.inner_text().lower() == "sanctions"
    page.locator("ol.hits a", has_text="story").first.click()
    page.wait_for_url("**/stories/s-summit")
    assert "Summary" in page.locator("#summary h2").inner_text()
    cite = page.locator("#summary a.cite").first
    cite.click()
    page.wait_for_url("**/articles/*")
    passage = page.locator("mark#passage")
    assert passage.count() == 1 and passage.is_visible()
    assert len(passage.inner_text()) > 10
    assert page.evaluate("location.hash") == "#passage"
    page.go_back()
    page.locator("#entities a", has_text="Donald Trump").click()
    page.wait_for_url("**/entities/per-trump")
    assert "Donald Trump" in page.locator("h1").inner_text()
    assert page.errors == []


def test_hostile_article_runs_no_script(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/articles/x1")
    assert "<script>" in page.locator("article.text").inner_text()
    assert page.evaluate("window.__pwned === undefined")
    page.goto(server + "/search?q=Hostile")
    page.goto(server + "/stories")
    assert page.evaluate("window.__pwned === undefined")
