"""Closed English word lists shared by time normalisation, comparison and quantities."""

from __future__ import annotations

import calendar

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
