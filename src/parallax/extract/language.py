"""Language identification of article text (py3langid), as ISO 639-1 codes."""

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
    code, prob = _model().classify(sample)
    if prob < MIN_CONFIDENCE:
        return None
    return _ALIASES.get(code, code)
