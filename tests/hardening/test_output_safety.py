"""Output safety: ``--out`` is never left, whatever ids, titles and URLs contain; the HTML report escapes everything.

The XSS corpus is the web app's (``tests/web/xss_payloads.py``), rendered here through the
offline HTML report and opened in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from parallax.digest import DigestBuilder, DigestRun
from parallax.model import Annotation, Article, Assignment, Entity, Quote, Sentence, TimeExpr
from parallax.report import write_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from xss_payloads import PAYLOADS

#: Names that try to leave the output folder or confuse a file system.
HOSTILE_NAMES = [
    "../../escaped", "../../../../../../tmp/escaped", "/etc/passwd", "/tmp/escaped-abs", "..", ".", "",
    "a/../../b", "a\\..\\..\\b", "..\\..\\escaped", "a\x00b", "nul\x00../../x", "x" * 5000, "é" * 300,
    "\u202e..\u202c/escaped", "．．／．．／escaped", "\u2215..\u2215escaped", "%2e%2e%2fescaped",
    "..%2f..%2fescaped", "CON", "aux.html", "index", "index.html", "stories.json", "~/escaped",
    "$HOME/escaped", "`touch /tmp/escaped`", "$(touch escaped)", "story\nnewline", "tab\tname", " ",
    "\ud800", "file:///etc/passwd", "https://x.example/../../a?b=../c#../d",
]  # fmt: skip
_SAFE_FILE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def _tree(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*")}


def _article(i: int, name: str, text: str | None = None) -> Article:
    body = text or (
        f"Officials met on Thursday in Hanoi for round {i} of the talks on the summit, a spokesman said. "
        "The delegations discussed sanctions and a joint statement, according to two diplomats."
    )
    return Article(
        id=name or f"empty-{i}", source=f"{name}.html", text=body, url=name, outlet=name, title=name
    )


def test_report_never_writes_outside_out_for_hostile_story_ids(tmp_path: Path) -> None:
    out = tmp_path / "a" / "out"
    arts = [_article(i, n) for i, n in enumerate(dict.fromkeys(HOSTILE_NAMES))]
    arts = list({a.id: a for a in arts}.values())
    # Each article its own story, named after its hostile id.
    assignments = [Assignment(a.id, a.id) for a in arts]
    digests = DigestBuilder(max_words=40).digests(arts, {}, assignments)
    before = _tree(tmp_path)
    written = write_report(DigestRun(digests, arts), out)
    new = _tree(tmp_path) - before
    inside = {p for p in new if Path(p).resolve().is_relative_to(out.resolve())}
    assert new - inside - {str(tmp_path / "a"), str(out)} == set()
    assert all(Path(p).parent == out for p in written)
    assert all(_SAFE_FILE.match(Path(p).name) for p in written), [Path(p).name for p in written]
    # One page per story: no two hostile ids collapse onto one file (a story silently overwritten).
    assert len({Path(p).name for p in written}) == len(written) == len(digests) + 3


def test_digest_cli_stays_inside_out(tmp_path: Path) -> None:
    lines = []
    for i, name in enumerate(HOSTILE_NAMES):
        page = (
            f"<html><head><title>{name}</title></head><body><article><h1>{name}</h1>"
            f"<p>Officials met on Thursday in Hanoi for round {i} of the talks on the summit, a spokesman said.</p>"
            "<p>The delegations discussed sanctions and a joint statement, according to two diplomats.</p>"
            "</article></body></html>"
        )
        lines.append(json.dumps({"id": name, "html": page, "title": name, "url": name, "outlet": name}))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "work" / "out"
    before = _tree(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "parallax",
            "digest",
            str(tmp_path / "in"),
            "--out",
            str(out),
            "--no-annotate",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path / "in",  # relative names would land here
    )
    assert proc.returncode in (0, 3), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    new = _tree(tmp_path) - before
    assert {p for p in new if not Path(p).resolve().is_relative_to(out.resolve())} <= {
        str(tmp_path / "work"),
        str(out),
    }
    names = sorted(p.name for p in out.iterdir())
    assert "index.html" in names and "stories.json" in names and "stories.md" in names
    assert all(_SAFE_FILE.match(n) for n in names), names
    assert not Path("/tmp/escaped").exists() and not Path("/tmp/escaped-abs").exists()
    assert not any("escaped" in p for p in os.listdir(tmp_path))


# -- XSS in the offline HTML report ---------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
N_STORIES = 6

# Counted in the page after it loaded: script elements, inline handlers, script URLs
# (the template's own empty favicon, ``data:,``, is allowed).
PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.tagName === 'SCRIPT') bad.push('script');
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc'].includes(a.name)
          && /^\\s*(javascript|data|vbscript):/i.test(a.value) && a.value !== 'data:,') bad.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  return bad;
}"""


def hostile_run() -> DigestRun:
    """One article per payload, the payload in every field and in entities, quotes and times."""
    arts, anns, assignments = [], {}, []
    for i, p in enumerate(PAYLOADS):
        text = (
            f"Officials said on Thursday that {p} was discussed at round {i} of the summit talks in Hanoi. "
            f'"{p}," the minister told reporters. The talks ended early on Friday, a spokesman said.'
        )
        aid = f"x{i:03d}"
        arts.append(Article(id=aid, source=f"{p}.html", text=text, url=p, outlet=f"Outlet {p}",
                            title=f"Title {p}", authors=[p], published="2019-02-28", dateline=p, removed=[p]))  # fmt: skip
        s = text.index(p)
        q = text.index(p, s + len(p))
        anns[aid] = Annotation(
            aid,
            text,
            [Sentence(0, text.index(". ") + 1), Sentence(text.index(". ") + 2, len(text))],
            [Entity(s, s + len(p), p, "PER", f"ent-{i}")],
            [Quote(q, q + len(p), p, s, s + len(p), "told", True, f"ent-{i}")],
            [TimeExpr(text.index("Thursday"), text.index("Thursday") + 8, "Thursday", "2019-02-28")],
        )
        # Story ids are hostile too (a store's ids reach file names and links).
        assignments.append(Assignment(aid, f"story-{i % N_STORIES}-{PAYLOADS[i % N_STORIES]}"))
    digests = DigestBuilder(max_words=60).digests(arts, anns, assignments)
    return DigestRun(digests, arts, anns)


@pytest.mark.browser
def test_no_payload_executes_in_the_html_report(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    run = hostile_run()
    written = [Path(p) for p in write_report(run, tmp_path / "report")]
    pages = [p for p in written if p.suffix == ".html"]
    assert len(PAYLOADS) >= 50 and len(pages) == N_STORIES + 1
    dialogs: list[str] = []
    executed: list[str] = []
    injected: dict[str, list[str]] = {}
    shown = ""
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(offline=True)
            page = ctx.new_page()

            def on_dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            for html in pages:
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                page.wait_for_timeout(50)  # let onerror/onload handlers (if any) fire
                if page.evaluate("window.__xss !== undefined"):
                    executed.append(html.name)
                bad = page.evaluate(PROBE)
                if bad:
                    injected[html.name] = bad
                shown += page.locator("body").inner_text()
        finally:
            browser.close()
    assert executed == [] and dialogs == [], (executed, dialogs)
    assert injected == {}, injected
    # Payloads are displayed as text, not dropped: every one appears verbatim somewhere.
    missing = [p for p in PAYLOADS if p.strip() not in shown]
    assert len(missing) <= len(PAYLOADS) // 10, missing
