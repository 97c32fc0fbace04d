"""Read-side records that shells show: one per page of the web app, each with ``to_json``.

These assemble what the store already holds (plus a story's digest, built on
demand when none is stored); they hold no analysis. The web app renders them as
HTML and as their JSON twin; the CLI prints the JSON.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from parallax.model import Annotation, Article, Digest, Duplicate, LeaningCoverage, Quote
from parallax.outlets import coverage, name_of
from parallax.store import SearchHit, Store, StoryEntry
from parallax.store.views import ArticleRef

#: What ``since``/``until`` filters take: an ISO date or its year or month prefix.
_DATE_PREFIX = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _plain(record: Any) -> Any:
    return (
        dataclasses.asdict(record)
        if dataclasses.is_dataclass(record) and not isinstance(record, type)
        else record
    )


@dataclass(slots=True)
class StoryListPage:
    """A page of stories, with the filters that produced it."""

    stories: list[StoryEntry]
    order: str
    outlet: str | None = None
    entity: str | None = None
    since: str | None = None
    until: str | None = None
    offset: int = 0
    limit: int = 50
    outlets: list[str] = field(default_factory=list)
    #: Story id -> "left" or "right" for the stories every outlet of known leaning covers from one side.
    one_sided: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "filters": {
                "outlet": self.outlet,
                "entity": self.entity,
                "since": self.since,
                "until": self.until,
            },
            "offset": self.offset,
            "limit": self.limit,
            "stories": [s.to_json() | {"one_sided": self.one_sided.get(s.story.id)} for s in self.stories],
        }


@dataclass(slots=True)
class StoryPage:
    """One story: its articles, digest (summary, comparison, timeline, quotes) and per-outlet view."""

    entry: StoryEntry
    digest: Digest | None
    by_outlet: dict[str, list[str]]
    #: (entity_id, name, label, mentions) of the story's most mentioned entities.
    entities: list[tuple[str, str, str, int]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    outlet_of: dict[str, str] = field(default_factory=dict)
    #: Texts of the quoted articles, so quotes can show their passage.
    texts: dict[str, str] = field(default_factory=dict)
    leaning: LeaningCoverage | None = None

    def outlet_refs(self) -> list[tuple[str, list[ArticleRef]]]:
        """The story's articles grouped by outlet (``by_outlet`` order), as refs."""
        refs = {r.id: r for r in self.entry.articles}
        return [(o, [refs[i] for i in ids if i in refs]) for o, ids in self.by_outlet.items()]

    def to_json(self) -> dict[str, Any]:
        d = self.digest
        return {
            **self.entry.to_json(),
            "by_outlet": self.by_outlet,
            "leaning": self.leaning.to_json() if self.leaning else None,
            "entities": [{"id": i, "name": n, "label": lb, "mentions": c} for i, n, lb, c in self.entities],
            "digest_sample": list(d.sample) if d else [],
            "summary": [_plain(s) for s in d.summary] if d else [],
            "update": _plain(d.update) if d and d.update else None,
            "comparison": _plain(d.comparison) if d else None,
            "timeline": [_plain(e) for e in d.timeline] if d else [],
            "quotes": (
                {sp: [{"article_id": a, **_plain(q)} for a, q in qs] for sp, qs in d.quotes.items()}
                if d
                else {}
            ),
        }


@dataclass(slots=True)
class ArticlePage:
    """One article: text, metadata, removed furniture, duplicates, its story and annotations."""

    article: Article
    story_id: str | None
    duplicate_of: Duplicate | None
    copies: list[Duplicate]
    annotation: Annotation | None
    highlight: tuple[int, int] | None = None

    def segments(self) -> list[tuple[str, bool]]:
        """The text split around the highlighted passage: (text, is_highlight) pieces."""
        text = self.article.text
        if not self.highlight:
            return [(text, False)]
        s, e = self.highlight
        s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
        if e <= s:
            return [(text, False)]
        return [(p, hit) for p, hit in ((text[:s], False), (text[s:e], True), (text[e:], False)) if p]

    def to_json(self) -> dict[str, Any]:
        return {
            "article": {**self.article.to_json(), "removed": self.article.removed},
            "story": self.story_id,
            "duplicate_of": _plain(self.duplicate_of) if self.duplicate_of else None,
            "copies": [_plain(d) for d in self.copies],
            "annotation": _plain(self.annotation) if self.annotation else None,
            "highlight": list(self.highlight) if self.highlight else None,
        }


@dataclass(slots=True)
class EntityMention:
    article_id: str
    title: str | None
    outlet: str | None
    story_id: str | None
    names: list[str]
    count: int


@dataclass(slots=True)
class EntityPage:
    """An entity: the names it goes by, where it is mentioned, and what it said."""

    entity_id: str
    name: str
    label: str
    mentions: list[EntityMention]
    quotes: list[tuple[str, Quote, str]]  # (article_id, quote, quoted text)
    country: tuple[str, str] | None = None  # (entity_id, name) of the country a capital belongs to

    @property
    def story_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.story_id:
                seen.setdefault(m.story_id)
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "name": self.name,
            "label": self.label,
            "stories": self.story_ids,
            "mentions": [_plain(m) for m in self.mentions],
            "quotes": [{"article_id": a, "text": t, **_plain(q)} for a, q, t in self.quotes],
            "country": {"id": self.country[0], "name": self.country[1]} if self.country else None,
        }


