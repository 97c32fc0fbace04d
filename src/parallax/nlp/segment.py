"""Sentence and token segmentation for news text, with exact character offsets.

Rule-based (measured on UD EWT in ``benchmarks/segment_ewt.py``). What it handles:

* blank lines always end a sentence; a single newline ends one unless the text is
  hard-wrapped (the line runs on in lower case);
* titles and honorifics ("Mr.", "Dr.", "Gen.") never end a sentence; other
  abbreviations ("U.S.", "Inc.", "Jan.", "a.m.") and initials ("Donald J. Trump")
  end one only when a typical sentence opener follows ("... in the U.S. The talks");
* closing quotes and brackets after ``.?!`` stay with the sentence they close, and
  ``"Why?" he asked`` is one sentence (a lower-case word follows);
* datelines ("HANOI --") are not sentence ends (they carry no terminal punctuation).
"""

from __future__ import annotations

import re
from functools import lru_cache

from parallax.model import Sentence, Span


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Titles and honorifics: a capitalised name follows, so the period never ends a sentence.
TITLES = _words(
    """mr mrs ms messrs mme mlle dr prof gen lt col maj capt cmdr adm sgt cpl pvt brig gov sen rep
    rev fr hon pres supt insp det atty amb sec mt ft vs"""
)
# Abbreviations that may end a sentence (checked against the next word).
ABBREVIATIONS = _words(
    """inc corp co ltd llc plc bros jr sr esq etc al jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun approx est dept univ assn ave blvd rd hwy
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa penn tenn tex va vt wash wis wyo e.g i.e a.m p.m u.s u.k u.n e.u d.c
    ph.d u.s.a n.y l.a st ste no nos vol vols fig figs pp v"""
)
# Words that typically open a sentence: after an ambiguous abbreviation they signal a boundary.
SENTENCE_OPENERS = _words(
    """a an the this that these those there then thus he she it they we i you his her its their our my
    your but and or so yet however meanwhile still also in on at for from with by after before
    during since when while if although though as because what who why how where which
    some many most all both each no not one two three four five six seven eight nine ten
    mr mrs ms dr earlier later last next according"""
)

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
# Candidate end: terminal punctuation (with closers), then whitespace.
_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?]+)[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*)$")
_NEXT_WORD = re.compile(r"\s*([" + re.escape(_OPENERS) + r"\-–—•*]*)(\S*)")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")

_TOKEN = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])          # U.S. / a.m.
    | \d+(?:[.,:/-]\d+)*%?                 # numbers, times, dates, percentages
    | [^\W\d_]+(?:(?:-|['’](?!(?:s|re|ve|ll|d|m|t)\b))[^\W\d_]+)*  # words, Jong-un, O'Brien
    | ''|``                                 # quotation marks typed as two characters
    | ['’](?:s|re|ve|ll|d|m|t)\b           # clitics split off ("Trump's")
    | \S                                    # any other single character
    """,
    re.X,
)


def sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as character spans (leading/trailing whitespace excluded)."""
    out: list[Sentence] = []
    for p_start, p_end in _blocks(text):
        for s, e in _split_block(text, p_start, p_end):
            out.append(Sentence(s, e))
    return out


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Word and punctuation tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Span(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line groups that cannot share a sentence: paragraphs, then lines that are not hard-wrapped."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        blocks.extend(_line_blocks(text, pos, m.start()))
        pos = m.end()
    blocks.extend(_line_blocks(text, pos, len(text)))
    return blocks


def _line_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    i = text.find("\n", start, end)
    while i != -1:
        before = text[cur:i].rstrip()
        after = text[i + 1 : end].lstrip()
        # A newline inside running lower-case text is hard wrapping; anything else ends the line's sentence.
        wrapped = (
            bool(before)
            and bool(after)
            and (before[-1].isalnum() or before[-1] in ",;-")
            and after[0].islower()
        )
        if not wrapped:
            out.append((cur, i))
            cur = i + 1
        i = text.find("\n", i + 1, end)
    out.append((cur, end))
    return out


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _CANDIDATE.finditer(text, start, end):
        if _is_boundary(text, m.start(), m.end(), end):
            spans.append((cur, m.end()))
            cur = m.end()
    spans.append((cur, end))
    out = []
    for s, e in spans:
        s, e = _strip(text, s, e)
        if e > s:
            out.append((s, e))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_boundary(text: str, p_start: int, p_end: int, block_end: int) -> bool:
    """Whether the punctuation run ``text[p_start:p_end]`` (followed by whitespace) ends a sentence."""
    nm = _NEXT_WORD.match(text, p_end, block_end)
    if nm is None or not (nm.group(1) or nm.group(2)):
        return False  # end of block: the block end closes the sentence anyway
    opener, nxt = nm.group(1), nm.group(2)
    first = nxt[:1]
    if not opener and first in (",", ";", ":", ")", "]", "}"):
        return False
    closed = text[p_end - 1] in _CLOSERS
    punct = text[p_start:p_end].rstrip(_CLOSERS)
    lower_next = not opener and first.islower()
    if lower_next and (closed or punct in ("...", "…")):
        return False  # '"Why?" he asked' / 'and so... we'
    if punct != ".":
        return True  # ? ! ?! (a lower-case opener is casual writing: "where? india")
    wm = _WORD_BEFORE.search(text, max(0, p_start - 40), p_start)
    if wm is None:
        return not lower_next or text[p_start - 1 : p_start].isdigit()  # "in 2018." / ")."
    word = wm.group(1)
    low = word.lower().rstrip(".")
    if lower_next:
        # only a plain word (no abbreviation, no initial, no inner dot) ends a sentence before lower case
        return "." not in word and len(word) > 1 and low not in TITLES and low not in ABBREVIATIONS
    if low in TITLES and p_end == p_start + 1:
        return False
    ambiguous = low in ABBREVIATIONS or _INITIALS.match(word + ".") is not None or _single_initial(word)
    if not ambiguous:
        return True
    # "Donald J. Trump": a single capital initial before a capitalised word is part of a name.
    if _single_initial(word) and not _is_opener(nxt):
        return False
    return _is_opener(nxt) or bool(opener and opener[0] in "\"“‘'")


def _single_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


@lru_cache(maxsize=4096)
def _is_opener(word: str) -> bool:
    w = word.strip(_CLOSERS + ".,;:").lower()
    return w in SENTENCE_OPENERS or (w.isdigit() and len(w) == 4)
