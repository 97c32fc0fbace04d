"""The id of an extracted article."""

from __future__ import annotations

from parallax.model import RawRecord, content_id


def article_id(record: RawRecord, text: str) -> str:
    """The input's own id when it has one, else a stable content hash."""
    return record.record_id or content_id(record.url or "", text)
