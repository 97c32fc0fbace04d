from parallax.stories.regroup import RegroupConfig, average_linkage, candidate_pairs


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
