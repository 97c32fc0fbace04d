"""What the later articles of a developing story add to what its earlier articles said.

An update summary (the TAC "update task") is written for a reader who has read the
earlier articles. Candidates are the sentences of the later articles only; each one's
closeness to the earlier articles is its *meaning* similarity (the shared sentence
model, :mod:`parallax.meaning`) to the nearest earlier sentence or headline. A
candidate at ``repeat`` or above is already said and dropped; below it, the summary
score is lowered in proportion (``novelty_weight``), so what is new ranks first.
Selection, compression and citations are the summarizer's own, so every sentence is a
cited span of a later article (or a compression of it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from parallax.digest.summary import Candidate, Summarizer, candidates, is_content
from parallax.digest.text import split_sentences
from parallax.meaning import default_model
from parallax.model import Annotation, Article, StoryUpdate, SummarySentence


@dataclass(slots=True, frozen=True)
class UpdateConfig:
    """Knobs of the update summary (chosen by cross-validation, ``benchmarks/update_digest.py``)."""

    max_words: int = 100
    #: meaning cosine to an earlier sentence at or above which a later sentence is already said
    repeat: float = 0.8
    #: how far closeness to the earlier articles lowers a candidate (0: plain summary ranking)
    novelty_weight: float = 0.5


def earlier_texts(articles: list[Article]) -> list[str]:
    """Headlines and content sentences of the earlier articles: what the reader already knows."""
    out: list[str] = []
    for art in articles:
        if art.title:
            out.append(art.title)
        out += [art.text[s.start : s.end] for s in split_sentences(art.text)]
    return [t for t in out if len(t.split()) >= 4]


def closeness(cands: list[Candidate], earlier: list[str]) -> np.ndarray:
    """Per candidate, the meaning cosine of the nearest earlier sentence (0 when none)."""
    if not cands or not earlier:
        return np.zeros(len(cands))
    model = default_model()
    new = model.encode([c.text for c in cands])
    old = model.encode(earlier)
    return np.clip((new @ old.T).max(axis=1), 0.0, 1.0)


@dataclass(slots=True)
class Prepared:
    """Scored candidate sentences of the later articles, their cosine matrix and closeness to the earlier."""

    cands: list[Candidate]
    sim: np.ndarray
    near: np.ndarray
    later: list[Article]


class UpdateSummarizer:
    """Cited summary of what ``later`` articles add to ``earlier`` ones."""

    def __init__(self, config: UpdateConfig | None = None, summarizer: Summarizer | None = None) -> None:
        self.config = config or UpdateConfig()
        self.summarizer = summarizer or Summarizer()

    def summarize(
        self,
        earlier: list[Article],
        later: list[Article],
        annotations: dict[str, Annotation] | None = None,
        max_words: int | None = None,
    ) -> list[SummarySentence]:
        """At most ``max_words`` words of later-article sentences the earlier articles did not say."""
        budget = self.config.max_words if max_words is None else max_words
        return self.choose(self.prepare(earlier, later, annotations), budget)

    def prepare(
        self, earlier: list[Article], later: list[Article], annotations: dict[str, Annotation] | None = None
    ) -> Prepared:
        """Scored candidates of ``later`` and their closeness to ``earlier`` (the costly part)."""
        scfg = self.summarizer.config
        cands = [c for c in candidates(later, annotations, scfg) if is_content(c.text, scfg)]
        if not cands:
            return Prepared([], np.zeros((0, 0)), np.zeros(0), later)
        sim = self.summarizer.score_story(later, cands)
        return Prepared(cands, sim, closeness(cands, earlier_texts(earlier)), later)

    def choose(self, prep: Prepared, budget: int) -> list[SummarySentence]:
        """The update summary of prepared candidates under ``budget`` words."""
        cfg = self.config
        keep = [i for i in range(len(prep.cands)) if prep.near[i] < cfg.repeat]
        if not keep or budget <= 0:
            return []
        scores = np.array([prep.cands[i].score for i in keep])
        spread = float(scores.max() - scores.min()) or 1.0
        kept = [
            # scores on a 0-1 scale first, so the weight means the same in every story
            replace(
                prep.cands[i], score=(s - scores.min()) / spread - cfg.novelty_weight * float(prep.near[i])
            )
            for s, i in zip(scores, keep, strict=True)
        ]
        return self.summarizer.pick(prep.later, kept, prep.sim[np.ix_(keep, keep)], budget)


def story_update(
    earlier: list[Article],
    later: list[Article],
    annotations: dict[str, Annotation] | None = None,
    *,
    since: str | None = None,
    summarizer: UpdateSummarizer | None = None,
) -> StoryUpdate | None:
    """The update digest of a story whose ``later`` articles came after ``earlier`` ones (None when
    either side is empty)."""
    if not earlier or not later:
        return None
    sentences = (summarizer or UpdateSummarizer()).summarize(earlier, later, annotations)
    return StoryUpdate(
        since=since,
        new_article_ids=[a.id for a in later],
        earlier_article_ids=[a.id for a in earlier],
        sentences=sentences,
    )
