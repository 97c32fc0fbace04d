"""The story digest: cited summaries, cross-source comparison, framing, timeline."""

from parallax.digest.builder import DigestBuilder, DigestRun, quotes_by_speaker
from parallax.digest.compare import CompareConfig, Comparer, compare
from parallax.digest.summary import Summarizer, SummaryConfig, summarize
from parallax.digest.timeline import timeline

__all__ = [
    "CompareConfig",
    "Comparer",
    "DigestBuilder",
    "DigestRun",
    "Summarizer",
    "SummaryConfig",
    "compare",
    "quotes_by_speaker",
    "summarize",
    "timeline",
]
