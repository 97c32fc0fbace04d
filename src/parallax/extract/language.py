"""Language identification of article text (py3langid), as ISO 639-1 codes.

Plain English prose is recognised by its function words without loading py3langid, whose model
takes ~0.9 CPU-s to load: most one-shot commands on English news never pay it.
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: Below this many letters a guess is noise (titles, captions), so we answer None.
MIN_LETTERS = 20
#: Normalised probability under which the answer is withheld.
MIN_CONFIDENCE = 0.5
#: Enough text for a stable answer; classifying more only costs time.
MAX_CHARS = 2000

# py3langid also knows some ISO 639-2/3 varieties; fold them into their 639-1 macro-language,
# drop the ones without a 639-1 code ("zxx" = no linguistic content, historic languages, ...).
_ALIASES = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn", "sdh": "ku"}

# English function words that are not also everyday words of other Latin-script languages ("a", "to",
# "in", "is", "was" are). On 2,118 real pages and articles of many languages (benchmarks/
# language_fastpath.py) a share of 0.11 recognises 91% of the texts py3langid calls English and no
# other; 0.09 would also take a Tagalog page that quotes English.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "that",
        "with",
        "for",
        "from",
        "this",
        "have",
        "has",
        "which",
        "would",
        "their",
        "they",
        "were",
        "been",
    ]
)
#: A text is English without the classifier when at least this share of its words are in _ENGLISH ...
ENGLISH_SHARE = 0.11
#: ... at most this share of its words have a letter outside ASCII, and it has at least MIN_WORDS words.
NON_ASCII_SHARE = 0.02
MIN_WORDS = 40

_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")
_LETTER = re.compile(r"[^\W\d_]")

_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    """The py3langid identifier, loaded once and restricted to languages with a 639-1 code."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid import langid

            ident = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
            keep = [c for c in ident.labels if (len(c) == 2 and c != "la") or c in _ALIASES]
            ident.set_languages(keep)
            _identifier = ident
        return _identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s main language, or None when too short or too uncertain."""
    if not text:
        return None
    sample = _URL.sub(" ", text[:MAX_CHARS])
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    if clearly_english(sample):
        return "en"
    code, prob = _model().classify(sample)
    if prob < MIN_CONFIDENCE:
        return None
    return _ALIASES.get(code, code)


def clearly_english(text: str) -> bool:
    """True when ``text`` is plainly English prose (by function words; benchmarks/language_fastpath.py)."""
    words = _WORD.findall(text)
    # Non-ASCII letters guard against a German or Polish text quoting English at length.
    if len(words) < MIN_WORDS:
        return False
    english = sum(w.lower() in _ENGLISH for w in words)
    foreign = sum(not w.isascii() for w in words)
    return english >= ENGLISH_SHARE * len(words) and foreign <= NON_ASCII_SHARE * len(words)
