"""Extraction: RawRecord -> Article (clean text + metadata)."""

from parallax.extract.pipeline import ArticleExtractor

__all__ = ["ArticleExtractor"]
