"""The units the entity tagger reads: words, case ids, windows, tag decoding."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from parallax.nlp.ner_words import (
    DIGIT,
    LOWER,
    MAX_PIECES,
    MIXED,
    OTHER,
    TAGS,
    TITLE,
    UPPER,
    case_id,
    central_window,
    encode_window,
    spans_of,
    viterbi,
    windows,
    words,
)


def test_words_are_cut_as_conll_cuts_them() -> None:
    text = "U.S. President Donald Trump's talks with Kim Jong-un didn't end at 3.5 p.m. O'Neill said, \"no\"."
    assert [text[a:b] for a, b in words(text)] == [
        "U.S.", "President", "Donald", "Trump", "'s", "talks", "with", "Kim", "Jong-un", "did", "n't",
        "end", "at", "3.5", "p.m.", "O'Neill", "said", ",", '"', "no", '"', ".",
    ]  # fmt: skip


def test_word_offsets_index_the_text() -> None:
    text = "  Mr. Smith\nwent to  Washington D.C. on 1996-08-22.\n"
    for a, b in words(text):
        assert text[a:b].strip() == text[a:b] != ""
    assert [text[a:b] for a, b in words(text)][:2] == ["Mr.", "Smith"]
    assert "1996-08-22" in [text[a:b] for a, b in words(text)]


@pytest.mark.parametrize(
    ("word", "case"),
    [
        ("bay", LOWER),
        ("Bay", TITLE),
        ("NATO", UPPER),
        ("McDonald", MIXED),
        ("1996", DIGIT),
        (",", OTHER),
        ("U.S.", UPPER),
        ("I", TITLE),
    ],
)
def test_case_ids(word: str, case: int) -> None:
    assert case_id(word) == case


def test_windows_cover_every_word_and_fit() -> None:
    counts = [1, 2, 3, 1, 1, 4, 2, 1] * 60
    spans = windows(counts, 50, 8)
    assert spans[0][0] == 0 and spans[-1][1] == len(counts)
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert a < c <= b  # each window starts inside the previous one: overlap, no gap
    for a, b in spans:
        assert sum(counts[a:b]) <= 50
    best = central_window(spans, len(counts))
    assert all(spans[w][0] <= i < spans[w][1] for i, w in enumerate(best))


def test_a_word_longer_than_a_window_still_gets_one() -> None:
    spans = windows([3, 500, 3], 254, 32)
    assert spans[0][0] == 0 and spans[-1][1] == 3
    ids, types, firsts = encode_window(["x", "y" * 900], [[7], [8] * 500])
    assert len(ids) == MAX_PIECES + 2 and firsts == [1, 2]
    assert len(types) == len(ids)


def test_viterbi_never_opens_with_an_inside_tag() -> None:
    scores = np.full((3, len(TAGS)), -10.0, dtype=np.float32)
    scores[0, TAGS.index("I-PER")] = 0.0  # the best single tag would be an I- with no B-
    scores[0, TAGS.index("B-PER")] = -1.0
    scores[1, TAGS.index("I-PER")] = 0.0
    scores[2, TAGS.index("O")] = 0.0
    assert viterbi(scores) == ["B-PER", "I-PER", "O"]
    assert spans_of(["B-PER", "I-PER", "O", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
    ]


def test_viterbi_breaks_entities_at_line_breaks() -> None:
    scores = np.full((2, len(TAGS)), -10.0, dtype=np.float32)
    scores[0, TAGS.index("B-ORG")] = 0.0
    scores[1, TAGS.index("I-ORG")] = 0.0
    scores[1, TAGS.index("B-LOC")] = -1.0
    assert viterbi(scores) == ["B-ORG", "I-ORG"]
    assert viterbi(scores, [False, True]) == ["B-ORG", "B-LOC"]
