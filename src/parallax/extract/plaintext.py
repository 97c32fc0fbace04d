"""Plain-text page dump -> Article (first cut: pass-through; furniture removal to come)."""

from __future__ import annotations

from parallax.model import Article, RawRecord


def extract_text(record: RawRecord) -> Article:
    from parallax.extract.pipeline import article_id

    text = record.content.strip()
    return Article(id=article_id(record, text), source=record.source, text=text, url=record.url, title=record.title)
