"""Text helpers for the digest: sentence spans, tokens, stems and content filters.

Sentence spans come from ``parallax.nlp.segment.sentences`` when that module is
installed; until then (or if it fails) a small rule-based splitter is used so the
digest never depends on it being present.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache

from parallax.model import Sentence

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)

# Page furniture and non-content phrasing that never belongs in a summary (generic, not site-specific):
# phrases that are furniture anywhere, and openers that are furniture at the start of a line.
FURNITURE = re.compile(
    r"(?i)\b(click here|all rights reserved|copyright \d{4}|image copyright|cookie policy|use of cookies|"
    r"accept cookies|privacy policy|terms of (use|service)|tweet with a location|is loading|javascript|"
    r"your browser|newsletters?|getty images|contributed to this report|this story has been (updated|corrected)|"
    r"sign up (for|to receive|here|now)|subscribe (now|today|here|to our))\b"
    r"|©|^\W*(advertisement|read more|related:|photo:|image:|share this|sign up|subscribe|follow us|"
    r"enlarge this image|watch:|listen:)"
)
# Bylines and stamps: "By Jane Doe", "By JANE DOE and JOHN ROE", "Posted : February 28, 2019".
BYLINE = re.compile(
    r"^(?:(?:[Bb]y|BY)\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:$|[,|/–—-]|\band\b|\b[Pp]osted\b|\b[Uu]pdated\b)"
    r"|(?i:posted|updated|published)\s*(?::|on\b|\d))"
)
URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")

# Abbreviations after which a period does not end a sentence (lower-cased, without the dot).
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "st", "jr", "sr", "rev", "hon", "pres", "vs", "etc", "inc", "corp", "ltd", "co", "no", "vol",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "mt", "ft", "approx", "est", "dept", "univ",
}  # fmt: skip

_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from",
    "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
    "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "me", "him", "them",
    "us", "not", "no", "so", "than", "then", "there", "here", "have", "has", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "shall", "said", "says", "say",
    "also", "about", "into", "over", "after", "before", "up", "down", "out", "off", "just", "more", "most",
    "very", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all", "any", "both",
    "each", "few", "other", "some", "such", "only", "own", "same", "too", "s", "t", "don", "now",
})  # fmt: skip

# Candidate sentence ends: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Ý]")


def _regex_sentences(text: str) -> list[Sentence]:
    """Rule-based sentence spans: line breaks between paragraphs, then terminal punctuation."""
    spans: list[Sentence] = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        lines = list(re.finditer(r"[^\n]+", block.group(0)))
        # A line that ends without terminal punctuation and is short is a heading/furniture line: own unit.
        units: list[tuple[int, int]] = []
        cur_start: int | None = None
        for i, ln in enumerate(lines):
            s, e = block.start() + ln.start(), block.start() + ln.end()
            if cur_start is None:
                cur_start = s
            stripped = ln.group(0).rstrip()
            last = i == len(lines) - 1
            if last or stripped.endswith((".", "!", "?", '"', "”", ":")) or len(stripped) < 60:
                units.append((cur_start, e))
                cur_start = None
        for us, ue in units:
            _split_unit(text, us, ue, spans)
    return spans


def _split_unit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    seg = text[start:end]
    pos = 0
    for m in _END.finditer(seg):
        cut = m.end()
        nxt = _NEXT_START.match(seg, cut)
        if not nxt:
            continue
        word = re.search(r"(\S+)$", seg[: m.start()])
        w = word.group(1).lower().lstrip("\"'“(") if word else ""
        if seg[m.start()] == "." and (
            w in _ABBREV or re.fullmatch(r"[a-z]", w) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w)
        ):
            continue
        _add(text, start + pos, start + cut, out)
        pos = nxt.start() + (len(nxt.group(0)) - len(nxt.group(0).lstrip()))
    _add(text, start + pos, end, out)


def _add(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e))


@lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], list[Sentence]]:
    try:
        from parallax.nlp.segment import sentences as seg  # type: ignore[import-not-found,unused-ignore]

        return seg  # type: ignore[no-any-return,unused-ignore]
    except Exception:  # the nlp stage is optional for the digest
        log.debug("parallax.nlp.segment unavailable; using the rule-based splitter")
        return _regex_sentences


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text`` (nlp segmenter when present, else rule-based)."""
    seg = _segmenter()
    if seg is not _regex_sentences:
        try:
            got = [s for s in seg(text) if s.end > s.start]
            if got:
                return got
        except Exception:  # a segmenter failure must not lose the article
            log.warning("sentence segmenter failed; falling back to rules", exc_info=True)
    return _regex_sentences(text)


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWord  # type: ignore[no-any-return,unused-ignore]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) English stem of a lower-cased word."""
    return _stemmer()(word)


def words(text: str) -> list[str]:
    """Word tokens as written (used for word budgets and compressions)."""
    return _WORD.findall(text)


def content_stems(text: str) -> list[str]:
    """Lower-cased stems of the non-stopword tokens of ``text``."""
    return [stem(t) for t in (w.lower() for w in _TOKEN.findall(text)) if t not in _STOP]


def all_stems(text: str) -> list[str]:
    return [stem(t.lower()) for t in _TOKEN.findall(text)]


def is_stopword(token: str) -> bool:
    return token.lower() in _STOP


def token_subsequence(small: str, big: str) -> bool:
    """True when the ``\\w+`` tokens of ``small`` appear in order within those of ``big``."""
    it = iter(t.lower() for t in _TOKEN.findall(big))
    return all(any(t == b for b in it) for t in (x.lower() for x in _TOKEN.findall(small)))
