"""Read-side records the store returns: story listings and search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parallax.model import Story

#: Private-use characters FTS5 puts around matched terms; never in article text we show.
HIT_OPEN = "\ue000"
HIT_CLOSE = "\ue001"


@dataclass(slots=True)
class ArticleRef:
    """What a story listing shows of one article (no text)."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    duplicate_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class StoryEntry:
    """A story with the articles it holds, oldest first."""

    story: Story
    articles: list[ArticleRef] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        s = self.story
        return {
            "id": s.id,
            "title": s.title,
            "outlets": s.outlets,
            "first_published": s.first_published,
            "last_published": s.last_published,
            "articles": [a.to_json() for a in self.articles],
        }


@dataclass(slots=True)
class SearchHit:
    """One full-text match: the article and a snippet split into (text, is_match) segments.

    Segments keep the matched terms apart from the text so that a shell can
    escape the text and mark the matches its own way (HTML ``<mark>``, terminal).
    """

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: str | None
    score: float
    segments: list[tuple[str, bool]]

    def snippet(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The snippet as plain text with matches between ``open_mark`` and ``close_mark``."""
        return "".join(f"{open_mark}{t}{close_mark}" if hit else t for t, hit in self.segments)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "story": self.story_id,
            "score": self.score,
            "snippet": self.snippet(),
            "segments": [[t, hit] for t, hit in self.segments],
        }


def split_snippet(marked: str) -> list[tuple[str, bool]]:
    """Split an FTS5 ``snippet()`` made with HIT_OPEN/HIT_CLOSE into segments."""
    segments: list[tuple[str, bool]] = []
    rest = marked
    while rest:
        start = rest.find(HIT_OPEN)
        if start < 0:
            segments.append((rest, False))
            break
        if start:
            segments.append((rest[:start], False))
        end = rest.find(HIT_CLOSE, start + 1)
        if end < 0:
            segments.append((rest[start + 1 :], True))
            break
        segments.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, hit) for t, hit in segments if t]
