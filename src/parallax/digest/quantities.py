"""Quantity slots: a number with the noun it counts ("3,100 dockworkers", "a 112-vote lead").

Money is a quantity too: "$3.5 billion" and "$3.6 billion" for the same funds disagree.
Two outlets that count the same thing in related sentences with different values disagree
("some 3,100 dockworkers" vs "about 2,400 dockworkers"). Guards keep paraphrase noise out:
bounds ("more than 2,000", "at least 5") never conflict, values within ``tolerance`` agree,
and sentences pinned to different days of the same kind ("on Wednesday" vs "on Thursday")
are different facts (38 ships on Wednesday, 41 on Thursday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parallax.digest.text import is_stopword, stem
from parallax.words import MONTHS, WEEKDAYS

_TOK = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z][A-Za-z'’]*")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scales written against the number ("$60bn", "$2m"); "m" and "k" only after a currency sign
# ("100m" alone is more often metres than millions).
_GLUED_SCALE = {"bn": 1e9, "tn": 1e12}
_MONEY_SCALE = {"m": 1e6, "k": 1e3}
_BOUND = {"least", "than", "over", "under", "up", "nearly", "almost", "most", "fewer", "below", "above"}
_HEDGES = {"about", "some", "around", "approximately", "roughly", "an", "estimated", "nearly"}
_WEEKDAYS = frozenset(WEEKDAYS)
_MONTHS = frozenset(m.rstrip(".") for m in MONTHS)
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
# Units that are money: a currency sign, or the currency written out ("2 million euros").
MONEY = frozenset(_CURRENCY.values()) | {"dollar", "pound", "euro"}
_NOT_UNITS = _MONTHS | _WEEKDAYS | {"percent", "a", "p", "am", "pm", "s", "st", "nd", "rd", "th"}


@dataclass(slots=True, frozen=True)
class Quantity:
    value: float
    unit: str  # stem of the counted noun
    text: str  # the number as written
    word: str  # the counted noun as written
    before: frozenset[str] = frozenset()  # content stems just before the number (what it measures)
    of: frozenset[str] = frozenset()  # names just after it: whose goods, which country ("of Chinese goods")


def same_thing(x: Quantity, y: Quantity) -> bool:
    """False when two amounts are of things named differently ("$34 billion in Chinese goods" vs
    "$60 billion of U.S. products"): the values then measure different things and cannot disagree."""
    return not (x.of and y.of and not x.of & y.of)


def money(text: str) -> list[Quantity]:
    """The sentence's amounts of money ("$3.5 billion", "2 million euros"), values normalised."""
    return [q for q in _quantities(text) if q.unit in MONEY]


def quantities(text: str) -> list[Quantity]:
    """Counted quantities of a sentence (years, times, bounds and bare numbers are left out)."""
    return list(_quantities(text))


# A story's comparison asks for the quantities of each sentence once per related pair
# (quadratic in its sentences): parse each sentence once.
@lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[Quantity, ...]:
    matches = list(_TOK.finditer(text))
    toks = [m.group(0) for m in matches]
    low = [t.lower() for t in toks]
    out: list[Quantity] = []
    for i, t in enumerate(toks):
        if not t[0].isdigit():
            continue
        start, end = matches[i].span()
        # "10:30 a.m.", "3.5-2": parts of times and scores are not counts
        if text[start - 1 : start] in (":", "/", "-") or text[end : end + 1] in (":", "/"):
            continue
        if i > 0 and low[i - 1].rstrip(".") in _MONTHS:
            continue  # "Sept. 11": a date
        raw = t.replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        if re.fullmatch(r"(1[89]|20)\d\d", raw) and "," not in t:
            continue  # a year
        if i > 0 and (low[i - 1] in _BOUND or (low[i - 1] == "to" and i > 1 and low[i - 2] == "up")):
            continue
        money = _CURRENCY.get(text[start - 1 : start]) if start else None
        j = i + 1
        # a range ("between 1,500 and 3,000 years", "5 to 7 days"): both ends count the same noun
        if j + 1 < len(low) and low[j] in ("and", "to", "or") and toks[j + 1][0].isdigit():
            j += 2
        glued = j < len(low) and matches[j].start() == end
        if j < len(low) and (
            low[j] in _SCALE or (glued and (low[j] in _GLUED_SCALE or (money and low[j] in _MONEY_SCALE)))
        ):
            value *= _SCALE.get(low[j]) or _GLUED_SCALE.get(low[j]) or _MONEY_SCALE[low[j]]
            j += 1
        if money:  # "$3.5 billion": the currency is the unit
            amount = text[start - 1 : matches[j - 1].end()]
            out.append(Quantity(value, money, amount, money, _before(low, i), _names_after(text, matches, j)))
            continue
        j = _whole(low, toks, j)
        if j >= len(low) or low[j] in _NOT_UNITS or is_stopword(low[j]) or not toks[j][0].islower():
            continue
        out.append(
            Quantity(
                value, stem(low[j].rstrip("'’")), t, toks[j], _before(low, i), _names_after(text, matches, j)
            )
        )
    return tuple(out)


