"""Text features for dedup and clustering: normalisation, shingles, terms, cheap entities, dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from datetime import date, datetime

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from parallax.model import Annotation, Article

_WORD = re.compile(r"\w+", re.UNICODE)
# Content terms: words of two or more letters, and numbers (death tolls, magnitudes, scores tell events apart).
_TERM = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)*", re.UNICODE)
# A capitalised word (letters, inner apostrophes/hyphens/dots as in "O'Neill", "Jong-un", "U.S.").
_CAP = r"(?:[A-Z](?:[\w'’-]*\w|(?:\.[A-Z])+\.?)?)"
_CAP_PHRASE = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:of|de|da|van|von|al|bin|the|for)[ \t]+)?{_CAP})*")
_SENT_END = re.compile(r"(?:^|[.!?:;\"“”\n])\s*$")

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    {
        "said", "says", "say", "told", "tell", "according", "just", "like", "new", "year", "years",
        "time", "people", "did", "does", "don't", "it's", "i'm", "that's", "we're", "they're",
        "mr", "mrs", "ms", "dr", "also", "would", "could", "one", "two", "week", "day", "days",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "last", "first", "going", "want", "make", "way", "know", "think", "really",
        "photo", "image", "video", "getty", "images", "ap", "reuters", "advertisement", "click",
        "share", "tweet", "facebook", "twitter", "email", "subscribe", "read", "story", "news",
    }
)  # fmt: skip

#: Capitalised words that start sentences or fill headlines without naming anything.
_ENTITY_STOP = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "i", "he", "she", "it", "we", "they", "but", "and", "or",
        "the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "his", "her", "their",
        "our", "its", "if", "when", "while", "after", "before", "as", "so", "yes", "no", "why", "how",
        "what", "who", "where", "there", "here", "now", "then", "still", "more", "most", "some",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "mrs",
        "ms", "dr", "said", "says", "photo", "image", "getty", "images", "ap", "reuters", "read",
        "click", "share", "tweet", "email", "advertisement", "yesterday", "today", "tomorrow", "for", "to", "of", "by", "from", "with",
    }
)  # fmt: skip


_TITLES = frozenset(
    {
        "president",
        "prime",
        "minister",
        "king",
        "queen",
        "prince",
        "senator",
        "sen",
        "rep",
        "gov",
        "governor",
        "general",
        "gen",
        "judge",
        "justice",
        "chief",
        "secretary",
        "pope",
        "sir",
        "lord",
        "new",
        "north",
        "south",
        "east",
        "west",
        "united",
        "saint",
        "st",
        "fort",
        "city",
        "county",
        "university",
        "department",
        "national",
        "international",
        "the",
    }
)


def normalize_text(text: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive form of ``text`` (for exact dedup)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def exact_key(text: str) -> str:
    """Hash of the normalised text: equal keys mean exact duplicates."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def word_shingles(text: str, n: int = 3, max_words: int | None = None) -> set[bytes]:
    """Set of ``n``-word shingles of the normalised text (UTF-8 bytes, ready for MinHash)."""
    words = normalize_text(text).split()[:max_words]
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def content_terms(article: Article) -> Counter[str]:
    """Lower-cased content terms of title (counted twice: it names the event) and text."""
    counts: Counter[str] = Counter()
    for chunk, weight in ((article.title or "", 2), (article.text, 1)):
        for m in _TERM.finditer(chunk):
            tok = m.group().casefold().replace("’", "'")
            if tok.endswith("'s"):
                tok = tok[:-2]
            if len(tok) < 2 or tok in STOP_WORDS:
                continue
            counts[tok] += weight
    return counts


def cheap_entities(text: str) -> Counter[str]:
    """Capitalised phrases as stand-in named entities (lower-cased), when no NER annotation is given.

    A single capitalised word right after a sentence boundary is skipped: it is usually
    capitalised because of its position, not because it names something.
    """
    counts: Counter[str] = Counter()  # float counts: component words weigh half
    for m in _CAP_PHRASE.finditer(text):
        words = m.group().split()
        while words and words[0].casefold().strip(".") in _ENTITY_STOP:
            words.pop(0)
        while words and words[-1].casefold().strip(".") in _ENTITY_STOP:
            words.pop()
        if not words:
            continue
        phrase = " ".join(words).strip(".").casefold().replace("’", "'")
        if phrase.endswith("'s"):
            phrase = phrase[:-2]
        if len(phrase) < 2:
            continue
        if (
            len(words) == 1
            and m.group().startswith(words[0])
            and _SENT_END.search(text[max(0, m.start() - 4) : m.start()])
        ):
            continue
        counts[phrase] += 1
        if len(words) > 1:
            # Component words let "President Donald Trump" meet a later plain "Trump".
            for w in phrase.split():
                w = w.removesuffix("'s")
                if len(w) > 2 and w not in _ENTITY_STOP and w not in _TITLES:
                    counts[w] += 0.5  # type: ignore[assignment]
    return counts


def annotation_entities(annotation: Annotation) -> Counter[str]:
    """Entity mentions of an NER annotation, grouped by entity id when known, else by surface text."""
    counts: Counter[str] = Counter()
    for ent in annotation.entities:
        key = (ent.entity_id or ent.text).casefold().strip()
        if key.endswith("'s"):
            key = key[:-2]
        if key:
            counts[key] += 1
    return counts


def article_day(article: Article) -> int | None:
    """Publication day as a proleptic ordinal (days), or None when unknown or unparsable."""
    return parse_day(article.published)


def parse_day(published: str | None) -> int | None:
    """Day ordinal of an ISO date or datetime string (None when empty or unparsable)."""
    value = (published or "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().toordinal()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None
