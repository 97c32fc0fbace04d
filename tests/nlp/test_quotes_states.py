"""The entity model's hidden states as quote features: alignment, projection, reuse of the NER pass."""

from __future__ import annotations

import numpy as np

from parallax.nlp.ner import default_tagger
from parallax.nlp.quotes_features import blocks
from parallax.nlp.quotes_states import StateProjection, add_state_features, token_states


def test_states_come_from_the_last_tag_many_call() -> None:
    tagger = default_tagger()
    texts = ['"We will win," Sanders said.', "She left Boston on Monday."]
    tagger.keep_states = True  # what a quote model reading the states sets
    tagger.tag_many(texts)
    assert texts[1] in tagger._states  # kept from the batch: no second pass
    spans, states = tagger.word_states(texts[1])
    assert states.shape == (len(spans), 384) and states.dtype == np.float16
    assert np.abs(states).sum(1).min() > 0  # every word has a state
    again = tagger.word_states("A text never tagged before.")  # computed on demand
    assert again[1].shape[0] == len(again[0])


def test_each_token_takes_the_state_of_its_word() -> None:
    text = "He said: don't go."
    toks = [t for b in blocks(text) for t in b.tokens]
    spans = [(0, 2), (3, 7), (7, 8), (9, 11), (11, 14), (15, 17), (17, 18)]
    states = np.arange(len(spans), dtype=np.float16)[:, None]
    got = token_states(spans, states, toks)
    assert len(got) == len(toks)
    for t, v in zip(toks, got[:, 0], strict=True):
        a, b = spans[int(v)]
        assert a <= t.start < b, (text[t.start : t.end], spans[int(v)])


def test_projection_and_features() -> None:
    proj = StateProjection(
        mean=np.zeros(4, np.float32),
        components=np.eye(2, 4, dtype=np.float32),
        scale=np.ones(2, np.float32),
        centroids=np.array([[0, 0], [5, 5]], np.float32),
    )
    z, cl = proj.project(np.array([[0.1, 0.2, 9, 9], [4.0, 6.0, 0, 0]], np.float16))
    assert cl.tolist() == [0, 1] and z.shape == (2, 2)
    feats = add_state_features([["w=a"], ["w=b"]], z, cl, [0, 1])
    assert feats[0]["w=a"] == 1.0 and feats[0]["hc=0"] == 1.0 and "hc1=1" not in feats[0]  # other sentence
    assert abs(feats[1]["h1"] - 6.0) < 1e-2
