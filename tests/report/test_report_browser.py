"""The HTML report opens in headless Chromium with no network access and no console errors."""

import shutil
from pathlib import Path

import pytest

from parallax.digest import DigestBuilder, DigestRun
from parallax.model import Article
from parallax.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _articles(seeds: Path | None) -> list[Article]:
    """The seed texts as articles (raw, furniture included: real untrusted text), else a small story."""
    if seeds is not None:
        return [
            Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8"), outlet=p.stem[:3])
            for p in sorted(seeds.glob("*.txt"))
        ]
    return [
        Article(
            id="a",
            source="a",
            outlet="A",
            text="The bridge reopened on Monday after two years of repairs costing 40 million dollars.",
        ),
        Article(
            id="b",
            source="b",
            outlet="B",
            text="The bridge reopened on Monday after two years of repairs costing 45 million dollars.",
        ),
    ]


@pytest.fixture()
def report(tmp_path, request):
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright.sync_api")
    try:
        seeds = request.getfixturevalue("seeds_dir")
    except pytest.skip.Exception:  # without ../shared, a small hand-made story
        seeds = None
    arts = _articles(seeds)
    run = DigestRun(DigestBuilder(max_words=80).digests(arts), arts)
    write_report(run, tmp_path)
    return tmp_path


def test_report_opens_offline_without_console_errors(report):
    from playwright.sync_api import sync_playwright

    pages = sorted(report.glob("*.html"))
    assert any(p.name == "index.html" for p in pages)
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(offline=True, java_script_enabled=True)
            page = ctx.new_page()
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
            page.on("request", lambda r: requests.append(r.url))
            for p in pages:
                page.goto(p.as_uri(), wait_until="load")
                assert page.title()
            # follow a citation link: its anchor exists in the article view
            story = next(p for p in pages if p.name.startswith("story-"))
            page.goto(story.as_uri(), wait_until="load")
            href = page.locator("a.cite").first.get_attribute("href")
            assert href and href.startswith("#")
            assert page.locator(f"[id='{href[1:]}']").count() == 1
            assert page.locator("svg.chart").count() == 1
        finally:
            browser.close()
    assert not problems, problems
    assert all(u.startswith("file://") for u in requests), requests


def test_hostile_report_runs_no_script(tmp_path):
    """Article text full of markup opens without executing anything (no dialog, no request, no error)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    evil = (
        '<script>alert("x")</script><img src=x onerror=alert(1)><iframe src="https://example.org"></iframe>'
    )
    arts = [
        Article(
            id="../evil",
            source="/tmp/e.html",
            outlet=evil,
            title=evil,
            url="javascript:alert(1)",
            text=f"The council approved the {evil} budget of 12 million dollars on Tuesday after a debate.",
        ),
        Article(
            id="b",
            source="/tmp/b.html",
            outlet="B",
            text="The council approved the budget of 14 million dollars on Tuesday after a debate.",
        ),
    ]
    write_report(DigestRun(DigestBuilder(max_words=40).digests(arts), arts), tmp_path)
    events: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(offline=True).new_page()
            page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("pageerror", lambda e: events.append(f"pageerror: {e}"))
            page.on("console", lambda m: events.append(f"console {m.type}: {m.text}"))
            page.on(
                "request",
                lambda r: None if r.url.startswith("file://") else events.append(f"request: {r.url}"),
            )
            for p in sorted(tmp_path.glob("*.html")):
                page.goto(p.as_uri(), wait_until="load")
                assert page.locator("script").count() == 0
                assert page.locator("img").count() == 0
                assert page.locator("iframe").count() == 0
        finally:
            browser.close()
    assert not events, events
