"""Speakers of quotes: a source span cleaned to the name, then named from the article's entities.

A speaker is a person or an organisation (or a pronoun resolved to one): never a place, a time
zone, a relative clause, an apposition or a generic phrase: a source that names no PER / ORG entity
is kept only when its head is a name or a role noun ('union chair', 'port authority', 'Truck drivers'
of 'Truck drivers waiting at the south gate'), else the quote has no speaker ("The weather service's
orange" of 'orange warning' is none). PolNeAR has no entities, so these naming rules are not scored.
Entity labels come from whatever tagger produced ``entities`` (PER / ORG / LOC as in CoNLL); the
word-level rules here do not depend on it.
"""

from __future__ import annotations

import re

from parallax.model import Entity, Quote

PRONOUNS = {
    "he": "PER",
    "she": "PER",
    "him": "PER",
    "her": "PER",
    "i": "PER",
    "they": "ANY",
    "we": "ANY",
    "it": "ORG",
}
_RELATIVES = frozenset(["who", "whom", "whose", "which"])
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
# a mention right after one of these is a place or an object, not the subject a later pronoun refers to
_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "on",
        "near",
        "from",
        "into",
        "across",
        "outside",
        "inside",
        "around",
        "through",
        "toward",
        "towards",
        "off",
        "of",
        "over",
    ]
)
# last words of place names ("Varnholm Bay"): a place is never a speaker, whatever the tagger says
_PLACE_HEADS = frozenset(
    [
        "bay",
        "island",
        "islands",
        "gulf",
        "strait",
        "peninsula",
        "river",
        "lake",
        "mountains",
        "valley",
        "coast",
        "sea",
        "ocean",
        "street",
        "avenue",
        "square",
        "harbour",
        "harbor",
        "airport",
    ]
)
# a source phrase ends before these ('Supermarkets in the city'): 'of' and 'for' stay ('Secretary of State')
_POSTMODIFIERS = frozenset(["in", "at", "near", "outside", "inside", "across", "around", "on"])
_TIME_ZONES = frozenset(
    [
        "ET",
        "EST",
        "EDT",
        "CT",
        "CST",
        "CDT",
        "MT",
        "MST",
        "PT",
        "PST",
        "PDT",
        "GMT",
        "UTC",
        "BST",
        "CET",
        "CEST",
    ]
)
# head nouns of a person or an organisation named by role ('union chair', 'port authority', 'truck
# drivers'): a source without a name, a pronoun or one of these heads is a generic phrase, not a speaker
# ("The weather service's orange" of 'orange warning')
_ROLE_WORDS = """
    spokesman spokeswoman spokesperson spokespeople official minister president premier chancellor
    chair chairman chairwoman chief executive director manager head secretary mayor governor senator
    lawmaker legislator representative congressman congresswoman deputy councillor councilor clerk
    treasurer judge prosecutor lawyer attorney counsel police officer commander general admiral
    soldier ambassador envoy diplomat negotiator aide adviser advisor consultant candidate challenger
    incumbent nominee rival opponent critic supporter leader member founder owner partner
    analyst expert economist scientist researcher professor teacher doctor nurse physician author writer
    reporter journalist editor columnist commentator host anchor witness source resident citizen voter
    worker employee staff driver agent trader investor banker farmer fisherman passenger traveller
    traveler customer consumer user student pupil parent mother father family relative neighbour
    neighbor friend colleague victim survivor protester demonstrator activist campaigner volunteer
    observer monitor inspector investigator auditor regulator operator engineer captain crew pilot
    coach player athlete fan actor singer artist people person man woman child
    union authority company firm business corporation group chain shop store supermarket retailer
    bank insurer carrier airline agency ministry department office administration government
    cabinet council committee commission board court parliament congress senate assembly party
    campaign team association federation chamber organisation organization foundation charity
    institute university school hospital service network newspaper station broadcaster county city
    municipality state military army navy embassy consulate industry
"""
_ROLES = frozenset(_ROLE_WORDS.split())
_WORD = re.compile(r"[^\s,;:()\"“”]+")
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*|[A-Z]\.|(?:de|van|von|al|bin|la|le)\b")


