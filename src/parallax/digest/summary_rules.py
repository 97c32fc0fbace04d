"""Clean-sentence rules of the summary: what a cited sentence must not be, and what a story's state is.

* interview labels ("Sputnik: ...", "Dr. Ching Chang: ...") are dropped from a sentence (a compression);
  the words of a labelled answer are the labelled speaker's, so they are kept only when the sentence
  itself says who said what (an attribution verb), never as the summary's own statement;
* a sentence with an unclosed quotation (a quote split across sentences) is not a candidate;
* an opinion with no speaker (evaluative words, no quote, no attribution) is not a candidate;
* a sentence opening with a personal pronoun has no referent in a summary: not a candidate;
* a bare surname needs its full name in an earlier summary sentence (``surnames`` / ``full_names``);
* in a developing story (dated articles a day or more apart) an older article's negated state that the
  newest article's lead reports otherwise ("no talks scheduled" vs "signed ... after talks") is superseded;
* a figure that two or more other articles contradict, and none repeats, is an outlier: not led with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from parallax.digest.quantities import quantity_conflict
from parallax.digest.text import content_stems

# "Sputnik: ", "Dr. Ching Chang: ", "Q: " at the start of a paragraph or sentence
LABEL = re.compile(
    r"^(?P<label>(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|Gen|Q|A)\.?\s+)?"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+(?=[A-Z\"“'‘])"
)
ATTRIBUTION = re.compile(
    r"(?i)\b(said|says|say|told|tells|according to|stated|announced|reported|added|insisted|claimed|"
    r"argued|noted|explained|wrote|tweeted|warned|confirmed|denied|replied|in a statement)\b"
)
_SAID = re.compile(r"\b(said|says|told|tells|stated|announced|insisted|claimed|argued|wrote|tweeted)\b")
# evaluative words a neutral report does not use in its own voice
OPINION = re.compile(
    r"(?i)\b(ought to|in my view|i think|i believe|clearly|obviously|unfortunately|fortunately|surely|"
    r"undoubtedly|arguably|frankly|sadly|catastrophic|disgraceful|shameful|outrageous|absurd|ridiculous|"
    r"disastrous|reckless|naive|foolish|no surprise|hypocrisy|sham|farce|modus operandi)\b"
)
PRONOUN_START = re.compile(r"^[\"“'‘]?(?:He|She|They|His|Her|Their|Him|Them)\b")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+((?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b")
_CAP = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\b")
# first words of a capitalised pair that are not first names
_NOT_FIRST = frozenset(
    {
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "With",
        "After",
        "Before",
        "When",
        "While",
        "If",
        "But",
        "And",
        "Or",
        "Although",
        "However",
        "Because",
        "Since",
        "As",
        "Once",
        "Under",
        "Over",
        "State",
        "United",
        "White",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Sen",
        "Rep",
        "Gov",
        "Gen",
        "President",
        "Mayor",
        "Minister",
        "Secretary",
        "Chairman",
        "Chair",
        "Judge",
        "Sir",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Saint",
        "San",
        "Los",
        "Las",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    }
)
NEGATION = re.compile(r"(?i)\b(no|not|never|without|yet to|n't|none)\b")


def strip_label(text: str) -> tuple[str, str | None]:
    """``text`` without a leading interview label, and the label (None when there is none)."""
    m = LABEL.match(text)
    if not m or len(text) - m.end() < 20:
        return text, None
    return text[m.end() :], m.group("label")


def unclosed_quote(text: str) -> bool:
    """True when a quotation opens or closes in ``text`` without its other half."""
    text = text.replace("''", '"').replace("``", '"')  # wire copy's ``quote'' style
    if text.count('"') % 2:
        return True
    return text.count("“") != text.count("”")


def speakerless_opinion(text: str) -> bool:
    """An evaluative sentence in no one's mouth (no quote, no attribution)."""
    if any(q in text for q in '"“”') or ATTRIBUTION.search(text):
        return False
    return bool(OPINION.search(text))


