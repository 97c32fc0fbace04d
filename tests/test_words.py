"""The frozen common-word list answers as wordfreq does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from parallax.words import is_common_word

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))


def test_common_words_are_what_wordfreq_says() -> None:
    wordfreq = pytest.importorskip("wordfreq")
    from build_common_words import MIN_ZIPF, common_words

    assert len(common_words()) > 2000
    for word in ("the", "However", "particularly", "Meanwhile", "said", "government"):
        assert is_common_word(word) == (wordfreq.zipf_frequency(word.lower(), "en") >= MIN_ZIPF)
    for word in ("Varnholm", "Pyongyang", "Kelly", "Beverly", "Gadhafi"):
        assert not is_common_word(word)


def test_the_shipped_list_is_the_built_one() -> None:
    pytest.importorskip("wordfreq")
    from build_common_words import OUT, common_words

    shipped = [w for w in OUT.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    assert shipped == common_words()