def _whole(low: list[str], toks: list[str], j: int) -> int:
    """Past "of [the] 338" after a number: "157 of 338 seats" counts seats with both numbers."""
    k = j + 1 + (j + 1 < len(low) and low[j + 1] == "the")
    if j < len(low) and low[j] == "of" and k < len(low) and toks[k][0].isdigit():
        return k + 1
    return j


def _names_after(text: str, matches: list[re.Match[str]], j: int) -> frozenset[str]:
    """Capitalised words among the three words from token ``j`` in its clause: what the amount is of.

    Days and months say when, not what ("$2 billion on Tuesday").
    """
    out = set()
    for k in range(j, min(j + 3, len(matches))):
        if k > j and re.search(r"[,;:.()—–-]", text[matches[k - 1].end() : matches[k].start()]):
            break
        t = matches[k].group(0)
        if t[0].isupper() and t.lower().rstrip(".") not in _MONTHS | _WEEKDAYS:
            out.add(t.lower())
    return frozenset(out)


def _before(low: list[str], i: int) -> frozenset[str]:
    """Content stems of the four words before token ``i`` (what its number measures)."""
    ctx = [stem(w) for w in low[max(0, i - 4) : i] if not is_stopword(w) and w not in _HEDGES and w.isalpha()]
    return frozenset(ctx[-4:])


@lru_cache(maxsize=8192)
def day_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Weekdays and month names mentioned in ``text`` (lower-cased)."""
    words = {w.lower() for w in _TOK.findall(text)}
    return frozenset(words & _WEEKDAYS), frozenset(words & _MONTHS)


def quantity_conflict(a: str, b: str, close: bool = False, tolerance: float = 0.02) -> tuple[str, str] | None:
    """``(unit, explanation)`` when ``a`` and ``b`` count the same noun with different values.

    The counts must measure the same thing: ``close`` sentences (the caller's similarity test), or
    numbers preceded by a shared content word ("Clarke 121 votes" / "Clarke a 112-vote lead").
    """
    qa, qb = _quantities(a), _quantities(b)
    if not qa or not qb:
        return None
    (wa, ma), (wb, mb) = day_words(a), day_words(b)
    if (wa and wb and not wa & wb) or (ma and mb and not ma & mb):
        return None  # different days: different facts
    for unit in sorted({q.unit for q in qa} & {q.unit for q in qb}):
        va = [q for q in qa if q.unit == unit]
        vb = [q for q in qb if q.unit == unit]
        pairs = [(x, y) for x in va for y in vb if same_thing(x, y)]
        agree = any(abs(x.value - y.value) <= tolerance * max(x.value, y.value, 1) for x, y in pairs)
        same_measure = pairs and (close or any(x.before & y.before for x, y in pairs))
        if not agree and same_measure:
            xs = ", ".join(q.text for q in va)
            ys = ", ".join(q.text for q in vb)
            return unit, f"number: {xs} vs {ys} ({va[0].word})"
    return None
