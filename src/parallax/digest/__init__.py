"""The story digest: cited summaries, cross-source comparison, framing, timeline.

The names below load on first use: the summarizer imports scikit-learn (seconds), and a
command that only needs ``parallax.digest.text`` (a stemmer, a sentence splitter) must not pay
for it. Functions live in their modules (``parallax.digest.compare.compare``...), never here,
where they would shadow the module of the same name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parallax.digest.builder import DigestBuilder, DigestRun
    from parallax.digest.compare import CompareConfig, Comparer
    from parallax.digest.summary import Summarizer, SummaryConfig

_HOMES = {
    "CompareConfig": "compare",
    "Comparer": "compare",
    "DigestBuilder": "builder",
    "DigestRun": "builder",
    "Summarizer": "summary",
    "SummaryConfig": "summary",
}

__all__ = ["CompareConfig", "Comparer", "DigestBuilder", "DigestRun", "Summarizer", "SummaryConfig"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"parallax.digest.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'parallax.digest' has no attribute {name!r}")
