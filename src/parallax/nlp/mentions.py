"""Tagger-independent sanity on entity mentions: what a span's own words and place show it is not.

Any tagger makes these mistakes on news text, so they are checked after tagging, before linking:

* a time-zone abbreviation after a clock time ("15:10 CET") is neither a person nor an
  organisation: MISC, as CoNLL-2003 tags it;
* an all-capitals word opening a line before a dateline's comma, bracket, dash or date
  ("VARNHOLM, March 11 (Wire) -") is a place: LOC;
* a person or organisation name whose head word names a place or facility ("Varnholm Bay",
  "Mill Street", "City Hall") is a place: LOC, and so is its name alone in the same text ("Skarvoy");
* a person name whose head word names an organisation ("Nordlys Lines", "Kestrel Ledger") is one: ORG;
  so is a one-word "person" of that kind right after "the" ("The Ledger will post");
* one capitalised word opening a clause before a lower-case word ("Ferry services", "Schools
  on Skarvoy"), never written capitalised elsewhere in the text, is not a name when the text
  also writes it in lower case or it is a frequent English word: dropped.

Every word list and threshold is checked on CoNLL-2003 train (how many gold PER/ORG each rule
would change): ``benchmarks/entities_sanity_conll.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parallax.model import Entity
from parallax.nlp.entities import TITLE_WORDS
from parallax.words import is_common_word

#: Time-zone abbreviations (standard and daylight) used in news datelines and times.
TIME_ZONES = frozenset(
    [
        "UTC",
        "GMT",
        "CET",
        "CEST",
        "EET",
        "EEST",
        "WET",
        "BST",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "AKST",
        "AKDT",
        "HST",
        "AEST",
        "AEDT",
        "ACST",
        "AWST",
        "JST",
        "KST",
        "HKT",
        "SGT",
        "MSK",
        "NZST",
        "NZDT",
    ]
)
#: Head words of place names (lower-case): in CoNLL-2003 train 63 gold LOC and 4 gold PER/ORG end
#: with one; county, coast, province, mountain (sports clubs) and lane, hall (surnames) are left out;
#: avenue, boulevard, harbo(u)r, isle, lake, peninsula occur in no gold mention there.
PLACE_HEADS = frozenset(
    [
        "bay",
        "island",
        "islands",
        "isle",
        "street",
        "avenue",
        "road",
        "boulevard",
        "square",
        "river",
        "lake",
        "mountains",
        "valley",
        "beach",
        "harbour",
        "harbor",
        "peninsula",
        "strait",
        "gulf",
        "sea",
        "ocean",
        "bridge",
    ]
)
#: Generic facility names that are no one's name ("City Hall"; no gold mention in CoNLL-2003 train).
FACILITIES = frozenset(["city hall", "town hall"])
#: Head words of organisation names (lower-case): in CoNLL-2003 train 445 gold ORG, 40 LOC ("West
#: Bank"), 3 MISC and no PER end with one ("post": 1 PER, left out); lines, ledger, gazette, tribune
#: occur in no gold mention there.
ORG_HEADS = frozenset(
    [
        "lines",
        "airlines",
        "airways",
        "group",
        "inc",
        "corp",
        "ltd",
        "plc",
        "bank",
        "party",
        "union",
        "council",
        "ministry",
        "university",
        "company",
        "association",
        "committee",
        "agency",
        "authority",
        "institute",
        "police",
        "court",
        "commission",
        "ledger",
        "gazette",
        "times",
        "tribune",
    ]
)
# A sentence-opening word is common when ``parallax.words.is_common_word`` says so (wordfreq Zipf
# >= 4.5, ``parallax.nlp.ner``'s bar for frequent adverbs); on CoNLL-2003 it changes 6 gold PER/ORG
# of train, and on the shipped tagger's validation output fixes 14 errors for 1 right mention
# (Zipf 4.0: 11 train, 15 / 3; 3.5: 38 train, 20 / 9).

_CLOCK_BEFORE = re.compile(r"(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]\.?m\.?|\b\d{3,4})\s*(?:hrs?\.?\s*)?$", re.I)
# A results table ("CHICAGO 65 42") is no dateline: a bare number does not count, a date does. A
# single hyphen does not either: after an all-capitals line opener in CoNLL-2003 train it follows a
# newspaper's name in a press digest ("EL PAIS - ...": 80 ORG) far more than a place (8 LOC).
_DATELINE_AFTER = re.compile(
    r"[ \t]*(?:[,(]|—|–|--|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d)",
    re.I,
)
# a capital after these opens a sentence or clause (a dateline's dash: "(Wire) - Ferry services")
_OPENER_BEFORE = frozenset(".!?\n([:;-–—")
_ABBREVIATION = re.compile(r"(?:^|[\s.(])[A-Z][a-z]{0,2}\.$")
_NAME_NEXT = re.compile(r"\s+[A-Z]")
_QUOTES = frozenset("\"“‘'")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def review(text: str, mentions: list[Entity]) -> list[tuple[Entity, str | None]]:
    """Each mention with the name of the rule it breaks (``None`` when it passes)."""
    # "Skarvoy" beside "Skarvoy Island": the name of a place (CoNLL-2003 train: 10 LOC, no PER/ORG)
    places = {w[0] for w in (e.text.split() for e in mentions) if len(w) == 2 and w[1].lower() in PLACE_HEADS}
    evidence = (_capitalised_inside_sentences(text), {w for w in _WORD.findall(text) if w.islower()}, places)
    return [(e, _rule(text, e, evidence)) for e in mentions]


def sanitise(text: str, mentions: list[Entity]) -> list[Entity]:
    """``mentions`` without those that are no entity, relabelled where their words show the type."""
    out: list[Entity] = []
    for e, rule in review(text, mentions):
        if rule is None:
            out.append(e)
        elif rule in _RELABEL:
            out.append(replace(e, label=_RELABEL[rule], entity_id=None))
    return out


# CoNLL-2003 tags a time zone MISC (49 of 49 in train), a dateline place LOC, a facility LOC
_RELABEL = {
    "time_zone": "MISC",
    "dateline": "LOC",
    "place_head": "LOC",
    "place_name": "LOC",
    "org_head": "ORG",
}


# words written capitalised inside sentences, words in lower case, names of "X Bay"-like places
_Evidence = tuple[set[str], set[str], set[str]]


def _rule(text: str, e: Entity, evidence: _Evidence) -> str | None:
    words = e.text.split()
    if words and evidence[0] and not any(c.isupper() for c in e.text):
        return "lowercase"  # in text that capitalises names, "the port authority" names no one (CoNLL train: 9 of 23,499)
    if not words or e.label in ("LOC", "MISC"):
        return None
    if (
        e.label == "PER"
        and all(w.rstrip(".").lower() in TITLE_WORDS for w in words)
        and _NAME_NEXT.match(text, e.end)
    ):
        return "title_only"  # "Dr." of "Dr. Ching Chang" tagged apart from the name it precedes
    if e.text in TIME_ZONES and _CLOCK_BEFORE.search(text[max(0, e.start - 24) : e.start]):
        return "time_zone"
    if _is_dateline(text, e):
        return "dateline"
    head = words[-1].rstrip(".").lower()
    if len(words) > 1 and (head in PLACE_HEADS or e.text.lower() in FACILITIES):
        return "place_head"
    if e.label == "PER" and head in ORG_HEADS and (len(words) > 1 or _after_the(text, e.start)):
        return "org_head"  # one word only after "the": "the Ledger" is a paper, "Ledger" may be a surname
    if len(words) == 1 and e.text in evidence[2]:
        return "place_name"
    if len(words) == 1 and _common_opener(text, e, evidence):
        return "common_opener"
    return None


def _after_the(text: str, start: int) -> bool:
    return re.search(r"(?:^|\W)the\s+$", text[max(0, start - 5) : start], re.I) is not None


def _is_dateline(text: str, e: Entity) -> bool:
    """All-capitals words opening a line, followed by a dateline's comma, bracket, dash or date."""
    line_start = text.rfind("\n", 0, e.start) + 1
    letters = [c for c in e.text if c.isalpha()]
    return (
        not text[line_start : e.start].strip()
        and len(letters) >= 3
        and all(c.isupper() for c in letters)
        and _DATELINE_AFTER.match(text, e.end) is not None
    )


