"""Typed records that flow between Parallax stages.

These dataclasses are the only data that crosses a stage boundary. Offsets are
character offsets into ``Article.text`` (Python ``str`` indices, end exclusive).
Every record has a stable id: the input's own id, or a content hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: Version of the JSON schema written by ``parallax extract --jsonl`` (see docs/schema.md).
ARTICLE_SCHEMA_VERSION = "1.0"

ContentKind = Literal["html", "text"]


def content_id(*parts: str) -> str:
    """Stable 16-hex id from text parts (sha256, truncated)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


@dataclass(slots=True)
class RawRecord:
    """One document as a reader found it, before extraction.

    ``content`` is decoded text (HTML markup or a plain-text page dump).
    Fields other than ``source`` and ``content`` are hints given by the input
    container (JSON Lines fields, WARC headers, feed entries) and may be None.
    """

    source: str
    content: str
    kind: ContentKind
    record_id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    encoding: str | None = None
    #: True when the input gave ready article text that must be used unchanged.
    text_is_final: bool = False


class ParallaxError(Exception):
    """Base of the errors the library raises on purpose (bad query, unusable database...)."""


@dataclass(slots=True)
class InputError:
    """An input that could not be read or extracted; reported, then skipped."""

    source: str
    reason: str


@dataclass(slots=True)
class Article:
    """A clean article with metadata: the output of extraction."""

    id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_confidence: float = 0.0
    dateline: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    #: Lines or blocks removed as page furniture (kept so a user can see what was dropped).
    removed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (schema ``ARTICLE_SCHEMA_VERSION``), without ``removed``."""
        d = asdict(self)
        d.pop("removed")
        return d


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open character span ``[start, end)`` of an article's text."""

    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """A named-entity mention; ``entity_id`` groups mentions of one real entity.

    ``country_id`` links a capital to its country's ``entity_id`` ("Pyongyang said" speaks for
    North Korea) without merging the two: the city stays its own entity.
    """

    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, MISC
    entity_id: str | None = None
    country_id: str | None = None


@dataclass(slots=True)
class Quote:
    """Direct or reported speech with its speaker.

    Speaker offsets are None when the speaker was resolved from elsewhere
    (a pronoun, an interview heading, an earlier mention).
    """

    content_start: int
    content_end: int
    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    direct: bool = True
    speaker_entity_id: str | None = None


@dataclass(slots=True)
class TimeExpr:
    """A time expression normalised against the article date.

    ``value`` is an ISO 8601 date (``2019-02-28``), month (``2019-02``), year,
    or interval ``start/end``; None when it cannot be anchored.
    """

    start: int
    end: int
    text: str
    value: str | None


@dataclass(slots=True)
class Annotation:
    """Language-understanding results for one article."""

    article_id: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)


@dataclass(slots=True)
class Duplicate:
    """``article_id`` is an exact or near copy of ``canonical_id``."""

    article_id: str
    canonical_id: str
    similarity: float
    exact: bool


@dataclass(slots=True)
class Assignment:
    """Where clustering put one article: its story, and the article it copies (if any)."""

    article_id: str
    story_id: str
    duplicate: Duplicate | None = None


@dataclass(slots=True)
class Story:
    """A group of articles from one or more outlets about the same event."""

    id: str
    article_ids: list[str]
    outlets: list[str] = field(default_factory=list)
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None


@dataclass(slots=True, frozen=True)
class Citation:
    """A passage of a source article: ``article_id`` and text offsets."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class SummarySentence:
    text: str
    sources: list[Citation]


@dataclass(slots=True)
class Claim:
    """A sentence-level claim of one article, aligned across outlets by the comparison."""

    article_id: str
    outlet: str | None
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Contradiction:
    """The same fact slot with different values in two articles."""

    slot: str  # number, money, date, name, negation, reason…
    left: Claim
    right: Claim
    explanation: str
    confidence: float = 1.0  # 0-1: the rule's reliability times how surely both sides state one fact
    left_context: str = ""  # the paragraph around each side
    right_context: str = ""


@dataclass(slots=True)
class Reworded:
    """A claim that another outlet reports in other words (a near miss of the unique list)."""

    claim: Claim
    also: Claim
    similarity: float


@dataclass(slots=True)
class Framing:
    """How one outlet tells a story."""

    outlet: str
    article_ids: list[str]
    quoted: dict[str, int]  # speaker -> number of quotes
    opinion_share: float
    lead: str
    #: share of content sentences that are quoted or attributed speech (see digest/framing.py)
    attributed_share: float = 0.0


@dataclass(slots=True)
class Comparison:
    """Cross-source comparison of one story."""

    story_id: str
    common: list[list[Claim]]
    unique: list[Claim]
    contradictions: list[Contradiction]
    framing: list[Framing]
    #: near misses: claims with a looser paraphrase in another outlet, not listed as unique
    reworded: list[Reworded] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEvent:
    date: str
    text: str
    sources: list[Citation]


@dataclass(slots=True)
class StoryUpdate:
    """What a story's newer articles add to its earlier ones (the update digest)."""

    #: when the earlier articles end: the previous digest's time, or a ``--since`` date
    since: str | None
    new_article_ids: list[str]
    earlier_article_ids: list[str]
    #: cited sentences of the new articles that the earlier ones did not say
    sentences: list[SummarySentence]


@dataclass(slots=True)
class Digest:
    """Everything a reader sees for one story."""

    story: Story
    summary: list[SummarySentence]
    comparison: Comparison
    timeline: list[TimelineEvent]
    quotes: dict[str, list[tuple[str, Quote]]]  # speaker -> (article_id, quote)
    #: Ids of the articles the digest was built from when the story was too large to digest
    #: whole (its most central ones); empty when built from all of them.
    sample: list[str] = field(default_factory=list)
    #: what the articles added since the story's previous digest (or ``--since``) say that the others did not
    update: StoryUpdate | None = None


#: Leaning labels of the outlet registry, left to right (the AllSides five-point scale).
LEANINGS = ("left", "lean left", "center", "lean right", "right")


@dataclass(slots=True, frozen=True)
class Outlet:
    """A news outlet of the registry (``parallax.outlets``): its name and what is known about it."""

    name: str
    domains: tuple[str, ...] = ()
    leaning: str | None = None  # one of LEANINGS, None when unrated
    country: str | None = None
    owner: str | None = None
    #: Other names the outlet's pages give themselves ("The Guardian" for "Guardian").
    aliases: tuple[str, ...] = ()
    #: File-name glob patterns (user files only): inputs matching them come from this outlet.
    patterns: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("name", "leaning", "country", "owner")} | {
            "domains": list(self.domains)
        }


@dataclass(slots=True)
class LeaningCoverage:
    """Which leanings cover a story: outlet names per leaning, and the side it is one-sided to.

    ``one_sided`` is "left" or "right" when every outlet of a known leaning is on that side
    (center outlets count as no side), else None.
    """

    by_leaning: dict[str, list[str]]
    unrated: list[str]
    one_sided: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"by_leaning": self.by_leaning, "unrated": self.unrated, "one_sided": self.one_sided}
