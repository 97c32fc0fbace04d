"""Attributions of the tagger that are not quotes, or run too far: dropped or trimmed by switchable steps.

Each step is one entry of ``quotes_decode.STEPS``; ``benchmarks/quotes_cv.py`` chose them on PolNeAR
train folds.
"""

from __future__ import annotations

import re

from parallax.nlp.quotes_decode import ADVERBIAL as _ADVERBIAL
from parallax.nlp.quotes_decode import QUANTIFIER as _QUANTIFIER
from parallax.nlp.quotes_decode import STEPS, Attribution, _is_direct

# verbs of saying: their content is a clause or a quotation, so an adverbial right after them is circumstance
_SAYING = frozenset(["said", "says", "say", "told", "tells", "added", "adds", "stated", "wrote", "writes"])
# a source right after one of these reports an event in a subordinate clause, not a statement
_EVENT_CLAUSE = frozenset(["after", "before", "until", "because", "once", "since"])
_EVENT_WORDS = 4
_SPEECH = r"(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|explained|continued|argued|insisted|noted|replied|tweeted|declared|stated)"
# '"…," Cruz said after a brief …': the close of the quotation, then a name (or none) and a speech verb
_RUNON = re.compile(
    r"[,.!?…—-][\"”’']+(?=\s+(?:(?:[A-Z][\w.'’-]*|the|a|his|her|\w+’s|\w+'s)\s+){0,5}" + _SPEECH + r"\b)"
)
# the same frame with any words as the source ('"…," union chair Mira Osk said'): step frame
# ending in a name or a pronoun ('"…," that ignited something that said' is no frame)
_FRAME = re.compile(
    r"[,.!?…—-](?:[\"”]|'')\s+((?:[\w.'’-]+\s+){0,4}?(?:[A-Z][\w.'’-]*|he|she|they|we)\s+)("
    + _SPEECH
    + r")\b"
)
# a quotation reopened after the frame: '"A," she continued, "B."'
_REOPEN = re.compile(r"\s*,\s*(?=[\"“]|'')")
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s")


def drop_non_quotes(text: str, atts: list[Attribution], interviewers: set[str]) -> list[Attribution]:
    """The tagger's attributions without those that are not quotes, and trimmed where they run on."""
    out = []
    for a in atts:
        src = text[a.source[0] : a.source[1]].strip() if a.source else ""
        if STEPS.get("interviewer") and src in interviewers:
            continue
        if STEPS.get("titles") and _is_title(text[a.content[0] : a.content[1]]):
            continue
        if not a.direct and a.cue is not None and not _keep_indirect(text, a):
            continue
        _trim(text, a)
        out.append(a)
    return out


def _keep_indirect(text: str, a: Attribution) -> bool:
    """False for an adverbial after the cue or a background event (steps adverbial, eventive)."""
    assert a.cue is not None
    first = text[a.content[0] : a.content[0] + 20].split()[:1]
    after_cue = 0 <= a.content[0] - a.cue[1] <= 2 and text[a.cue[0] : a.cue[1]].lower() in _SAYING
    adverbial = first and first[0].lower() in _ADVERBIAL and not _QUANTIFIER.match(text, a.content[0])
    if STEPS.get("adverbial") and after_cue and adverbial:
        if len(a.parts) < 2:
            return False
        # 'said as she left. "B."': the quotation after the adverbial stays
        rest = a.parts[1:]
        a.content, a.parts = (rest[0][0], a.content[1]), (rest if len(rest) > 1 else [])
        a.direct = _is_direct(text[a.content[0] : a.content[1]])
    before = text[max(0, (a.source or a.cue)[0] - 20) : (a.source or a.cue)[0]].split()[-1:]
    # only a bare object ('demanded sanctions be lifted'): PolNeAR counts longer background claims
    short = len(text[a.content[0] : a.content[1]].split()) <= _EVENT_WORDS
    event = a.source and before and before[0].lower() in _EVENT_CLAUSE and short
    return not (STEPS.get("eventive") and event)


def _trim(text: str, a: Attribution) -> None:
    """Cut a quotation run on through its attribution (runon), a reported clause before ', which' (relative)."""
    if a.parts:
        return
    s, e = a.content
    body = text[s:e]
    if STEPS.get("frame") and a.direct and _reframe(text, a):
        return
    if STEPS.get("runon") and a.direct:
        m = _RUNON.search(body)
        if m is not None and m.end() < len(body.rstrip()) - 1:
            a.content = (s, s + m.end())
    elif STEPS.get("relative") and not a.direct:
        m = _RELATIVE.search(body)
        if m is not None and m.start() > 15:
            a.content = (s, s + m.start())


def _is_title(content: str) -> bool:
    """A headline-like line: 3-14 words, no quotation mark, nearly every word capitalised."""
    words = content.split()
    if not 3 <= len(words) <= 14 or any(q in content for q in '"“”'):
        return False
    caps = sum(w[:1].isupper() for w in words if len(w) > 3)
    return caps >= 0.8 * sum(len(w) > 3 for w in words) and caps >= 3


def _reframe(text: str, a: Attribution) -> bool:
    """A quotation run on through its own frame ('"…," union chair Mira Osk said outside …') is cut at
    its close and attributed to that frame (the words before the verb its source, the verb its cue) when
    it has no cue of its own or its cue lies beyond the frame ('… she said. But the union told them …')."""
    s, e = a.content
    m = _FRAME.search(text, s, e)
    if m is None or (a.cue is not None and a.cue[0] < m.end(2)):
        return False  # the tagger's own cue comes first: the frame may be nested (runon only cuts)
    close = m.start(1)
    while text[close - 1].isspace():
        close -= 1
    a.content = (s, close)
    more = _REOPEN.match(text, m.end(2), e)
    if more is not None:  # '"A," she continued, "B."': both quotations, one attribution
        a.content, a.parts = (s, e), [(s, close), (more.end(), e)]
    a.source = (m.start(1), m.start(1) + len(m.group(1).rstrip()))
    a.cue = (m.start(2), m.end(2))
    a.continued = False
    return True
