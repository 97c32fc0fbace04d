"""Entity normalisation: one ``entity_id`` per real entity, inside an article and across a story.

* a mention is reduced to a canonical name: possessives ("Trump's"), titles and descriptors
  in front of a person's name ("U.S. President", "North Korean leader", "Mr.") are dropped;
* well-known aliases ("U.S.", "DPRK") map to the country (a small general table, ``ALIASES``);
* a capital ("Hanoi", "Pyongyang said") stays its own entity, linked to its country by
  ``country_id`` (``CAPITALS``): a city is not its country, though it may speak for its government;
* a one-word person mention ("Trump", "Kim") joins the full name seen earlier in the same
  article whose last (or first, for "Kim Jong-un") word it is, else the most frequent such
  name in the story; a longer name ending with another full name ("Challenger Tomas Reyne")
  joins it;
* ``entity_id`` = ``content_id(canonical name, label)``, so it is stable across runs and
  articles.

The NER model is elsewhere (``parallax.nlp.ner``); this module only groups its mentions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from parallax.model import Entity, content_id

# Words that describe a person in front of the name (lower-cased, without trailing dot).
TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "chief",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "gen",
        "general",
        "lt",
        "col",
        "colonel",
        "adm",
        "admiral",
        "capt",
        "captain",
        "sgt",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev",
        "reverend",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press",
        "deputy",
        "foreign",
        "state",
        "defense",
        "defence",
        "treasury",
        "justice",
        "attorney",
        "judge",
        "speaker",
        "premier",
        "chancellor",
        "former",
        "late",
        "then",
        "acting",
        "supreme",
        "commander",
        "director",
        "head",
        "official",
        "minister-president",
        "first",
        "lady",
        "sheikh",
        "emir",
        "crown",
        # roles capitalised at a sentence start ("Challenger Tomas Reyne requested a recount")
        "challenger",
        "incumbent",
        "candidate",
        "nominee",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "lawmaker",
        "activist",
        "businessman",
        "businesswoman",
    ]
)
# Adjectives of nationality / place that may precede a title ("U.S. President", "North Korean leader").
_DESCRIPTOR = re.compile(
    r"^(?:[A-Z][a-z]+(?:an|ese|ish|i|ic)|U\.?S\.?|UK|U\.K\.|EU|UN|US|North|South|White|House)$"
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPACE = re.compile(r"\s+")

#: Alternative names of countries and organisations -> canonical name.
ALIASES = {
    "us": "United States",
    "u.s": "United States",
    "u.s.": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "the united states": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "dprk": "North Korea",
    "n korea": "North Korea",
    "n. korea": "North Korea",
    "democratic people's republic of korea": "North Korea",
    "republic of korea": "South Korea",
    "rok": "South Korea",
    "prc": "China",
    "people's republic of china": "China",
    "russian federation": "Russia",
    "un": "United Nations",
    "u.n.": "United Nations",
    "eu": "European Union",
    "e.u.": "European Union",
    "uae": "United Arab Emirates",
}
#: Capitals -> their country (linked by ``Entity.country_id``, never merged: "Hanoi" is no "Vietnam").
CAPITALS = {
    "washington": "United States",
    "pyongyang": "North Korea",
    "seoul": "South Korea",
    "beijing": "China",
    "moscow": "Russia",
    "tokyo": "Japan",
    "london": "United Kingdom",
    "paris": "France",
    "berlin": "Germany",
    "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "tehran": "Iran",
    "ankara": "Turkey",
    "new delhi": "India",
    "islamabad": "Pakistan",
    "hanoi": "Vietnam",
    "taipei": "Taiwan",
    "ottawa": "Canada",
    "canberra": "Australia",
    "brussels": "European Union",
    "damascus": "Syria",
    "riyadh": "Saudi Arabia",
    "jerusalem": "Israel",
    "havana": "Cuba",
    "caracas": "Venezuela",
    "kabul": "Afghanistan",
    "baghdad": "Iraq",
    "cairo": "Egypt",
    "rome": "Italy",
    "madrid": "Spain",
}
_COUNTRY_LABEL = "LOC"
_COUNTRIES = frozenset(CAPITALS.values()) | frozenset(
    v for v in ALIASES.values() if v not in ("United Nations",)
)


_KNOWN_PLACES = _COUNTRIES | frozenset(ALIASES.values()) | frozenset(c.title() for c in CAPITALS)


@dataclass(slots=True)
class _Mention:
    doc: int
    index: int
    canonical: str
    label: str


def canonical_name(text: str, label: str) -> tuple[str, str]:
    """(canonical name, label) of one mention; a capital is a place ("Washington" ORG -> LOC)."""
    name = _SPACE.sub(" ", text.strip().strip("\"“”‘’'()[],.;:")).strip()
    name = _POSSESSIVE.sub("", name).strip()
    if name.lower().startswith("the "):
        name = name[4:]
    low = name.lower()
    if low in ALIASES:
        alias = ALIASES[low]
        return alias, ("ORG" if alias in ("United Nations", "European Union") else _COUNTRY_LABEL)
    if label in ("LOC", "ORG") and low in CAPITALS:
        # "Washington demanded" names the government through its seat: the place, linked to the country
        return name.title() if name.isupper() else name, _COUNTRY_LABEL
    if label == "LOC" and name in _COUNTRIES:
        return name, _COUNTRY_LABEL
    if label == "PER":
        name = _strip_person(name)
    return name, label


def _strip_person(name: str) -> str:
    words = name.split(" ")
    # keep the trailing run of name words; stop at the first title or descriptor from the right
    keep: list[str] = []
    for w in reversed(words):
        bare = w.rstrip(".").lower()
        if keep and (bare in TITLE_WORDS or _DESCRIPTOR.match(w) or not w[:1].isupper() or bare == "of"):
            break
        if not keep and bare in TITLE_WORDS and len(words) > 1:
            continue
        keep.append(w)
    out = " ".join(reversed(keep))
    return out or name


def _key(name: str) -> str:
    """Comparison key: case, hyphens and dots do not matter ("Kim Jong-un" = "Kim Jong Un")."""
    return _SPACE.sub(" ", name.lower().replace("-", " ").replace(".", "")).strip()


def link(docs: list[list[Entity]]) -> list[list[Entity]]:
    """Set ``entity_id`` on every mention of several articles (one list per article) in place.

    Short person names link to a full name of their own article first (the latest one
    before them, else any), then to the most frequent matching full name of all articles.
    Returns ``docs`` for chaining.
    """
    mentions: list[_Mention] = []
    for d, ents in enumerate(docs):
        for i, e in enumerate(ents):
            canon, label = canonical_name(e.text, e.label)
            mentions.append(_Mention(d, i, canon, label))
    # full person names: key -> display form counts, per article and overall
    full_by_doc: dict[int, list[tuple[int, str]]] = defaultdict(list)  # doc -> (start, key)
    display: dict[str, Counter[str]] = defaultdict(Counter)
    full_count: Counter[str] = Counter()
    for m in mentions:
        if m.label == "PER" and " " in m.canonical:
            k = _key(m.canonical)
            display[k][m.canonical] += 1
            full_count[k] += 1
            full_by_doc[m.doc].append((docs[m.doc][m.index].start, k))
    longer = _longer_names(full_count)
    # a full name is only learnt from PER mentions; short mentions of any label may join one
    for m in mentions:
        k = _key(m.canonical)
        start = docs[m.doc][m.index].start
        if m.label == "PER" and k in longer:
            k = longer[k]
        elif m.label == "PER" and " " not in m.canonical:
            target = _full_name_for(k, start, full_by_doc[m.doc]) or _best_global(k, full_count)
            if target:
                k = target
            else:
                place = _place_misread_as_person(m.canonical)
                if place is not None:  # "Pyongyang said", "in Hanoi": tagger noise, not a person
                    m.canonical, m.label = place
                    k = _key(m.canonical)
        elif " " not in m.canonical and m.canonical not in _KNOWN_PLACES:
            # "Trump" tagged LOC beside "Donald Trump" in the same article is the person (tagger noise);
            # in another article of the story it joins as a surname only: a lone first name is too weak
            target = _full_name_for(k, start, full_by_doc[m.doc]) or _best_surname(k, full_count)
            if target:
                k = target
                m.label = "PER"
        names = display.get(k)
        canon = names.most_common(1)[0][0] if names else m.canonical
        m.canonical = canon
    _assign_ids(docs, mentions)
    return docs


def _longer_names(full_count: Counter[str]) -> dict[str, str]:
    """Full-name key -> the shorter full name it ends with ("challenger tomas reyne" -> "tomas reyne").

    A word the title list lacks, capitalised at a sentence start, is left in front of a name;
    a full name of two or more words at its end is the same person.
    """
    out: dict[str, str] = {}
    for k in full_count:
        words = k.split(" ")
        for i in range(1, len(words) - 1):
            tail = " ".join(words[i:])
            if tail in full_count:
                out[k] = tail
                break
    return out


def _assign_ids(docs: list[list[Entity]], mentions: list[_Mention]) -> None:
    """Ids and labels from the canonical names: the majority label; capitals linked to their country."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        labels[_key(m.canonical)][m.label] += 1
    for m in mentions:
        key = _key(m.canonical)
        label = labels[key].most_common(1)[0][0]
        ent = docs[m.doc][m.index]
        ent.entity_id = content_id(key, label)
        ent.label = label  # every mention of one entity carries the entity's label
        country = CAPITALS.get(key) if label == _COUNTRY_LABEL else None
        if country is not None:
            # the country's id as its own mentions get it (LOC unless the story tags it otherwise)
            seen = labels.get(_key(country))
            ent.country_id = content_id(_key(country), seen.most_common(1)[0][0] if seen else _COUNTRY_LABEL)


