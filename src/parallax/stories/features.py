"""What story grouping knows of one article, and how alike two articles are.

An article is reduced to sparse tf-idf vectors (content words, entities), blocking keys, its day,
its length, the dates and figures its headline and lead state, the weekday its text names most,
and a meaning vector from the shared sentence model (``parallax.meaning``). ``pair_similarity``
mixes them; its knobs were chosen on pools of real multi-outlet stories
(``benchmarks/stories_pools.py``).
"""

from __future__ import annotations

import calendar
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, fields

import numpy as np

from parallax.model import Article
from parallax.stories.vectors import SparseVec, dot

_MONTH = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r"|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Figures that tell one event from another of its kind: 943,000 jobs, 7.1 magnitude, $3.5 billion, 40%.
_FIGURE = re.compile(
    r"(?<![\w.,])\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\$?\d+(?:\.\d+)?\s?(?:%|percent\b|million\b|billion\b|trillion\b|[KkMB]\b)"
    r"|\b\d{3,}\b"
)
# English names spelled out: ``calendar.day_name`` follows the process locale.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_DAYS) + r")\b")
_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "trillion": 1e12}


@dataclass(slots=True, frozen=True)
class PairConfig:
    """How two articles' signals mix (chosen across pools of different kinds, see the module doc)."""

    #: Shares of the content, entity and meaning cosines (content takes the entity share when
    #: either article has no entities).
    content_weight: float = 0.6
    entity_weight: float = 0.0
    meaning_weight: float = 0.4
    #: Meaning cosines at or below this say nothing (news on one broad theme scores ~0.3-0.5).
    meaning_floor: float = 0.5
    #: Two headlines+leads that name different months or years, or share none of their figures
    #: ("943,000 jobs in July" / "250,000 jobs in October"), are scaled by this.
    conflict_factor: float = 0.6
    #: Short texts agree more by chance than long ones: a pair whose shorter text has
    #: ``short_words`` or fewer words must reach ``short_threshold`` (instead of the grouping
    #: threshold, which holds from ``long_words`` on; in between, log-linear).
    short_words: int = 60
    long_words: int = 600
    #: 0.1 chosen with the weekday evidence on (was 0.2; leave one pool out,
    #: ``stories_short_grid_seed*.json``: 0.1 in 6 of 8 folds, 0.15 in the other 2).
    short_threshold: float = 0.1
    #: Articles within this many days count as contemporary; beyond, similarity decays.
    time_window_days: float = 3.0
    time_scale_days: float = 5.0
    #: News names the day of its event ("said Tuesday"), so the weekday a text names most is time
    #: evidence even without a date: a pair whose most-named weekdays lie ``weekday_gap`` or more
    #: days apart is scaled by ``weekday_factor``. Chosen leave one pool out on the pools of
    #: ``stories_pools.py`` (``stories_weekday_grid_seed*.json``: 0.7 in 7 of 8 folds, 0.5-0.8
    #: within 0.001 on Multi-News); gap 2, sparing next-day coverage, did less there.
    weekday_gap: int = 1
    weekday_factor: float = 0.7

    def __setstate__(self, state: list[object]) -> None:
        """Unpickle a saved config; fields added since it was saved (always appended) take their defaults."""
        for f, value in zip(fields(self), state, strict=False):
            object.__setattr__(self, f.name, value)
        for f in fields(self)[len(state) :]:
            object.__setattr__(self, f.name, f.default)


@dataclass(slots=True)
class Features:
    content: SparseVec
    entities: SparseVec
    keys: list[str]
    day: int | None
    words: int = 0
    marks: tuple[frozenset[str], frozenset[float | str]] = (frozenset(), frozenset())
    meaning: np.ndarray | None = None
    weekdays: frozenset[int] = frozenset()