def in_labelled_answer(text: str, start: int) -> bool:
    """True when the sentence at ``start`` is part of a paragraph that opens with an interview label."""
    para = max(text.rfind("\n", 0, start), -1) + 1
    head = text[para:start].lstrip()
    return bool(LABEL.match(head or text[start:]))


def clean_candidate(text: str, article_text: str, start: int) -> bool:
    """Whether a content sentence may stand in a summary (see the module docstring)."""
    stripped, label = strip_label(text)
    if unclosed_quote(stripped) or speakerless_opinion(stripped) or PRONOUN_START.match(stripped):
        return False
    if label or in_labelled_answer(article_text, start):
        # an interview answer or question: only what the sentence itself attributes is reported
        return bool(_SAID.search(stripped)) and not stripped.rstrip().endswith("?")
    # a quote whose speaker is in another sentence is no one's statement here
    return not (stripped[:1] in '"“' and not ATTRIBUTION.search(stripped))


_PERSON_CUE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+([A-Z][\w'-]+)"
    r"|\b([A-Z][\w'-]+)(?:\s+(?:said|says|told|added|wrote|argued|insisted)\b|[’']s\b)"
)


def full_names(texts: Sequence[str]) -> dict[str, str]:
    """Surname -> the first full name ("Adaeze Clarke") the texts use for a person.

    A person is a capitalised pair whose last word the texts also use as a speaker ("Clarke said"),
    with a title ("Ms. Clarke") or a possessive ("Clarke's").
    """
    joined = "\n".join(texts)
    people = {m.group(1) or m.group(2) for m in _PERSON_CUE.finditer(joined)}
    out: dict[str, str] = {}
    for m in _NAME.finditer(joined):
        first, last = m.group(1), m.group(2).split()[-1]
        if first not in _NOT_FIRST and last not in _NOT_FIRST and last in people:
            out.setdefault(last, f"{first} {last}")
    return out


def introduced(text: str, names: dict[str, str]) -> set[str]:
    """Surnames of ``names`` that ``text`` gives with a first name beside them."""
    out = set()
    for last in (n for n in names if n in text):
        for m in re.finditer(rf"\b{re.escape(last)}\b", text):
            before = re.search(r"([A-Z][\w.'-]*)\s+$", text[: m.start()])
            after = re.match(r"\s+([A-Z][\w'-]*)", text[m.end() :])
            if (before and before.group(1) not in _NOT_FIRST) or (after and after.group(1) not in _NOT_FIRST):
                out.add(last)
                break
    return out


def surnames(text: str, names: dict[str, str]) -> set[str]:
    """Surnames in ``text`` used without their first name (they need an earlier full mention)."""
    used = {w for w in _CAP.findall(text) if w in names}
    return used - introduced(text, names) if used else set()


def article_day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def superseded(text: str, day: date | None, newest_day: date | None, newest_lead: str) -> bool:
    """An older article's negated state that the newest article's lead (a day or more later) overtakes."""
    if day is None or newest_day is None or (newest_day - day).days < 1 or not NEGATION.search(text):
        return False
    shared = set(content_stems(text)) & set(content_stems(newest_lead))
    return len(shared) >= 3


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def outlier_figures(texts: Sequence[tuple[int, str]]) -> set[int]:
    """Indexes of ``(doc, text)`` entries whose figure two or more other articles contradict, none repeats."""
    numeric = [
        (i, d, t, set(content_stems(t)), set(_NUMBER.findall(t)))
        for i, (d, t) in enumerate(texts)
        if any(ch.isdigit() for ch in t)
    ]
    out: set[int] = set()
    for i, d, t, st, nums in numeric:
        against: set[int] = set()
        supported = False
        for _j, e, u, su, nu in numeric:
            shared = len(st & su)
            if e == d or e in against or not shared:
                continue
            if nums & nu:
                supported = True  # another article repeats the figure
                break
            # sentences about the same thing (three shared content words) compare their counts
            if quantity_conflict(t, u, close=shared >= 3):
                against.add(e)
        if len(against) >= 2 and not supported:
            out.add(i)
    return out
