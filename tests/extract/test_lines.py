"""Line classifier: glue splitting, features, the shipped model and its numpy evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.extract.lines import (
    MODEL_PATH,
    SURFACE_FEATURES,
    LineClassifier,
    _Trees,
    context_features,
    default_classifier,
    dominant_script,
    export_hgb,
    n_stage1_features,
    page_features,
    split_glued,
    surface_features,
)


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        (
            "Community standardsDiscussion[SUMMIT] Talks break down",
            ["Community standards", "Discussion", "[SUMMIT] Talks break down"],
        ),
        ("Skip to contentSkip to site index", ["Skip to content", "Skip to site index"]),
        ("SubscribeSign In", ["Subscribe", "Sign In"]),
        ("18:50 GMT04 August 2020", ["18:50 GMT04 August 2020"]),  # a zone glued to a date is one value
        (
            "JavaScript, LinkedIn, YouTube, iPhone and McDonald's",
            ["JavaScript, LinkedIn, YouTube, iPhone and McDonald's"],
        ),
        ("It ended.The next day", ["It ended.The next day"]),
    ],
)
def test_split_glued(line: str, pieces: list[str]) -> None:
    assert split_glued(line) == pieces


def test_surface_features_shape_and_script_mix() -> None:
    f = dict(zip(SURFACE_FEATURES, surface_features("기사 이미지 확대 보기", "LATIN"), strict=True))
    assert f["foreign_script_ratio"] == 1.0
    g = dict(
        zip(SURFACE_FEATURES, surface_features("READ MORE: Kim leaves Hanoi (VIDEO)", "LATIN"), strict=True)
    )
    assert g["furniture_words"] >= 2 and g["foreign_script_ratio"] == 0.0
    h = dict(zip(SURFACE_FEATURES, surface_features("18:50 GMT 04 August 2020", "LATIN"), strict=True))
    assert h["clock"] == 1.0 and h["month"] == 1.0 and h["year"] == 1.0


def test_dominant_script() -> None:
    assert dominant_script(["Hello world", "기사"]) == "LATIN"
    assert dominant_script(["기사 이미지 확대 보기", "OK"]) == "HANGUL"


def test_page_features_skip_blank_lines() -> None:
    x, idx = page_features(["Title", "", "A sentence of the body.", ""])
    assert idx == [0, 2]
    assert x.shape == (2, n_stage1_features())
    assert context_features(x, np.array([0.2, 0.9])).shape[0] == 2
    assert page_features([])[0].shape == (0, n_stage1_features())


def test_shipped_model_is_small_and_loads() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    clf = default_classifier()
    assert clf.stage1.n_features == n_stage1_features()
    assert clf.meta.get("trained_on")


def test_scores_separate_prose_from_furniture() -> None:
    lines = [
        "Home",
        "World",
        "Sign In",
        "",
        "The prime minister said on Monday that the government would present a new budget next week, "
        "after months of negotiations with the coalition partners.",
        "",
        "Opposition leaders criticised the delay, saying that families had waited too long for relief "
        "from rising energy prices during the winter.",
        "",
        "Share this article",
        "Privacy Policy",
    ]
    s = default_classifier().scores(lines)
    assert s[3] is None and s[5] is None
    assert s[4] > 0.5 and s[6] > 0.5  # type: ignore[operator]
    assert max(s[i] for i in (0, 1, 2, 8, 9)) < 0.5  # type: ignore[type-var]


def test_numpy_trees_match_scikit_learn() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    x[rng.random(x.shape) < 0.05] = np.nan
    y = ((np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) ** 2) > 0.7).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(x, y)
    ours = _Trees(export_hgb(model)).predict_proba(x)
    assert np.allclose(ours, model.predict_proba(x)[:, 1], atol=1e-5)


def test_wrong_feature_count_is_an_error() -> None:
    clf = LineClassifier.load()
    with pytest.raises(ValueError, match="features"):
        clf.stage1.predict_proba(np.zeros((1, 3)))
