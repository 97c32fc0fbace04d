"""Pair similarity: stated dates and figures, text length, meaning."""

from __future__ import annotations

import numpy as np

from parallax.model import Article
from parallax.stories.features import (
    Features,
    PairConfig,
    marks,
    pair_similarity,
    stated_weekdays,
    weekday_gap,
)


def _feats(words: int, marks_=(frozenset(), frozenset()), meaning=None, weekdays=frozenset()) -> Features:
    return Features({"jobs": 0.8, "economy": 0.6}, {}, [], None, words, marks_, meaning, weekdays)


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


def test_stated_weekdays_are_the_most_named_ones():
    art = Article(
        id="a",
        source="s",
        title="Senate votes Tuesday",
        text="On Tuesday the bill passed; Monday's debate ran late.",
    )
    assert stated_weekdays(art) == {1}  # Tuesday twice, Monday once
    tie = Article(id="b", source="s", text="Talks began Friday and ended Sunday.")
    assert stated_weekdays(tie) == {4, 6}
    assert stated_weekdays(Article(id="c", source="s", text="No day named here.")) == frozenset()
    assert weekday_gap(frozenset({0}), frozenset({6})) == 1  # Monday / Sunday: round the week
    assert weekday_gap(frozenset({0}), frozenset({3})) == 3


def test_different_most_named_weekdays_weaken_a_pair():
    cfg = PairConfig()
    monday, thursday = frozenset({0}), frozenset({3})
    same = pair_similarity(_feats(600, weekdays=monday), _feats(600, weekdays=monday), cfg, 0.08)
    apart = pair_similarity(_feats(600, weekdays=monday), _feats(600, weekdays=thursday), cfg, 0.08)
    unknown = pair_similarity(_feats(600, weekdays=monday), _feats(600), cfg, 0.08)
    assert same == unknown  # a text naming no weekday says nothing about time
    assert abs(apart - same * cfg.weekday_factor) < 1e-9 and cfg.weekday_factor < 1.0
    spare_next_day = PairConfig(weekday_gap=2)
    tuesday = frozenset({1})
    assert (
        pair_similarity(_feats(600, weekdays=monday), _feats(600, weekdays=tuesday), spare_next_day, 0.08)
        == same
    )


def test_a_config_pickled_before_new_fields_loads_with_their_defaults():
    saved = PairConfig(meaning_floor=0.4).__getstate__()[:-2]  # as saved before the weekday fields
    cfg = PairConfig.__new__(PairConfig)
    cfg.__setstate__(saved)
    assert cfg.meaning_floor == 0.4 and cfg.time_scale_days == PairConfig().time_scale_days
    assert cfg.weekday_factor == PairConfig().weekday_factor
