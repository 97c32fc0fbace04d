"""Story timeline: dated events from the time expressions of the language-understanding stage.

An event is the sentence that contains an anchored time expression (``TimeExpr.value``),
cited by article and offsets. The same event told by several articles (same date, similar
sentence) becomes one event citing all of them. Events sort by the start of their ISO value
(an interval ``a/b`` sorts by ``a``; coarser values sort before finer ones of the same start).
"""

from __future__ import annotations

import re

from parallax.digest.text import content_stems, split_sentences
from parallax.model import Annotation, Article, Citation, Sentence, TimelineEvent

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")
_FURNITURE = re.compile(r"(?i)^(by|posted|updated|published)\b|\b(posted|updated)\s*:")


def _sentence_at(sents: list[Sentence], start: int, end: int) -> Sentence | None:
    for s in sents:
        if s.start <= start and end <= s.end:
            return s
    return None


def _similar(a: set[str], b: set[str], threshold: float) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= threshold


def timeline(
    articles: list[Article],
    annotations: dict[str, Annotation],
    merge_threshold: float = 0.6,
    min_words: int = 5,
) -> list[TimelineEvent]:
    """Dated events of the story, earliest first (empty without annotations carrying times)."""
    events: list[tuple[TimelineEvent, set[str]]] = []
    for art in articles:
        ann = annotations.get(art.id)
        if ann is None or ann.text != art.text:
            continue
        sents = ann.sentences or split_sentences(art.text)
        seen: set[tuple[str, int]] = set()
        for t in ann.times:
            if not t.value or not _ISO.match(t.value):
                continue
            s = _sentence_at(sents, t.start, t.end)
            if s is None:
                continue
            text = art.text[s.start : s.end].strip()
            if len(text.split()) < min_words or _FURNITURE.search(text) or (t.value, s.start) in seen:
                continue
            seen.add((t.value, s.start))
            stems = set(content_stems(text))
            cite = Citation(art.id, s.start, s.end)
            for ev, ev_stems in events:
                if ev.date == t.value and _similar(stems, ev_stems, merge_threshold):
                    if all(c.article_id != art.id for c in ev.sources):
                        ev.sources.append(cite)
                    break
            else:
                events.append((TimelineEvent(t.value, text, [cite]), stems))
    return sorted((e for e, _ in events), key=lambda e: (e.date.split("/")[0], len(e.date), e.text))
