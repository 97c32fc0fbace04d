"""Exact fact-slot rules for two sentences that state one fact: numbers, dates, names, negation.

Rules, not learning, where they are exact: a changed value that keeps its context is a conflict;
spelling variants of one name (Qaddafi / Gadhafi) are one name; a day after a month ("Sept. 11") is a
date, not a count; negation counts only on words both sentences use; a sentence that is a truncation
of the other (a shortened quote) states less, not something else.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Protocol

from parallax.digest.pairs import negation_in_shared
from parallax.digest.quantities import Quantity, money, same_thing
from parallax.digest.text import is_stopword, stem, token_subsequence
from parallax.words import MONTHS, NUMBER_WORDS, WEEKDAYS

_MONTHS = frozenset(m.rstrip(".") for m in MONTHS)
_DAYS = frozenset(WEEKDAYS) | {"yesterday", "today", "tomorrow"}
# Number words that are values; scale words (hundred, million, dozens) are multipliers or vague amounts.
_NUMBER_WORDS = frozenset(NUMBER_WORDS)
# Number words as digits, so "six" and "6" are the same value.
_NUMBER_VALUE = {w: str(v) for w, v in NUMBER_WORDS.items()}
_NEGATORS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"}
_TOK = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z][A-Za-z'’-]*")


class SlotConfig(Protocol):
    """The thresholds ``slot_conflict`` reads (``CompareConfig`` has them)."""

    same_frame: float
    near_identical: float
    same_frame_negation: float
    min_shared: int


def _tokens(text: str) -> list[str]:
    """Lower-cased tokens with typographic apostrophes unified and possessive 's dropped."""
    out = []
    for t in _TOK.findall(text.replace("’", "'")):
        low = t.lower().rstrip("'-") or t.lower()
        if low.endswith("'s") and len(low) > 2:
            low = low[:-2]
        out.append(_NUMBER_VALUE.get(low, low))
    return out


def _slot_of(tok: str, raw: str, first: bool) -> tuple[str, str] | None:
    """``(slot, value)`` of one token, or None for an ordinary word."""
    if raw[0].isdigit():
        v = tok.replace(",", "").rstrip(".")
        return ("date", v) if re.fullmatch(r"(1[89]|20)\d\d", v) else ("number", v)
    if tok in _MONTHS or tok in _DAYS:
        return "date", tok[:3]
    if tok in _NUMBER_WORDS or tok.isdigit():
        return "number", tok
    if tok in _NEGATORS or tok.endswith("n't"):
        return "negation", tok
    if raw[0].isupper() and len(raw) > 1 and not (first and is_stopword(raw)):
        return "name", tok
    return None


def slots(text: str) -> dict[str, Counter[str]]:
    """Fact-slot values of a sentence (multisets of normalised tokens).

    ``number`` holds numerals, ``date`` months, weekdays and years, ``name`` capitalised
    words, ``negation`` one ``negated`` mark when negators are odd in number.
    """
    raws = _TOK.findall(text.replace("’", "'"))
    out: dict[str, Counter[str]] = {k: Counter() for k in ("number", "date", "name", "negation")}
    neg = 0
    toks = _tokens(text)
    for i, (raw, tok) in enumerate(zip(raws, toks, strict=True)):
        hit = _slot_of(tok, raw, i == 0)
        if hit is None:
            continue
        if hit[0] == "number" and i and toks[i - 1].rstrip(".") in _MONTHS:
            hit = ("date", f"{toks[i - 1][:3]}{hit[1]}")  # "Sept. 11" is a date, not a count of 11
        if hit[0] == "negation":
            neg += 1
        else:
            out[hit[0]][hit[1]] += 1
            if hit[0] == "date" and hit[1].isdigit():
                out["number"][hit[1]] += 1  # a year is also a number
    if neg % 2:
        out["negation"]["negated"] += 1
    return out


def _masked(text: str) -> set[str]:
    """Content stems of the words that fill no fact slot (the sentence's frame)."""
    raws = _TOK.findall(text.replace("’", "'"))
    return {
        stem(tok)
        for i, (raw, tok) in enumerate(zip(raws, _tokens(text), strict=True))
        if _slot_of(tok, raw, i == 0) is None and not is_stopword(tok)
    }


def shared_facts(a: str, b: str) -> int:
    """How many frame stems and names two sentences share (what ties them to one fact)."""
    na, nb = slots(a)["name"], slots(b)["name"]
    names = len(set(na) & set(nb))
    return len(_masked(a) & _masked(b)) + names


def _subsequence(small: list[str], big: list[str]) -> bool:
    """True when the tokens ``small`` appear in order within ``big`` ("2" is not a part of "2.5")."""
    it = iter(big)
    return all(any(t == b for b in it) for t in small)


def _substituted(a: list[str], b: list[str], xs: list[str], ys: list[str]) -> bool:
    """True when a value of ``xs`` in ``a`` and one of ``ys`` in ``b`` share a neighbouring word.

    A changed fact keeps its context ("near Springfield on" vs "near Shelbyville on"); a
    paraphrase that merely mentions other names or numbers usually does not.
    """
    pa = [i for i, t in enumerate(a) if t in xs or t[:3] in xs]
    pb = [j for j, t in enumerate(b) if t in ys or t[:3] in ys]

    def same(i: int, j: int) -> bool:
        return 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j] and a[i] not in xs

    for i in pa:
        for j in pb:
            prev, nxt = same(i - 1, j - 1), same(i + 1, j + 1)
            # a function word alone ("the", "in") is too weak a context; a content word or both sides is not
            if (prev and nxt) or (prev and not is_stopword(a[i - 1])) or (nxt and not is_stopword(a[i + 1])):
                return True
    return False