def clean_source(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name in a source span: no relative clause or apposition, no leading determiner.

    'Clarke, who has led the county since 2022,' -> 'Clarke'; a span that is only a relative
    clause ('who has led …') takes the name right before it; 'The mayor, Dana Voss' -> 'Dana Voss'.
    None when nothing name-like is left.
    """
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    if not words:
        return None
    if text[words[0][0] : words[0][1]].lower() in _RELATIVES:
        return _name_before(text, start)
    pieces = [p for p in _comma_pieces(text, start, end) if p[1] > p[0]]
    names = [p for p in pieces if _is_name(text, *p)]
    named = [p for p in pieces if _has_name(text, *p)]
    s, e = (names or named or pieces or [(start, end)])[0]
    rel = re.search(r"\s(?:who|whom|whose|which)\b", text[s:e])
    if rel is not None and rel.start() > 0:
        e = s + rel.start()
    s, e = _strip(text, s, e)
    first = re.match(r"(\w+)\s+(\w)", text[s:e])
    if first and first.group(1).lower() in _DETERMINERS and not first.group(2).isupper():
        s += first.start(2)  # 'the union' -> 'union' ('The Washington Post' keeps its article)
    return (s, e) if e > s else None


def _comma_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in re.finditer(r"[,;(—–]", text[start:end]):
        out.append(_strip(text, s, start + m.start()))
        s = start + m.end()
    out.append(_strip(text, s, end))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not (text[e - 1].isalnum() or text[e - 1] == "."):
        e -= 1
    return s, e


def _has_name(text: str, s: int, e: int) -> bool:
    words = text[s:e].split()
    return bool(words) and (
        words[0].lower() in PRONOUNS or any(w[:1].isupper() and w.lower() not in _DETERMINERS for w in words)
    )


def _is_name(text: str, s: int, e: int) -> bool:
    """Only name words ('Owen Price', 'Dr. Ching Chang'), not a description ("Clarke's campaign manager")."""
    words = text[s:e].split()
    return bool(words) and all(_NAME_WORD.fullmatch(w) and not w.endswith(("'s", "’s")) for w in words)


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The capitalised words (at most 5) ending right before ``pos`` (and a comma): 'Clarke, who …'."""
    e = pos
    while e > 0 and text[e - 1] in " ,\t":
        e -= 1
    s = e
    for _ in range(5):
        m = re.search(r"(?:^|\s)(\S+)$", text[max(0, s - 40) : s])
        if m is None or not _NAME_WORD.fullmatch(m.group(1).rstrip(",")):
            break
        s -= len(m.group(1))
        while s > 0 and text[s - 1] == " ":
            s -= 1
    s, e = _strip(text, s, e)
    return (s, e) if e > s and text[s].isupper() else None


def is_place(name: str) -> bool:
    """A place or a time zone: its last word is a place word ('Varnholm Bay'), or it is a time zone.

    A country or capital that acts ('Pyongyang said') stands for its government and stays a speaker.
    """
    words = name.split()
    return not words or name.strip(".") in _TIME_ZONES or words[-1].lower() in _PLACE_HEADS


def name_speaker(text: str, q: Quote, source: tuple[int, int], ents: list[Entity]) -> None:
    """Set the speaker of ``q`` from its source span: a resolved pronoun, the entity inside, or the name."""
    s, e = source
    kind = PRONOUNS.get(text[s:e].lower())
    if kind is not None:
        ant = _antecedent(text, ents, min(s, q.content_start), kind)
        if ant is not None:
            q.speaker, q.speaker_entity_id = ant.text, ant.entity_id
        else:
            q.speaker, q.speaker_start, q.speaker_end = text[s:e], s, e
        return
    span = clean_source(text, s, e)
    if span is None or is_place(text[span[0] : span[1]]):
        return
    s, e = span
    inside = [x for x in ents if x.start < e and x.end > s and x.label in ("PER", "ORG")]
    if inside:
        # the rightmost name inside "White House press secretary Sarah Sanders" is the speaker
        best = max(inside, key=lambda x: (x.label == "PER", x.end))
        q.speaker_start, q.speaker_end = s, e
        q.speaker, q.speaker_entity_id = best.text, best.entity_id
        return
    s, e = head_phrase(text, s, e)
    if not is_place(text[s:e]) and is_agent(text[s:e]):
        q.speaker_start, q.speaker_end = s, e
        q.speaker = text[s:e]


def head_phrase(text: str, s: int, e: int) -> tuple[int, int]:
    """The source without a trailing locative or participle phrase: 'Truck drivers waiting at the south
    gate' -> 'Truck drivers', 'Supermarkets in the city' -> 'Supermarkets'."""
    words = [(m.start() + s, m.end() + s) for m in _WORD.finditer(text[s:e])]
    for i in range(1, len(words)):
        w = text[words[i][0] : words[i][1]]
        nxt = text[words[i + 1][0] : words[i + 1][1]].lower() if i + 1 < len(words) else ""
        participle = w.endswith("ing") and (nxt in _LOCATIVE or nxt in _DETERMINERS)
        if w in _POSTMODIFIERS or participle:
            return _strip(text, s, words[i - 1][1])
    return s, e


def is_agent(name: str) -> bool:
    """A source that can speak: a name (its last word capitalised: 'Ferry operator Nordlys Lines',
    'Pyongyang'), or a person or organisation named by role ('union chair', 'Business groups').

    Not a generic phrase ("The weather service's orange"): its head is no name and no role noun.
    """
    words = name.split()
    if not words:
        return False
    head = re.sub(r"['’]s?$", "", words[-1])
    if head[:1].isupper() and head.lower() not in _DETERMINERS:
        return True
    head = head.lower()
    singular = {head, head[:-1], head[:-2], head[:-3] + "y", head[:-3] + "an"}  # -s, -es, -ies, -men
    return not _ROLES.isdisjoint(singular)


def _antecedent(text: str, ents: list[Entity], before: int, kind: str) -> Entity | None:
    """The last person (or organisation) named before ``before`` in a subject-like position.

    ``before`` is the start of the quote or of the pronoun: a speaker is not named inside its own quote.
    """
    for ent in reversed(ents):
        if ent.end > before:
            continue
        if not ((kind == "ANY" and ent.label in ("PER", "ORG")) or ent.label == kind):
            continue
        prev = text[max(0, ent.start - 20) : ent.start].split()
        if prev and prev[-1].lower() in _LOCATIVE:
            continue  # 'at anchor in Varnholm Bay'
        if is_place(ent.text):
            continue
        return ent
    return None