def country_of(name: str) -> tuple[str, str] | None:
    """(country, its usual ``entity_id``) when ``name`` is a capital ("Pyongyang" -> North Korea), else None."""
    country = CAPITALS.get(_key(name))
    return (country, content_id(_key(country), _COUNTRY_LABEL)) if country else None


def _place_misread_as_person(name: str) -> tuple[str, str] | None:
    """(canonical place, label) when a one-word "person" is a known country or capital."""
    if name.lower() in CAPITALS:
        return name, _COUNTRY_LABEL
    if name in _COUNTRIES:
        return name, _COUNTRY_LABEL
    return None


def link_article(entities: list[Entity]) -> list[Entity]:
    """``link`` for one article."""
    return link([entities])[0]


def names(docs: list[list[Entity]]) -> dict[str, str]:
    """entity_id -> a display name (the most frequent canonical form of its mentions)."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for ents in docs:
        for e in ents:
            if e.entity_id:
                forms[e.entity_id][canonical_name(e.text, e.label)[0]] += 1
    # the longest frequent form names a person better than the surname
    return {eid: max(c, key=lambda n: (len(n.split()) > 1, c[n], len(n))) for eid, c in forms.items()}


def _full_name_for(short: str, start: int, full: list[tuple[int, str]]) -> str | None:
    """The full name in ``full`` whose last or first word is ``short``; latest before ``start`` wins."""
    best: str | None = None
    best_first: str | None = None
    for pos, k in full:
        words = k.split(" ")
        if words[-1] == short or (len(words) > 1 and words[-2:] == short.split(" ")):
            if pos <= start or best is None:
                best = k
        elif words[0] == short and (pos <= start or best_first is None):
            best_first = k
    return best or best_first


def _best_surname(short: str, counts: Counter[str]) -> str | None:
    """The most frequent full name in ``counts`` whose last word is ``short``."""
    cands = [(c, k) for k, c in counts.items() if k.split(" ")[-1] == short]
    return max(cands)[1] if cands else None


def _best_global(short: str, counts: Counter[str]) -> str | None:
    last = [(c, k) for k, c in counts.items() if k.split(" ")[-1] == short]
    first = [(c, k) for k, c in counts.items() if k.split(" ")[0] == short]
    for cands in (last, first):
        if cands:
            return max(cands)[1]
    return None


def resolve_name(name: str, entities: list[Entity]) -> Entity | None:
    """The person entity a bare name refers to ("Sanders" -> the mention of "Sarah Sanders"), if any.

    Used for speakers the tagger did not mark: the last person mention with the same
    canonical name, or whose full name ends (or starts) with it.
    """
    key = _key(canonical_name(name, "PER")[0])
    if not key:
        return None
    people = [e for e in entities if e.label == "PER" and e.entity_id]
    for e in reversed(people):
        if _key(canonical_name(e.text, "PER")[0]) == key:
            return e
    for e in reversed(people):
        words = _key(canonical_name(e.text, "PER")[0]).split(" ")
        if len(words) > 1 and key in (words[-1], words[0]):
            return e
    return None
