"""Reports: escaping of hostile content, file names from ids only, nothing written outside --out."""

import json

from parallax.digest import DigestBuilder, DigestRun
from parallax.model import Annotation, Article, Assignment, Quote
from parallax.report import safe_name, write_report
from parallax.report.html import highlight
from parallax.report.markdown import stories_markdown

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _run():
    text_a = (
        f"The council approved the {EVIL} budget of 12 million dollars on Tuesday after a long debate. "
        '"We are pleased with the result," said Jane Doe. Work begins in June across the city.'
    )
    text_b = (
        "The council approved the budget of 14 million dollars on Tuesday after a long debate. "
        "Opponents said the plan ignores public transport and buses in the northern districts."
    )
    a = Article(
        id="../../etc/passwd",
        source="/tmp/a.html",
        text=text_a,
        outlet=EVIL,
        title=EVIL,
        url="javascript:alert(1)",
    )
    b = Article(
        id="b" * 80, source="/tmp/b.html", text=text_b, outlet="Daily B", url="https://example.org/x?a=1&b=2"
    )
    q_start = text_a.index("We are")
    ann = Annotation(a.id, text_a, quotes=[Quote(q_start, q_start + 30, EVIL, cue="said")])
    story = "../../../tmp/evil story"
    asg = [Assignment(a.id, story), Assignment(b.id, story)]
    digests = DigestBuilder(max_words=60).digests([a, b], {a.id: ann}, asg)
    return DigestRun(digests, [a, b], {a.id: ann})


def test_files_stay_inside_out_dir_and_names_come_from_ids(tmp_path):
    out = tmp_path / "out"
    written = write_report(_run(), out)
    for p in written:
        assert p.resolve().parent == out.resolve()
    names = sorted(p.name for p in out.iterdir())
    assert set(names) >= {"index.html", "stories.md", "stories.json"}
    story_pages = [n for n in names if n.startswith("story-")]
    assert len(story_pages) == 1 and "/" not in story_pages[0] and ".." not in story_pages[0]
    assert list(tmp_path.iterdir()) == [out]


def test_hostile_text_is_escaped(tmp_path):
    out = tmp_path / "out"
    write_report(_run(), out)
    for p in out.glob("*.html"):
        html = p.read_text()
        assert "<script>" not in html and "<img" not in html
        assert "javascript:" not in html
    page = next(out.glob("story-*.html")).read_text()
    assert "&lt;script&gt;" in page
    assert 'href="https://example.org/x?a=1&amp;b=2"' in page
    md = (out / "stories.md").read_text()
    assert "<script>" not in md


def test_citations_link_to_anchors(tmp_path):
    out = tmp_path / "out"
    run = _run()
    write_report(run, out)
    page = next(out.glob("story-*.html")).read_text()
    import re

    hrefs = set(re.findall(r'href="#(a\d+-\d+-\d+)"', page))
    ids = set(re.findall(r'id="(a\d+-\d+-\d+)"', page))
    assert hrefs and hrefs <= ids
    assert "<svg" in page and "<mark>" in page


def test_stories_json_shape(tmp_path):
    out = tmp_path / "out"
    write_report(_run(), out)
    data = json.loads((out / "stories.json").read_text())
    (story,) = data["stories"]
    assert set(story) == {
        "story",
        "articles",
        "leaning",
        "summary",
        "update",
        "comparison",
        "timeline",
        "quotes",
    }
    assert story["update"] is None  # no --since: no update digest
    for s in story["summary"]:
        assert s["sources"] and set(s["sources"][0]) == {"id", "start", "end"}
    # "12 million dollars" vs "14 million dollars": a money contradiction
    assert any(c["slot"] == "money" for c in story["comparison"]["contradictions"])


def test_safe_name_and_highlight():
    assert safe_name("abc-123", "story") == "story-abc-123.html"
    evil = safe_name("../../x y", "story")
    assert evil.startswith("story-") and "/" not in evil and " " not in evil and ".." not in evil
    assert safe_name("../../x y", "story") == evil  # stable
    html = str(highlight("a <b> c", [(2, 5)], 1))
    assert html == 'a <span class="anchor" id="a1-2-5"></span><mark>&lt;b&gt;</mark> c'


def test_markdown_escapes_syntax():
    run = _run()
    md = stories_markdown(run.digests, {a.id: a for a in run.articles})
    assert "\\<script\\>" in md
