"""Parallax: turn crawled news articles into stories you can read and compare."""

from parallax.model import (
    Annotation,
    Article,
    Citation,
    Comparison,
    Digest,
    Duplicate,
    Entity,
    InputError,
    Quote,
    RawRecord,
    Sentence,
    Story,
    SummarySentence,
    TimeExpr,
)

__version__ = "0.1.0"

__all__ = [
    "Annotation",
    "Article",
    "Citation",
    "Comparison",
    "Digest",
    "Duplicate",
    "Entity",
    "InputError",
    "Quote",
    "RawRecord",
    "Sentence",
    "Story",
    "SummarySentence",
    "TimeExpr",
    "__version__",
]
