"""Find the dateline (the place a report was filed from) at the start of an article body.

Wire-style datelines: ``HANOI --``, ``WASHINGTON (Reuters) -``, ``LONDON, March 3 (AP) —``,
``NEW DELHI:``, ``Seoul, Jan. 5 (Yonhap) --``. The place is returned as written, without the
date, the agency or a trailing state abbreviation.
"""

from __future__ import annotations

import re

#: How many leading non-empty lines may hold the dateline (title / byline lines may precede it).
MAX_LINES = 4

# A place in capitals: words of upper-case letters (any script with case), dots, apostrophes, hyphens.
_UPPER_PLACE = r"(?P<up>[^\W\d_a-z]{2,}(?:[ .'’\-][^\W\d_a-z]+){0,4}\.?)"
# A place in title case is only accepted when an agency or a date follows (too ambiguous otherwise).
_TITLE_PLACE = r"(?P<tc>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})"
_REGION = r"(?:,\s*[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]+)?)"  # ", Calif." / ", Vietnam"
_DATE = (
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?|,?\s*\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"(?:\s+\d{4})?)"
)
_AGENCY = r"(?:\s*\((?:[A-Za-z][\w .&'/-]{0,30})\))"
_SEP = r"\s*(?:--|—|–|-|:|\|)\s*"

_UPPER_RE = re.compile(rf"^\s*{_UPPER_PLACE}{_REGION}?{_DATE}?{_AGENCY}?{_SEP}(?P<rest>\S.*)", re.S)
_TITLE_RE = re.compile(
    rf"^\s*{_TITLE_PLACE}{_REGION}?(?:{_DATE}{_AGENCY}?|{_AGENCY}){_SEP}(?P<rest>\S.*)",
    re.S,
)

# Kicker labels written in capitals before a dash are not places.
_NOT_PLACES = frozenset(
    [
        "BREAKING",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "PHOTOS",
        "PHOTO",
        "OPINION",
        "ANALYSIS",
        "EDITORIAL",
        "LIVE",
        "COMMENT",
        "REVIEW",
        "INTERVIEW",
        "FACT",
        "CHECK",
        "NEWS",
        "ALERT",
        "URGENT",
        "CORRECTION",
        "EDITOR'S",
        "NOTE",
        "NOTE",
        "Q",
        "A",
        "FAQ",
        "READ",
        "MORE",
        "ALSO",
        "SEE",
        "RELATED",
        "TOPICS",
        "TAGS",
        "BY",
        "SOURCE",
        "SOURCES",
        "AP",
        "AFP",
        "UPI",
    ]
)


def _is_place(name: str) -> bool:
    words = [w.strip(".'’-") for w in name.split()]
    if not words or any(w in _NOT_PLACES for w in words):
        return False
    return sum(len(w) for w in words) >= 3


def _rest_is_prose(rest: str) -> bool:
    """The dateline must introduce running text, not a label or a lone value."""
    words = rest.split()
    return len(words) >= 4 and any(c.islower() for c in rest[:80])


def find_dateline(text: str) -> str | None:
    """The dateline place at the start of ``text`` ("HANOI -- Talks..." -> "HANOI"), or None."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:MAX_LINES]
    for line in lines:
        m = _UPPER_RE.match(line)
        if m and _is_place(m.group("up")) and _rest_is_prose(m.group("rest")):
            return m.group("up").rstrip(".").strip()
        m = _TITLE_RE.match(line)
        if m and _rest_is_prose(m.group("rest")):
            return m.group("tc").strip()
    return None
