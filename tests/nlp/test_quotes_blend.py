"""The log-linear blend of two CRFs (quotes_blend) decodes as CRFsuite does at either end of the weight."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.nlp.quotes import MODEL_DIR, QuoteExtractor
from parallax.nlp.quotes_blend import LinearCrf, blend_labels, viterbi
from parallax.nlp.quotes_features import block_features, blocks
from parallax.nlp.quotes_states import add_state_features

TEXT = (
    'White House press secretary Sarah Sanders spoke on Thursday. "The two leaders had very good meetings," '
    "she said.\n\nSecretary of State Mike Pompeo has insisted that Washington would verify any dismantlement."
)


def test_viterbi_takes_the_transitions_into_account() -> None:
    import numpy as np

    state = np.array([[1.0, 0.0], [0.0, 0.6]])
    assert viterbi(state, np.zeros((2, 2))) == [0, 1]
    assert viterbi(state, np.array([[0.0, -1.0], [0.0, 0.0]])) == [0, 0]


@pytest.mark.skipif(not (MODEL_DIR / "quotes_crf_words.bin").is_file(), reason="no blended model shipped")
def test_blend_ends_are_the_two_models() -> None:
    ex = QuoteExtractor()
    order = list(ex._tagger.labels())
    main, words = (
        LinearCrf(MODEL_DIR / "quotes_crf.bin", order),
        LinearCrf(MODEL_DIR / "quotes_crf_words.bin", order),
    )
    other = _tagger(MODEL_DIR / "quotes_crf_words.bin")
    bl = blocks(TEXT)
    states = ex._block_states(TEXT, bl)
    for i, b in enumerate(bl):
        feats = block_features(b, ex.lexicon, i, ex.feature_version, ex.classes)
        items = add_state_features(feats, *states[i], b.sent_ids) if states else feats
        assert blend_labels(main, items, words, feats, 1.0) == list(ex._tagger.tag(items))
        assert blend_labels(main, items, words, feats, 0.0) == list(other.tag(feats))
        # the run-time form (weights summed once) decodes as the blend of the two models
        w = ex.blend_weight
        assert w is not None and states is not None
        assert ex.block_labels(b, i, states[i]) == blend_labels(main, items, words, feats, w)


def _tagger(path: Path):  # type: ignore[no-untyped-def]
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    return t


def test_a_cue_without_content_takes_no_adverbial_as_its_content() -> None:
    from parallax.nlp.quotes_decode import _orphan_content

    b = blocks("Sarah Sanders spoke on Thursday in Hanoi.")[0]
    labels = ["B-SOURCE", "I-SOURCE", "B-CUE"] + ["O"] * (len(b.words) - 3)
    assert _orphan_content((2, 3), labels, b) is None
    b = blocks("Sarah Sanders said Clinton will win the race.")[0]
    span = _orphan_content((2, 3), labels[:3] + ["O"] * (len(b.words) - 3), b)
    assert span is not None and b.words[span[0]] == "Clinton"


@pytest.mark.skipif(not (MODEL_DIR / "quotes_crf_words.bin").is_file(), reason="no blended model shipped")
def test_the_shipped_blend_tables_are_those_of_the_shipped_crfs(tmp_path: Path) -> None:
    # Stale tables would silently decode an older model: they must carry the CRF files' fingerprint.
    import json
    import shutil

    import numpy as np
    import pycrfsuite

    from parallax.nlp.quotes import BLEND_TABLES, _load_blend, build_blend
    from parallax.nlp.quotes_blend import Blend
    from parallax.nlp.quotes_states import StateProjection

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_DIR / "quotes_crf.bin"))
    order = list(tagger.labels())
    proj = StateProjection.load(MODEL_DIR / "quotes_states.npz")
    weight = json.loads((MODEL_DIR / "quotes_meta.json").read_text())["blend_weight"]
    built, stamp = build_blend(MODEL_DIR, order, weight, proj)
    cached = Blend.load(MODEL_DIR / BLEND_TABLES, stamp)
    assert cached is not None
    assert cached.labels == built.labels and cached.index == built.index
    for name in ("summed", "numeric", "trans"):
        assert np.array_equal(getattr(cached, name), getattr(built, name))
    # another weight is another blend: the tables do not apply, and the slow path builds the right one
    assert Blend.load(MODEL_DIR / BLEND_TABLES, build_blend(MODEL_DIR, order, 0.25, proj)[1]) is None
    copy = tmp_path / "models"
    shutil.copytree(MODEL_DIR, copy, ignore=shutil.ignore_patterns("ner*", BLEND_TABLES))
    rebuilt = _load_blend(copy, order, 0.25, proj)
    assert np.allclose(rebuilt.trans, 0.25 * LinearCrf(copy / "quotes_crf.bin", order).trans
                       + 0.75 * LinearCrf(copy / "quotes_crf_words.bin", order).trans)  # fmt: skip
