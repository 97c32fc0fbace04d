"""Pair similarity: stated dates and figures, text length, meaning."""

from __future__ import annotations

import numpy as np

from parallax.model import Article
from parallax.stories.features import Features, PairConfig, marks, pair_similarity


def _feats(words: int, marks_=(frozenset(), frozenset()), meaning=None) -> Features:
    return Features({"jobs": 0.8, "economy": 0.6}, {}, [], None, words, marks_, meaning)


def test_marks_read_months_years_and_figures_from_headline_and_lead():
    art = Article(
        id="a",
        source="s",
        title="US economy adds 943K jobs in July",
        text="Employers added 943,000 jobs in 2021.",
    )
    when, figures = marks(art)
    assert when == {"jul", "2021"}
    assert 943000.0 in figures and 2021.0 not in figures


def test_different_months_or_figures_weaken_a_pair():
    cfg = PairConfig()
    july = (frozenset({"jul"}), frozenset({943000.0}))
    october = (frozenset({"oct"}), frozenset({250000.0}))
    same = pair_similarity(_feats(600, july), _feats(600, july), cfg, 0.08)
    other = pair_similarity(_feats(600, july), _feats(600, october), cfg, 0.08)
    assert other < same
    assert abs(other - same * cfg.conflict_factor**2) < 1e-9


def test_short_texts_must_agree_more_than_long_ones():
    cfg = PairConfig()
    long_pair = pair_similarity(_feats(800), _feats(800), cfg, 0.08)
    short_pair = pair_similarity(_feats(40), _feats(40), cfg, 0.08)
    assert short_pair == long_pair * 0.08 / cfg.short_threshold


def test_meaning_counts_only_above_its_floor():
    cfg = PairConfig()
    u = np.array([1.0, 0.0], dtype=np.float32)
    near = np.array([0.9, np.sqrt(1 - 0.81)], dtype=np.float32)
    far = np.array([0.3, np.sqrt(1 - 0.09)], dtype=np.float32)
    base = pair_similarity(_feats(800, meaning=u), _feats(800, meaning=far), cfg, 0.08)
    close = pair_similarity(_feats(800, meaning=u), _feats(800, meaning=near), cfg, 0.08)
    assert close > base
    words_only = (1.0 - cfg.meaning_weight - cfg.entity_weight) * 1.0 + cfg.entity_weight * 1.0
    assert abs(base - words_only) < 1e-6  # cosine 0.3 is under the floor: adds nothing
