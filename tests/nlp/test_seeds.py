"""Acceptance on the two real seed texts (issue 3): interview answers and Sanders' statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.model import Entity
from parallax.nlp.quotes import QuoteExtractor


@pytest.fixture(scope="module")
def extractor() -> QuoteExtractor:
    try:
        return QuoteExtractor()
    except (FileNotFoundError, OSError):
        pytest.skip("quote model not built (training/train_quotes.py)")


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _paragraphs(text: str, label: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(label + ":"):
            start = pos + line.index(label + ":") + len(label) + 1
            out.append((start, pos + len(line.rstrip())))
        pos += len(line)
    return out


def test_interview_answers_are_quotes_of_ching_chang(seeds_dir: Path, extractor: QuoteExtractor) -> None:
    text = _seed(seeds_dir, "000")
    answers = _paragraphs(text, "Dr. Ching Chang")
    questions = _paragraphs(text, "Sputnik")
    assert len(answers) >= 4 and len(questions) >= 4
    quotes = extractor.extract(text, [])
    for start, end in answers:
        covering = [q for q in quotes if q.content_start <= start + 1 and q.content_end >= end - 1]
        assert covering, text[start:end][:60]
        assert all("Ching Chang" in (q.speaker or "") for q in covering)
    for start, end in questions:
        body = text[start:end]
        for q in quotes:
            overlap = min(end, q.content_end) - max(start, q.content_start)
            if overlap > 0:
                # a question is never a quote; a quote reported inside it must name someone else
                assert overlap < 0.8 * len(body.strip())
                assert "Sputnik" not in (q.speaker or "")


def test_sanders_statement_is_attributed_to_her(seeds_dir: Path, extractor: QuoteExtractor) -> None:
    text = _seed(seeds_dir, "004")
    i = text.index("Sarah Sanders")
    ents = [Entity(i, i + len("Sarah Sanders"), "Sarah Sanders", "PER", "sanders")]
    j = text.index("Sanders said.")
    ents.append(Entity(j, j + len("Sanders"), "Sanders", "PER", "sanders"))
    quotes = extractor.extract(text, ents)
    statement = text.index("The two leaders discussed")
    hits = [q for q in quotes if q.content_start <= statement < q.content_end]
    assert hits and all(q.speaker_entity_id == "sanders" for q in hits)
    meetings = text.index("very good and constructive meetings")
    hits = [q for q in quotes if q.content_start <= meetings < q.content_end]
    assert hits and all(q.speaker_entity_id == "sanders" for q in hits)


def test_full_pipeline_names_the_speakers(seeds_dir: Path) -> None:
    from parallax.model import Article
    from parallax.nlp.annotator import Annotator

    ann = Annotator()
    if ann.tagger is None or ann.quotes is None:
        pytest.skip("shipped models not built")
    text = _seed(seeds_dir, "004")
    a = ann.annotate(Article(id="004", source="seed", text=text, published="2019-02-28"))
    statement = text.index("The two leaders discussed")
    assert [q.speaker for q in a.quotes if q.content_start <= statement < q.content_end] == ["Sarah Sanders"]
    text = _seed(seeds_dir, "000")
    a = ann.annotate(Article(id="000", source="seed", text=text))
    speakers = {q.speaker for q in a.quotes if q.cue == ":"}
    assert speakers and all("Ching Chang" in (s or "") for s in speakers)
