"""HTML -> Article (first cut: trafilatura; to be beaten)."""

from __future__ import annotations

import trafilatura

from parallax.model import Article, RawRecord


def extract_html(record: RawRecord) -> Article:
    from parallax.extract.pipeline import article_id

    doc = trafilatura.bare_extraction(record.content, url=record.url, with_metadata=True)
    text = (doc.text if doc is not None else "") or ""
    return Article(
        id=article_id(record, text),
        source=record.source,
        text=text,
        url=record.url,
        title=(doc.title if doc is not None else None) or record.title,
    )
