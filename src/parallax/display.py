"""How numbers and dates read on pages and in messages: "1 story", "3 stories", "11 March 2026"."""

from __future__ import annotations

import re

_IRREGULAR = {"story": "stories", "entity": "entities", "copy": "copies", "query": "queries"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip
_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` in the number it takes: "1 story", "0 stories", "2 duplicates"."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {many or _IRREGULAR.get(word) or word + 's'}"


def _one(value: str, with_time: bool) -> str | None:
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, zone = m.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    text = f"{_MONTHS[int(month) - 1]} {year}"
    if day is not None:
        text = f"{int(day)} {text}"
    if with_time and hour is not None:
        zone = "" if zone is None else (" UTC" if zone == "Z" else f" {zone[:3]}:{zone[-2:]}")
        text += f", {hour}:{minute}{zone}"
    return text


def readable_date(value: str | None, with_time: bool = False) -> str:
    """An ISO date, month, year, datetime or ``start/end`` interval as "11 March 2026" (with the time
    when asked: "11 March 2026, 18:05 +01:00"); anything else comes back as it is."""
    if not value:
        return ""
    parts = value.split("/")
    if len(parts) == 2:
        a, b = (_one(p, with_time) for p in parts)
        return f"{a} – {b}" if a and b else value
    return _one(value, with_time) or value


#: What the framing table's share columns mean (tooltips and legends of pages and reports).
FRAMING_HELP = {
    "opinion": "Opinion: share of the outlet's sentences that are not attributed to anyone and carry a "
    "subjectivity cue (“should”, “must”, “I”/“we”, “clearly”, evaluative words such as “disgraceful”).",
    "attributed": "Attributed: share of the outlet's sentences that report what someone said: inside "
    "quotation marks, in a detected quote, or with an attribution cue (“said”, “told”, “according to”). "
    "A high share means the outlet lets its sources speak; the rest is its own reporting or opinion.",
}