def slot_conflict(a: str, b: str, cfg: SlotConfig) -> tuple[str, str] | None:
    """``(slot, explanation)`` when ``a`` and ``b`` state the same fact with different values."""
    ma, mb = _masked(a), _masked(b)
    shared = len(ma & mb)
    frame = shared / max(1, len(ma), len(mb))
    if shared < cfg.min_shared or frame < cfg.same_frame:
        return None
    ta, tb = _tokens(a), _tokens(b)
    if _subsequence(ta, tb) or _subsequence(tb, ta):
        return None  # one is a shortened copy of the other (a truncated quote): it says less, not otherwise
    sa, sb = slots(a), slots(b)
    hit = _money_conflict(a, b, sa, sb, ta, tb, frame >= cfg.near_identical)
    if hit:
        return hit
    for slot in ("date", "number", "name"):
        va, vb = sa[slot], sb[slot]
        if slot == "name":  # a name repeated in one sentence is still one name changed
            only_a, only_b = _drop_variants(sorted((va - vb).elements()), sorted((vb - va).elements()))
        else:  # numbers and dates: which values are stated, not how often
            only_a, only_b = sorted(set(va) - set(vb)), sorted(set(vb) - set(va))
        if slot == "name" and (len(only_a) > 2 or len(only_b) > 2):
            continue  # many different names: a paraphrase or another fact, not one changed name
        if not (only_a and only_b):
            continue
        # one value swapped in an otherwise identical frame, or a swap that keeps its context
        if (len(only_a) == len(only_b) == 1 and frame >= cfg.near_identical) or _substituted(
            ta, tb, only_a, only_b
        ):
            return slot, f"{slot}: {', '.join(only_a)} vs {', '.join(only_b)}"
    if sa["negation"] != sb["negation"] and frame >= cfg.same_frame_negation and negation_in_shared(a, b):
        if _quote_truncated(a, b):
            return None
        # "not clear" vs "unclear" is the same statement
        sa_words, sb_words = set(ta), set(tb)
        if any(w.startswith("un") and w[2:] in sb_words for w in sa_words) or any(
            w.startswith("un") and w[2:] in sa_words for w in sb_words
        ):
            return None
        which = "first" if sa["negation"] else "second"
        return "negation", f"negation: only the {which} sentence is negated"
    return None


def _amount_digits(q: Quantity) -> str:
    """The number of an amount as the slot tokens hold it ("$3,500 million" -> "3,500")."""
    m = re.search(r"\d[\d,.]*\d|\d", q.text)
    return m.group(0) if m else q.text


def _money_conflict(
    a: str,
    b: str,
    sa: dict[str, Counter[str]],
    sb: dict[str, Counter[str]],
    ta: list[str],
    tb: list[str],
    near: bool,
) -> tuple[str, str] | None:
    """Amounts of one currency compared by value ("$3.5 billion" = "$3,500 million" != "$3.6 billion").

    Amounts that agree leave the number slots (their digits differ only in how they are written).
    """
    qa, qb = money(a), money(b)
    if not qa or not qb:
        return None

    def agrees(x: Quantity, ys: list[Quantity]) -> bool:
        return any(x.unit == y.unit and abs(x.value - y.value) <= 0.005 * max(x.value, y.value) for y in ys)

    def comparable(x: Quantity, ys: list[Quantity]) -> bool:
        return any(x.unit == y.unit and same_thing(x, y) for y in ys)

    for xs, ys, own in ((qa, qb, sa), (qb, qa, sb)):
        for x in xs:
            if agrees(x, ys):
                own["number"].pop(_amount_digits(x).replace(",", "").rstrip("."), None)
    only_a = [x for x in qa if not agrees(x, qb) and comparable(x, qb)]
    only_b = [y for y in qb if not agrees(y, qa) and comparable(y, qa)]
    if not (only_a and only_b):
        return None
    da, db = [_amount_digits(x) for x in only_a], [_amount_digits(y) for y in only_b]
    if (len(only_a) == len(only_b) == 1 and near) or _substituted(ta, tb, da, db):
        return "money", f"money: {', '.join(x.text for x in only_a)} vs {', '.join(y.text for y in only_b)}"
    return None


def _spelling_key(name: str) -> str:
    """A rough sound key: Qaddafi, Gadhafi and Kadafi meet; Clinton and Clayton do not."""
    s = name.lower().replace("ph", "f")
    s = re.sub(r"[qcg]", "k", s)
    s = s[:1] + re.sub(r"h", "", s[1:])
    s = re.sub(r"(.)\1+", r"\1", s).replace("y", "i")
    return s


def same_name(x: str, y: str) -> bool:
    """True when two name tokens are spelling variants of one name."""
    kx, ky = _spelling_key(x), _spelling_key(y)
    return kx == ky or (min(len(kx), len(ky)) >= 7 and SequenceMatcher(None, kx, ky).ratio() >= 0.9)


def _drop_variants(xs: list[str], ys: list[str]) -> tuple[list[str], list[str]]:
    """Both lists without the names that have a spelling variant in the other list."""
    return [x for x in xs if not any(same_name(x, y) for y in ys)], [
        y for y in ys if not any(same_name(x, y) for x in xs)
    ]


_QUOTE = re.compile(r"[\"“”]([^\"“”]{8,})[\"“”]?")


def _quote_truncated(a: str, b: str) -> bool:
    """True when a quotation of one sentence is a shortened form of one of the other's."""
    qa, qb = _QUOTE.findall(a), _QUOTE.findall(b)
    return any(token_subsequence(x, y) or token_subsequence(y, x) for x in qa for y in qb)