@dataclass(slots=True)
class Packed:
    """An article's features, compact (kept for the consolidation pass)."""

    terms: tuple[str, ...]
    weights: array
    ents: tuple[str, ...]
    eweights: array
    keys: tuple[str, ...]
    day: int | None
    words: int = 0
    marks: tuple[frozenset[str], frozenset[float | str]] = (frozenset(), frozenset())
    meaning: np.ndarray | None = None  # float16
    weekdays: frozenset[int] = frozenset()

    @classmethod
    def pack(cls, f: Features) -> Packed:
        return cls(
            tuple(f.content), array("f", f.content.values()), tuple(f.entities),
            array("f", f.entities.values()), tuple(f.keys), f.day, f.words, f.marks,
            None if f.meaning is None else f.meaning.astype(np.float16), f.weekdays,
        )  # fmt: skip

    def unpack(self) -> Features:
        meaning = getattr(self, "meaning", None)  # states saved before meaning vectors existed
        return Features(
            dict(zip(self.terms, self.weights, strict=True)),
            dict(zip(self.ents, self.eweights, strict=True)),
            list(self.keys),
            self.day,
            getattr(self, "words", 0),
            getattr(self, "marks", (frozenset(), frozenset())),
            None if meaning is None else meaning.astype(np.float32),
            getattr(self, "weekdays", frozenset()),
        )


def meaning_passage(article: Article) -> str:
    """What the meaning model reads of an article: headline and lead (it keeps 128 word pieces)."""
    return f"{article.title}. {article.text}" if article.title else article.text


def word_count(article: Article) -> int:
    return len(article.text.split()) + (len(article.title.split()) if article.title else 0)


def marks(article: Article, lead_words: int = 40) -> tuple[frozenset[str], frozenset[float | str]]:
    """Months and years, and figures, stated in the headline and the first ``lead_words`` words."""
    head = " ".join(article.text.split()[:lead_words])
    if article.title:
        head = f"{article.title} . {head}"
    when = {m.group(1)[:3].lower() for m in _MONTH.finditer(head)}
    when |= {m.group(1) for m in _YEAR.finditer(head)}
    figures = {_figure(m.group()) for m in _FIGURE.finditer(head)}
    return frozenset(when), frozenset(f for f in figures if not (isinstance(f, float) and 1900 <= f <= 2100))


def stated_weekdays(article: Article) -> frozenset[int]:
    """The weekday(s) the headline and text name most often (0 = Monday); empty when none."""
    text = f"{article.title} . {article.text}" if article.title else article.text
    counts = Counter(_WEEKDAY.findall(text))
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(_DAYS.index(day) for day, n in counts.items() if n == top)


def weekday_gap(a: frozenset[int], b: frozenset[int]) -> int:
    """Fewest days between a weekday of ``a`` and one of ``b``, either way round the week (0-3)."""
    return min(min((x - y) % 7, (y - x) % 7) for x in a for y in b)


def _figure(text: str) -> float | str:
    s = text.casefold().replace("$", "").replace(" ", "").replace("percent", "%").rstrip("%")
    for suffix, scale in _SCALE.items():
        if s.endswith(suffix):
            try:
                return round(float(s[: -len(suffix)].replace(",", "")) * scale, -3)
            except ValueError:
                return s
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return s


def pair_similarity(a: Features, b: Features, cfg: PairConfig, threshold: float) -> float:
    """How alike two articles are, on the scale of ``threshold`` whatever their length."""
    cc = dot(a.content, b.content)
    ce = dot(a.entities, b.entities) if a.entities and b.entities else cc
    score = (1.0 - cfg.entity_weight - cfg.meaning_weight) * cc + cfg.entity_weight * ce
    if a.meaning is not None and b.meaning is not None:
        cm = float(a.meaning @ b.meaning)
        score += cfg.meaning_weight * max(0.0, (cm - cfg.meaning_floor) / (1.0 - cfg.meaning_floor))
    else:  # without vectors the words carry the meaning share too
        score += cfg.meaning_weight * cc
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        if gap > cfg.time_window_days:
            score *= math.exp(-(gap - cfg.time_window_days) / cfg.time_scale_days)
    (wa, fa), (wb, fb) = a.marks, b.marks
    if wa and wb and not wa & wb:
        score *= cfg.conflict_factor
    if fa and fb and not fa & fb:
        score *= cfg.conflict_factor
    if a.weekdays and b.weekdays and weekday_gap(a.weekdays, b.weekdays) >= cfg.weekday_gap:
        score *= cfg.weekday_factor
    return score * threshold / _length_threshold(min(a.words, b.words), cfg, threshold)


def _length_threshold(words: int, cfg: PairConfig, threshold: float) -> float:
    lo, hi = math.log(cfg.short_words), math.log(cfg.long_words)
    f = min(1.0, max(0.0, (math.log(max(words, 1)) - lo) / (hi - lo)))
    return cfg.short_threshold * (1.0 - f) + threshold * f
