"""Closed English word lists shared by time normalisation, comparison, quantities and the taggers."""

from __future__ import annotations

import calendar
from functools import cache
from pathlib import Path

_COMMON = Path(__file__).resolve().parent / "data" / "common_en.txt"

#: Month names and abbreviations ("sept", "jan.") -> month number.
MONTHS: dict[str, int] = {
    m.lower(): i
    for i in range(1, 13)
    for m in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS["sept"] = MONTHS["sept."] = 9

#: Weekday names -> ``date.weekday()`` index (Monday 0).
WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

#: Number words that name one value -> the value (scale words such as "million" are not here).
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | {
    w: 10 * (i + 2) for i, w in enumerate(_TENS)
}


@cache
def _common_words() -> frozenset[str]:
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_common_word(word: str) -> bool:
    """Whether ``word`` (any case) is a common English word: wordfreq Zipf >= 4.5, about 3,000 words.

    A frozen list (``data/common_en.txt``, built by ``training/build_common_words.py``): asking
    wordfreq itself costs ~0.6 s of start-up.
    """
    return word.lower() in _common_words()
