"""Extraction: RawRecord -> Article (clean text + metadata)."""

from parallax.extract.router import ArticleExtractor

__all__ = ["ArticleExtractor"]
