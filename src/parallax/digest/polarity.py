"""Polarity rules for two sentences about one fact: an action negated by one and affirmed by the
other in other words ("not planning to waive the Jones Act" / "considering lifting the Jones Act"),
or two states that exclude each other ("put on hold" / "abandoned").

A small lexicon groups words of one action (lift, waive, repeal, …) and names the pairs of
states that cannot both hold of one thing (paused / ended, rose / fell, convicted / acquitted).
Negation is scoped the usual way (NegEx style): from a negator to the next punctuation mark or
clause word ("but", "whether", "that", …), so "not planning to waive or repeal X" negates both verbs
while "did not say whether it would lift X" negates neither. Statements about what a party says
(confirm / deny, approve / reject) are left out: outlets report different parties' positions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parallax.digest.text import stem

# One action, several words (lower-case surface forms; inflections come from the stemmer).
_ACTIONS: dict[str, tuple[str, ...]] = {
    "lift": ("lift", "waive", "repeal", "rescind", "revoke", "overturn", "relax"),
    "impose": ("impose", "enforce", "reinstate", "tighten"),
    "resign": ("resign", "quit"),
    "arrest": ("arrest", "detain", "apprehend"),
    "release": ("release", "freed"),
    "raise": ("raise", "hike"),
    "cut": ("cut", "reduce", "slash"),
    "attend": ("attend", "join", "participate"),
    "sign": ("sign", "enact"),
    "pause": ("pause", "suspend", "postpone", "delay", "freeze", "shelve", "hold"),
    "end": ("abandon", "scrap", "cancel", "ditch", "terminate", "axe", "drop"),
    "rise": ("rise", "rose", "risen", "increase", "climb", "jump", "surge", "soar"),
    "fall": ("fall", "fell", "fallen", "decrease", "drop", "slide", "slid", "plunge", "slump", "tumble"),
    "convict": ("convict",),
    "acquit": ("acquit",),
}
# States that cannot both hold of one thing at one time.
_EXCLUDE = {
    frozenset(p) for p in (("pause", "end"), ("rise", "fall"), ("convict", "acquit"), ("raise", "cut"))
}
_NEGATORS = {"not", "no", "never", "neither", "nor", "without", "cannot"}
# Words that close a negation's scope: a new clause or an embedded question.
_SCOPE_END = {
    "but",
    "whether",
    "if",
    "that",
    "although",
    "though",
    "while",
    "because",
    "and",
    "after",
    "before",
    "when",
}
_TOK = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,.;:!?()\"“”—–]")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Stem -> the actions it can name (a few words, e.g. "drop", name two)."""
    out: dict[str, tuple[str, ...]] = {}
    for action, ws in _ACTIONS.items():
        for w in ws:
            for key in {w, stem(w)}:
                out[key] = (*out.get(key, ()), action)
    return out


def _hold(toks: list[str], i: int) -> bool:
    """ "hold" names a pause only in "on hold"."""
    return stem(toks[i]) != "hold" or (i > 0 and toks[i - 1] == "on")


def actions(text: str) -> tuple[set[str], set[str]]:
    """Actions a sentence affirms and those it negates (by the lexicon, negation scoped to its clause)."""
    toks = [t.lower().replace("’", "'") for t in _TOK.findall(text)]
    lex = _lexicon()
    pos: set[str] = set()
    neg: set[str] = set()
    negated = False
    for i, t in enumerate(toks):
        if not t[0].isalpha() or t in _SCOPE_END:
            negated = False
            continue
        if t in _NEGATORS or t.endswith("n't"):
            negated = True
            continue
        hits = lex.get(t) or lex.get(stem(t))
        if hits and _hold(toks, i):
            (neg if negated else pos).update(hits)
    return pos, neg


def polarity_conflict(a: str, b: str) -> tuple[str, str] | None:
    """``(slot, explanation)`` when ``a`` and ``b`` disagree on an action or a state.

    * flip: an action only negated in one sentence and only affirmed in the other;
    * exclusion: each sentence affirms one of two states that exclude each other and not the other.

    The caller makes sure both sentences are about one fact (close meaning, shared names or words).
    """
    pa, na = actions(a)
    pb, nb = actions(b)
    for act in sorted((na - pa) & (pb - nb)) + sorted((nb - pb) & (pa - na)):
        which = "first" if act in na else "second"
        return "polarity", f"polarity: the {which} sentence negates '{act}', the other affirms it"
    for x in sorted(pa - pb - na - nb):
        for y in sorted(pb - pa - na - nb):
            if frozenset((x, y)) in _EXCLUDE:
                return "polarity", f"polarity: '{x}' vs '{y}'"
    return None
