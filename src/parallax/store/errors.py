"""Errors the store raises on purpose."""

from __future__ import annotations

from parallax.model import ParallaxError


class StoreError(ParallaxError):
    """The database cannot be used (newer schema, not a parallax store, read-only...)."""


class SearchQueryError(StoreError, ValueError):
    """A full-text query the FTS5 syntax rejects; the message says why."""

    def __init__(self, query: str, reason: str) -> None:
        self.query = query
        self.reason = reason
        super().__init__(f"invalid search query {query!r}: {reason}")


class SearchTimeout(StoreError):
    """A search ran out of its time budget (answered 503 by the web app)."""

    def __init__(self, query: str, seconds: float) -> None:
        self.query = query
        self.seconds = seconds
        super().__init__(
            f"search stopped after {seconds:g} s (time budget): use fewer or rarer words, or a phrase"
        )
