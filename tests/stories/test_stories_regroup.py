import pickle

import pytest

from parallax.stories.regroup import RegroupConfig, average_linkage, candidate_pairs, contrasted


def test_candidate_pairs_use_keys_time_window_and_skip_common_keys():
    keys = [["a", "x"], ["a", "x"], ["a", "x"], ["b", "x"], ["b"]]
    days = [100, 101, 150, 100, None]
    cfg = RegroupConfig(window_days=5, max_key_articles=3, neighbors=10)
    pairs = candidate_pairs(keys, days, cfg)
    # "x" is in 3 articles within the window of day 100 (allowed) but "a" at day 150 is alone;
    # the undated article meets every article of its keys.
    assert (0, 1) in pairs and (0, 3) in pairs and (3, 4) in pairs
    assert (0, 2) not in pairs and (1, 2) not in pairs
    tight = candidate_pairs(keys, days, RegroupConfig(window_days=5, max_key_articles=2))
    assert (0, 3) not in tight  # "x" is over-common there: it blocks nothing


def test_average_linkage_merges_by_average_not_single_link():
    sims = {(0, 1): 0.9, (1, 2): 0.3, (2, 3): 0.9}
    labels = average_linkage(4, list(sims), lambda i, j: sims[(i, j)], threshold=0.5)
    assert labels == [0, 0, 2, 2]
    # One strong link between groups is not enough on average (0.3 + 0 + 0 + 0) / 4 < 0.2.
    assert average_linkage(4, list(sims), lambda i, j: sims[(i, j)], threshold=0.2) == [0, 0, 2, 2]
    assert average_linkage(4, list(sims), lambda i, j: sims[(i, j)], threshold=0.05) == [0, 0, 0, 0]


def test_contrast_weighs_a_pair_against_its_articles_best_candidates():
    # Articles 0-1 score 0.10 in a quiet neighbourhood; 2-3 also 0.10, but each of them scores
    # 0.20 with other articles (a crowded topic): 0-1 stands out, 2-3 does not.
    pairs = [(0, 1), (2, 3), (2, 4), (2, 5), (3, 6), (3, 7)]
    scores = [0.10, 0.10, 0.20, 0.20, 0.20, 0.20]
    cfg = RegroupConfig(threshold=0.08, contrast=1.0, background_top=2, background_floor=0.25)
    out = contrasted(8, pairs, scores, cfg)
    assert out[0] == pytest.approx(0.10)  # its own best: background 0.10, factor 1
    assert out[1] == pytest.approx(0.10 * 0.10 / 0.20)  # background (0.2 + 0.2) / 2 on each side
    assert out[1] < cfg.threshold <= out[0]
    assert contrasted(8, pairs, scores, RegroupConfig(contrast=0.0)) == scores


def test_contrast_background_has_a_floor():
    # A lone weak pair is not inflated without bound: its background is at least floor x threshold.
    cfg = RegroupConfig(threshold=0.08, contrast=1.0, background_top=5, background_floor=0.25)
    [s] = contrasted(2, [(0, 1)], [0.01], cfg)
    assert s == pytest.approx(0.01 * 0.01 / 0.02)
    assert contrasted(2, [(0, 1)], [0.0], cfg) == [0.0]


def test_configs_pickled_before_new_fields_load_with_their_defaults():
    cfg = RegroupConfig(threshold=0.3)
    old_state = (None, {"threshold": 0.3, "neighbors": 7})  # as saved before ``contrast`` existed
    restored = RegroupConfig.__new__(RegroupConfig)
    restored.__setstate__(old_state)
    assert restored.threshold == 0.3 and restored.neighbors == 7
    assert restored.contrast == cfg.contrast and restored.background_top == cfg.background_top
    assert pickle.loads(pickle.dumps(RegroupConfig(contrast=0.5))).contrast == 0.5