def _common_opener(text: str, e: Entity, evidence: _Evidence) -> bool:
    capitalised, lowered, _ = evidence
    word = e.text
    if not (word.istitle() and word.isalpha()) or word in capitalised:
        return False
    if not _opens(text, e.start):
        return False
    after = text[e.end : e.end + 3].lstrip()
    if not after[:1].islower():  # "Leeds 3 Newcastle 1", "Reuters -": a table or a byline, not a clause
        return False
    low = word.lower()
    forms = {low, low + "s", low + "es", low[:-1] + "ies", low[:-1] if low.endswith("s") else low}
    return bool(forms & lowered) or is_common_word(low)


def _capitalised_inside_sentences(text: str) -> set[str]:
    """Words written capitalised somewhere other than at the start of a sentence or line."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        w = m.group()
        if w[:1].isupper() and not _opens(text, m.start()):
            out.add(w)
    return out


def _opens(text: str, i: int) -> bool:
    """Whether the word at ``i`` opens a sentence, line or clause, or a quotation it touches."""
    if i > 0 and text[i - 1] in _QUOTES:
        return True  # '"Ferry' opens a quotation; '," Trump said' does not
    i -= 1
    while i >= 0 and text[i] in " \t\r\xa0":
        i -= 1
    if i >= 0 and text[i] == "." and _ABBREVIATION.search(text, max(0, i - 4), i + 1):
        return False  # "Mr. Trump", "U.S. Navy": an abbreviation's dot ends no sentence
    return i < 0 or text[i] in _OPENER_BEFORE
