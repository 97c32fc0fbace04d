"""Report pages for everyday use: a reused folder, readable dates, the framing legend, leanings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from parallax.digest import DigestBuilder, DigestRun
from parallax.display import FRAMING_HELP
from parallax.model import Article, Assignment
from parallax.report import write_report

TEXT_A = ("The council approved a budget of 12 million dollars on Tuesday after a long debate, officials said. "
          "Opponents should admit the plan is a disgrace, the mayor said.")  # fmt: skip
TEXT_B = "The council approved a budget of 14 million dollars on Tuesday after a long debate."


def _run(story: str, outlets: tuple[str, str] = ("CNN", "HuffPost")) -> DigestRun:
    a = Article(id="a", source="a.txt", text=TEXT_A, outlet=outlets[0], published="2026-03-11T18:05:00+01:00")
    b = Article(id="b", source="b.txt", text=TEXT_B, outlet=outlets[1], published="2026-03-12")
    digests = DigestBuilder(max_words=40).digests(
        [a, b], {}, [Assignment("a", story), Assignment("b", story)]
    )
    return DigestRun(digests, [a, b])


def test_reused_out_folder_keeps_no_story_page_of_an_earlier_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_report(_run("s-old"), out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_report(_run("s-new"), out)
    pages = sorted(p.name for p in out.glob("story-*.html"))
    assert pages == ["story-s-new.html"]
    assert (out / "notes.txt").exists()  # only story pages of Parallax are removed
    assert "s-old" not in (out / "index.html").read_text(encoding="utf-8")


def test_reused_relative_out_folder_keeps_the_new_pages(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_report(_run("s-old"), "out")
    write_report(_run("s-new"), Path("out"))
    assert sorted(p.name for p in (tmp_path / "out").glob("story-*.html")) == ["story-s-new.html"]


def test_dates_read_one_way(tmp_path: Path) -> None:
    write_report(_run("s1"), tmp_path)
    for page in ("index.html", "story-s1.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        shown = re.sub(r"<[^>]+>", " ", html)  # ISO dates stay only in datetime attributes
        assert "11 March 2026" in shown and not re.search(r"\d{4}-\d{2}-\d{2}", shown), page
    assert "11 March 2026, 18:05 +01:00" in (tmp_path / "story-s1.html").read_text(encoding="utf-8")


def test_framing_columns_are_explained(tmp_path: Path) -> None:
    write_report(_run("s1"), tmp_path)
    html = (tmp_path / "story-s1.html").read_text(encoding="utf-8")
    assert html.count('title="Attributed: share') == 1 and html.count('title="Opinion: share') == 1
    assert "lets its sources speak" in html.split("</table>")[-2] + html  # legend under the table
    md = (tmp_path / "stories.md").read_text(encoding="utf-8")
    assert "| attributed |" in md and "Attributed: share" in md
    assert FRAMING_HELP["attributed"].startswith("Attributed:")


def test_reports_show_coverage_by_leaning_and_flag_one_sided(tmp_path: Path) -> None:
    write_report(_run("s1"), tmp_path / "left")
    html = (tmp_path / "left" / "story-s1.html").read_text(encoding="utf-8")
    assert 'id="leaning"' in html and "One-sided story" in html
    assert "one-sided: left" in (tmp_path / "left" / "index.html").read_text(encoding="utf-8")
    assert "**One-sided:** every outlet of known leaning is on the left" in (
        tmp_path / "left" / "stories.md"
    ).read_text(encoding="utf-8")
    story = json.loads((tmp_path / "left" / "stories.json").read_text(encoding="utf-8"))["stories"][0]
    assert (
        story["leaning"]["by_leaning"]["left"] == ["CNN", "HuffPost"]
        and story["leaning"]["one_sided"] == "left"
    )
    write_report(_run("s1", ("CNN", "Fox News")), tmp_path / "both")
    assert "One-sided" not in (tmp_path / "both" / "story-s1.html").read_text(encoding="utf-8")