@dataclass(slots=True)
class SearchPage:
    """Search results, or why there are none: ``error`` with the HTTP-like ``status`` (400 or 503)."""

    query: str
    hits: list[SearchHit]
    error: str | None = None
    advanced: bool = False
    status: int = 200

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "advanced": self.advanced,
            "error": self.error,
            "hits": [h.to_json() for h in self.hits],
        }


# -- assembly --------------------------------------------------------------------


def story_list(
    store: Store,
    *,
    order: str = "recent",
    outlet: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> StoryListPage:
    """Stories in ``order`` filtered by outlet, entity and publication dates (ISO prefixes).

    Every filter runs in SQL (``Store.story_rows``), so a page costs the same at any offset.
    Raises ValueError for a ``since``/``until`` that is not an ISO date prefix.
    """
    for name, value in (("since", since), ("until", until)):
        if value is not None and not _DATE_PREFIX.match(value):
            raise ValueError(
                f"{name}={value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY), e.g. {name}=2026-03-11"
            )
    entries = store.stories(
        order=order, outlet=outlet, entity=entity, since=since, until=until, limit=limit, offset=offset
    )
    one_sided = {e.story.id: side for e in entries if (side := coverage(e.story.outlets).one_sided)}
    return StoryListPage(
        entries, order, outlet, entity, since, until, offset, limit, store.outlets(), one_sided
    )


def story_page(store: Store, entry: StoryEntry, digest: Digest | None, top_entities: int = 20) -> StoryPage:
    """The page of the story ``entry`` with its ``digest`` and most mentioned entities."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for ref in entry.articles:
        by_outlet[name_of(ref)].append(ref.id)
    ids = [ref.id for ref in entry.articles]
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    # The entity index, not the annotations: a large story's annotations weigh megabytes.
    for eid, label, name, n in store.entity_mentions_of(ids):
        counts[eid] += n
        names[eid][name] += n
        labels.setdefault(eid, label)
    top = sorted(counts, key=lambda k: (-counts[k], k))[:top_entities]
    entities = [(k, _best_name(names[k]), labels[k], counts[k]) for k in top]
    # Texts only of the articles whose quotes the page shows.
    quoted = {aid for items in digest.quotes.values() for aid, _ in items} if digest else set()
    return StoryPage(
        entry,
        digest,
        dict(by_outlet),
        entities,
        {r.id: r.title or r.id for r in entry.articles},
        {r.id: name_of(r) for r in entry.articles},
        {a.id: a.text for a in store.articles(sorted(quoted))},
        coverage(by_outlet),
    )


def _best_name(names: dict[str, int]) -> str:
    """The fullest common form of a name: "Donald Trump" over "Trump"."""
    return max(names, key=lambda n: (len(n.split()), names[n], n))


def article_page(
    store: Store, article_id: str, highlight: tuple[int, int] | None = None
) -> ArticlePage | None:
    article = store.article(article_id)
    if article is None:
        return None
    return ArticlePage(
        article,
        store.story_of(article_id),
        store.duplicate_of(article_id),
        store.duplicates_of(article_id),
        store.annotation(article_id),
        highlight,
    )


def entity_page(store: Store, entity_id: str, limit: int = 200) -> EntityPage | None:
    """An entity's page from the entity index; annotations are read only where it is quoted."""
    rows = store.entity_article_mentions(entity_id, limit=limit)
    if not rows:
        return None
    ids = [r[0] for r in rows]
    refs = store.article_refs(ids)
    story_of = store.stories_of(ids)
    names: dict[str, int] = defaultdict(int)
    mentions: list[EntityMention] = []
    for aid, _label, name, n in rows:
        ref = refs.get(aid)
        if ref is None:
            continue
        names[name] += n
        mentions.append(EntityMention(aid, ref.title, ref.outlet, story_of.get(aid), [name], n))
    if not mentions:
        return None
    quotes: list[tuple[str, Quote, str]] = []
    annotations = store.annotations(store.quoting_article_ids(entity_id, ids))
    for aid in ids:
        ann = annotations.get(aid)
        if ann is None:
            continue
        quotes += [(aid, q, ann.text[q.content_start : q.content_end]) for q in ann.quotes
                   if q.speaker_entity_id == entity_id]  # fmt: skip
    name = _best_name(names)
    return EntityPage(entity_id, name, rows[0][1], mentions, quotes, _country(store, name))


def _country(store: Store, name: str) -> tuple[str, str] | None:
    """(entity_id, name) of the country of a capital, when the store knows that country."""
    from parallax.nlp.entities import country_of  # a table lookup; the NLP stages stay unloaded

    found = country_of(name)
    if found is None or not store.entity_article_mentions(found[1], limit=1):
        return None
    return found[1], found[0]


def search_page(
    store: Store, query: str, limit: int = 20, *, advanced: bool = False, budget: float | None = None
) -> SearchPage:
    """Hits for what was typed (words and "phrases"; raw FTS5 when ``advanced``), never an exception
    for a bad, oversized or over-budget query."""
    from parallax.store import SearchQueryError, SearchTimeout

    if not query.strip():
        return SearchPage(query, [], advanced=advanced)
    try:
        hits = store.search(query, limit, literal=not advanced, budget=budget)
        return SearchPage(query, hits, advanced=advanced)
    except SearchQueryError as exc:
        return SearchPage(query, [], str(exc), advanced, 400)
    except SearchTimeout as exc:
        return SearchPage(query, [], str(exc), advanced, 503)
