"""The story assigner's configuration and per-story state, and the small article helpers it uses.

Both classes are pickled in the assigner's ``to_bytes`` state; ``parallax.stories.assigner``
imports them under the same names, so states saved before they moved here still load.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from parallax.model import Annotation, Article
from parallax.stories.features import PairConfig, word_count
from parallax.stories.regroup import RegroupConfig


@dataclass(slots=True)
class ClusterConfig:
    """Knobs of story assignment (tuned on multinews + wikiref, see ``benchmarks/stories_*.py``)."""

    content_top_k: int = 100
    #: Weight (in pseudo-documents) of the general-English background in idf; 0 disables it.
    prior_docs: float = 100.0
    entity_top_k: int = 30
    centroid_top_k: int = 300
    #: Blocking keys per article: heaviest content terms and entities.
    block_terms: int = 10
    block_entities: int = 6
    #: A key's posting list keeps (and a lookup scans) this many most recent stories: a very
    #: common key blocks nothing, and a bounded scan keeps the cost per article constant.
    max_postings: int = 150
    max_candidates: int = 20
    #: 0: compare with the story centroid (cosine); 1: average similarity to its articles
    #: (average linkage, stricter on loose stories, so topics chain less); in between: a blend.
    linkage: float = 0.0
    #: Share of the entity cosine in the similarity (the rest is the content cosine).
    entity_weight: float = 0.4
    #: An article joins the best story when similarity >= threshold.
    threshold: float = 0.17
    #: Two stories merge in ``recluster`` when their centroids' similarity >= merge_threshold.
    merge_threshold: float = 0.3
    #: In ``recluster`` an article moves when another story fits it better by this margin.
    move_margin: float = 0.02
    #: In ``recluster`` an article whose similarity to the rest of its story is below this
    #: (and that fits no other story) is split off into a story of its own; 0 disables.
    split_below: float = 0.12
    #: Articles within this many days of a story's date range count as contemporary ...
    time_window_days: float = 3.0
    #: ... beyond it, similarity decays with this scale (days).
    time_scale_days: float = 5.0
    #: A story spans at most this many days: an article (or a merge) that would stretch it
    #: further is not taken, so stories do not drift through time and grow without bound.
    max_story_days: float = 30.0
    #: Untitled pages with fewer words are not news articles (widget, archive or paywall
    #: notices): each stays a story of its own, neither joining nor attracting others. A titled
    #: item (a feed's headline + lead) is news from ``min_item_words`` words, headline included.
    min_article_words: int = 30
    min_item_words: int = 8
    #: A verbatim copy of a text this short is site furniture repeated across pages (archive,
    #: widget, paywall notices) unless both are dated within ``time_window_days``: it is not
    #: grouped with its original. Edited copies are always wire copies.
    furniture_copy_words: int = 150
    #: ``recluster`` re-groups all articles by blocked average linkage (``regroup``) over the
    #: pair similarity of ``pair`` (words, entities, meaning, time, stated dates and figures)
    #: instead of the centroid merge/move passes: better on every pool of real stories
    #: (``benchmarks/stories_pools.py``); the merge/move passes remain for ``False``.
    batch_recluster: bool = True
    regroup: RegroupConfig = field(default_factory=RegroupConfig)
    pair: PairConfig = field(default_factory=PairConfig)
    #: Read each article's headline and lead with the shared meaning model (``parallax.meaning``),
    #: ``meaning_tokens`` word pieces of it.
    meaning: bool = True
    meaning_tokens: int = 128


@dataclass(slots=True)
class _StoryState:
    id: str
    order: int
    article_ids: list[str] = field(default_factory=list)
    content: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    n: int = 0  # articles whose vectors are summed in the centroids (copies are not)
    keys: set[str] = field(default_factory=set)
    first_day: int | None = None
    last_day: int | None = None
    first_published: str | None = None
    last_published: str | None = None
    outlets: list[str] = field(default_factory=list)
    title: str | None = None
    cnorm: float = -1.0  # cached norms of the centroids (-1: stale)
    enorm: float = -1.0


def _annotations_by_id(annotations: Sequence[Annotation | None] | None) -> dict[str, Annotation]:
    return {a.article_id: a for a in annotations or () if a is not None}


def _too_short(art: Article, cfg: ClusterConfig) -> bool:
    if art.title and art.title.strip():
        return word_count(art) < cfg.min_item_words
    return len(art.text.split()) < cfg.min_article_words


def _dedup_text(art: Article) -> str:
    # The body alone: a wire copy under a new headline is still a copy.
    return art.text


def _entity_text(art: Article) -> str:
    return f"{art.title}.\n{art.text}" if art.title else art.text


def _heaviest(vec: dict[str, float], k: int) -> list[str]:
    """The ``k`` heaviest keys of ``vec`` (ties by key, for run-to-run stability)."""
    return [t for t, _ in heapq.nsmallest(k, vec.items(), key=lambda tw: (-tw[1], tw[0]))]


def _span_days(lo: int | None, hi: int | None, first: int | None, last: int | None) -> int:
    """Days a story spanning ``first``..``last`` would span after taking ``lo``..``hi`` (0: undated)."""
    if lo is None or hi is None or first is None or last is None:
        return 0
    return max(hi, last) - min(lo, first)


def _mid_day(lo: int | None, hi: int | None) -> int | None:
    return None if lo is None or hi is None else (lo + hi) // 2
