"""Seeds acceptance: every report/interview sentence kept, the listed furniture dropped, metadata found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parallax.extract.plaintext import extract_text
from parallax.model import RawRecord

SPUTNIK = "000_529c505fd362cf16.txt"
KOREAN = "004_209fc3f3fdbf8afa.txt"

# Paragraphs of each report, named by their first words (read off the seeds by hand).
SPUTNIK_BODY = [
    "Earlier this week, US President Donald Trump met",
    "Sputnik discussed this issue with",
    "Sputnik: Donald Trump said signing the deal",
    "Dr. Ching Chang: The nature of the political summit",
    "Sputnik: How much substance was there",
    "Dr. Ching Chang: With no prior understanding",
    "Sputnik: Mr. Trump said that all sanctions",
    "Dr. Ching Chang: Highly unlikely",
    "Sputnik: What are the most important results",
    "Dr. Ching Chang: The summit is conducted according",
    "Dr. Chang is the leading security expert",
]
SPUTNIK_FURNITURE = [
    "18:50 GMT",
    "Listen Live",
    "Get short URL",
    "READ MORE",
    "The views and opinions expressed",  # disclaimers: not report content
    "Morales Wonders Why US Seeks Dialogue",
    "Durty Donald or Kim Jong-Yum?",
    "North Korea Wants to",
    "meeting, Trump-Kim Hanoi Summit",
    "Community standards",
    "Discussion",
]
KOREAN_BODY = [
    "HANOI -- Talks between U.S. President Donald Trump",
    'Trump and Kim had "very good and constructive meetings"',
    '"The two leaders discussed various ways',
    "The statement was issued after Kim and Trump",
    "There has been a dispute over how much",
    "The landmark summit in Singapore opened",
    "However, Trump's failure to codify",
    "For many years, the U.S. and the international community",
    "Although Kim is willing to dismantle",
]
KOREAN_FURNITURE = [
    "[SUMMIT]",
    "By Lim Chang-won",
    "Posted",
    "Reuters/Yonhap News Photo",
    "기사 이미지 확대 보기",
    "닫기",
]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!\"])\s+(?=[A-Z\"])", _norm(paragraph)) if s]


def _extract(path: Path, prefix: str = ""):
    content = prefix + path.read_text(encoding="utf-8")
    return extract_text(RawRecord(source=str(path), content=content, kind="text")), content


def _gold_paragraphs(content: str, starts: list[str]) -> list[str]:
    paras = [_norm(p) for p in content.splitlines() if p.strip()]
    out = []
    for start in starts:
        hits = [p for p in paras if p.startswith(_norm(start))]
        assert len(hits) == 1, start
        out.append(hits[0])
    return out


def _check(article, content: str, body: list[str], furniture: list[str]) -> None:
    text = _norm(article.text)
    for para in _gold_paragraphs(content, body):
        for sentence in _sentences(para):
            assert sentence in text, sentence
    for junk in furniture:
        assert _norm(junk) not in text, junk
    # Nothing else is left: the text is exactly the report paragraphs.
    assert len([p for p in article.text.split("\n\n") if p.strip()]) == len(body)


def test_sputnik_interview(seeds_dir: Path) -> None:
    article, content = _extract(seeds_dir / SPUTNIK)
    _check(article, content, SPUTNIK_BODY, SPUTNIK_FURNITURE)
    assert article.title is None  # the dump has no headline; related headlines are not it
    assert article.authors == []
    assert article.dateline is None
    assert article.language == "en"
    # "18:50 GMT04 August 2020" is the site's clock (18 months after the event): not a publication date.
    assert article.published is None or article.published_confidence <= 0.3
    assert "18:50 GMT04 August 2020" in article.removed


def test_korean_report(seeds_dir: Path) -> None:
    article, content = _extract(seeds_dir / KOREAN)
    _check(article, content, KOREAN_BODY, KOREAN_FURNITURE)
    assert article.title == "[SUMMIT] Talks between Trump and Kim break down with no agreement"
    assert article.authors == ["Lim Chang-won"]
    assert article.published == "2019-02-28T16:19"
    assert article.published_confidence >= 0.8
    assert article.dateline == "HANOI"
    assert article.language == "en"
    assert "기사 이미지 확대 보기" in article.removed


def test_korean_title_glued_after_previous_page_furniture(seeds_dir: Path) -> None:
    """The previous page's "Community standardsDiscussion" glued before the title line."""
    article, content = _extract(seeds_dir / KOREAN, prefix="Community standardsDiscussion")
    _check(article, content.replace("Community standardsDiscussion", "", 1), KOREAN_BODY, KOREAN_FURNITURE)
    assert article.title == "[SUMMIT] Talks between Trump and Kim break down with no agreement"
    assert "Community standards" in article.removed
    assert article.authors == ["Lim Chang-won"]


@pytest.mark.parametrize("name", [SPUTNIK, KOREAN])
def test_every_line_is_kept_or_removed(seeds_dir: Path, name: str) -> None:
    article, content = _extract(seeds_dir / name)
    kept = [_norm(p) for p in article.text.splitlines() if p.strip()]
    dropped = [_norm(r) for r in article.removed]
    for line in (_norm(ln) for ln in content.splitlines() if ln.strip()):
        assert line in kept or line in dropped or any(d in line for d in dropped), line
