"""Story timeline: dated events from the time expressions of the language-understanding stage.

An event is the sentence that contains an anchored time expression (``TimeExpr.value``),
cited by article and offsets. The same event told by several articles (same date, similar
sentence) becomes one event citing all of them. Events sort by the start of their ISO value
(an interval ``a/b`` sorts by ``a``; coarser values sort before finer ones of the same start).

The story's main event is on it even when no sentence dates it: the lead of each dated article
(its first sentence of at least ``min_words`` words) with no time expression of its own is an event
of the article's publication day ("Talks ... collapsed" in a 28 February report). An undated
article's relative expressions ("earlier this week") are read against the story's latest dated
article, the nearest evidence of when it was written.
"""

from __future__ import annotations

import re

from parallax.digest.text import content_stems, split_sentences
from parallax.model import Annotation, Article, Citation, Sentence, TimeExpr, TimelineEvent
from parallax.nlp.timex import find_times, parse_anchor

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")
_FURNITURE = re.compile(r"(?i)^(by|posted|updated|published)\b|\b(posted|updated)\s*:")


def _sentence_at(sents: list[Sentence], start: int, end: int) -> Sentence | None:
    for s in sents:
        if s.start <= start and end <= s.end:
            return s
    return None


def _similar(a: set[str], b: set[str], threshold: float) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= threshold


def _times(art: Article, ann: Annotation, story_day: str | None) -> list[TimeExpr]:
    """The article's time expressions; an undated article's are re-read against the story's day."""
    if art.published or story_day is None:
        return list(ann.times)
    return find_times(art.text, story_day)


def _lead_event(
    art: Article, sents: list[Sentence], times: list[TimeExpr], min_words: int
) -> tuple[str, Sentence, str] | None:
    """The lead of a dated article as an event of its publication day (None when it dates itself)."""
    day = parse_anchor(art.published)
    if day is None:
        return None
    for s in sents:
        text = art.text[s.start : s.end].strip()
        if len(text.split()) >= min_words and not _FURNITURE.search(text):
            if any(s.start <= t.start < s.end for t in times):
                return None
            return day.isoformat(), s, text
    return None


def timeline(
    articles: list[Article],
    annotations: dict[str, Annotation],
    merge_threshold: float = 0.6,
    min_words: int = 5,
) -> list[TimelineEvent]:
    """Dated events of the story, earliest first (empty without annotations carrying times)."""
    events: list[tuple[TimelineEvent, set[str]]] = []
    days = sorted(d.isoformat() for d in (parse_anchor(a.published) for a in articles) if d)
    story_day = days[-1] if days else None
    for art in articles:
        ann = annotations.get(art.id)
        if ann is None or ann.text != art.text:
            continue
        sents = ann.sentences or split_sentences(art.text)
        seen: set[tuple[str, int]] = set()
        times = _times(art, ann, story_day)
        dated: list[tuple[str, Sentence | None]] = [
            (t.value or "", _sentence_at(sents, t.start, t.end)) for t in times
        ]
        lead = _lead_event(art, sents, times, min_words)
        if lead:
            dated.insert(0, (lead[0], lead[1]))
        for value, s in dated:
            if not value or not _ISO.match(value) or s is None:
                continue
            text = art.text[s.start : s.end].strip()
            if len(text.split()) < min_words or _FURNITURE.search(text) or (value, s.start) in seen:
                continue
            seen.add((value, s.start))
            stems = set(content_stems(text))
            cite = Citation(art.id, s.start, s.end)
            for ev, ev_stems in events:
                if ev.date == value and _similar(stems, ev_stems, merge_threshold):
                    if all(c.article_id != art.id for c in ev.sources):
                        ev.sources.append(cite)
                    break
            else:
                events.append((TimelineEvent(value, text, [cite]), stems))
    return sorted((e for e, _ in events), key=lambda e: (e.date.split("/")[0], len(e.date), e.text))
