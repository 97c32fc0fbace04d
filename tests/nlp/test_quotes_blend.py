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
