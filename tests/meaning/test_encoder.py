"""The shipped meaning model: loads offline, is deterministic, and reads meaning rather than words."""

from __future__ import annotations

import numpy as np

from parallax.meaning import MeaningModel, default_model


def test_vectors_are_unit_rows_and_empty_text_is_zero():
    vecs = default_model().encode(["Talks in Hanoi ended without a deal.", "", "   "])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert abs(float(np.linalg.norm(vecs[0])) - 1.0) < 1e-5
    assert not vecs[1].any() and not vecs[2].any()


def test_a_text_gets_the_same_vector_whatever_it_is_batched_with():
    text = "The summit between the two leaders collapsed over sanctions relief."
    others = ["A short one.", "A much longer sentence about a ferry strike in a northern port " * 6]
    alone = MeaningModel(batch_size=1).encode([text])[0]
    batched = MeaningModel(batch_size=8).encode([*others, text])[2]
    assert np.abs(alone - batched).max() < 1e-5


def test_paraphrases_are_closer_than_shared_words():
    a, para, other = default_model().encode(
        [
            "The company reported a sharp fall in quarterly profit.",
            "Quarterly earnings at the firm dropped steeply.",
            "The company opened a new office in quarterly rotation.",
        ]
    )
    assert float(a @ para) > float(a @ other)


def test_long_texts_are_cut_to_max_tokens():
    model = default_model()
    head = "Dockworkers in Varnholm went on strike on Monday over a three-year contract."
    tail = " Unrelated filler about gardening and tomatoes." * 200
    short, long = model.encode([head, head + tail], max_tokens=24)
    assert float(short @ long) > 0.9
