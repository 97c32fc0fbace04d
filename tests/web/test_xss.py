"""Every XSS payload of the corpus, in every field an article brings, renders as text in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_web import live_server
from xss_payloads import PAYLOADS

from parallax.model import Annotation, Article, Entity, Quote, Sentence
from parallax.store import Store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def hostile_store(path: Path) -> list[str]:
    """One article per payload: in title, outlet, author, URL, text, an entity and a quote speaker."""
    store = Store(path)
    ids = []
    with store.transaction():
        for i, p in enumerate(PAYLOADS):
            text = f"Report {i}. {p} said the minister. Another line {p}."
            aid = f"x{i:03d}"
            store.add_article(Article(id=aid, source=f"{p}.html", text=text, url=f"{p}", outlet=f"Outlet {p}",
                                      title=f"Title {i} {p}", authors=[p], published="2024-01-01",
                                      dateline=p, removed=[p]))  # fmt: skip
            store.set_membership(aid, f"story-{i % 6}")
            start = text.index(p)
            store.put_annotation(
                Annotation(
                    aid,
                    text,
                    [Sentence(0, len(text))],
                    [Entity(start, start + len(p), p, "PER", f"ent-{i}")],
                    [Quote(start, start + len(p), p, None, None, "said", False, f"ent-{i}")],
                    [],
                )
            )
            ids.append(aid)
    store.refresh_stories()
    store.close()
    return ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("xss") / "xss.db"
    hostile_store(db)
    with live_server(db) as url:
        yield url


def test_no_payload_executes(site: str) -> None:
    urls = ["/stories", "/stories?order=size", "/search?q=minister", "/search?q=Report"]
    urls += [f"/stories/story-{k}" for k in range(6)]
    urls += [f"/articles/x{i:03d}?hl=0-40" for i in range(len(PAYLOADS))]
    urls += [f"/entities/ent-{i}" for i in range(len(PAYLOADS))]
    dialogs: list[str] = []
    executed: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in urls:
            page.goto(site + url)
            page.wait_for_load_state("load")
            if page.evaluate("window.__xss !== undefined"):
                executed.append(url)
        # Payload text is shown as text: the first article shows its payload verbatim.
        page.goto(site + "/articles/x000")
        assert PAYLOADS[0] in page.locator("article.text").inner_text()
        browser.close()
    assert len(PAYLOADS) >= 50
    assert executed == [] and dialogs == [], (executed, dialogs)
