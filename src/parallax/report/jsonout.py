"""JSON shapes of digests, summaries and comparisons (``stories.json``, ``--json`` outputs)."""

from __future__ import annotations

from typing import Any

from parallax.model import (
    Article,
    Citation,
    Claim,
    Comparison,
    Digest,
    Quote,
    SummarySentence,
    TimelineEvent,
)
from parallax.outlets import coverage, name_of

#: Version of the ``stories.json`` / ``--json`` shapes below.
DIGEST_SCHEMA_VERSION = "1.0"


def citation_json(c: Citation) -> dict[str, Any]:
    return {"id": c.article_id, "start": c.start, "end": c.end}


def summary_json(sentences: list[SummarySentence]) -> dict[str, Any]:
    """``{"sentences": [{"text", "sources": [{"id", "start", "end"}]}]}``."""
    return {
        "sentences": [{"text": s.text, "sources": [citation_json(c) for c in s.sources]} for s in sentences]
    }


def claim_json(c: Claim) -> dict[str, Any]:
    return {"id": c.article_id, "outlet": c.outlet, "start": c.start, "end": c.end, "text": c.text}


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "story_id": c.story_id,
        "common": [[claim_json(x) for x in group] for group in c.common],
        "unique": [claim_json(x) for x in c.unique],
        "contradictions": [
            {
                "slot": x.slot,
                "explanation": x.explanation,
                "left": claim_json(x.left),
                "right": claim_json(x.right),
            }
            for x in c.contradictions
        ],
        "framing": [
            {
                "outlet": f.outlet,
                "article_ids": f.article_ids,
                "quoted": f.quoted,
                "opinion_share": f.opinion_share,
                "attributed_share": f.attributed_share,
                "lead": f.lead,
            }
            for f in c.framing
        ],
    }


def quote_json(article_id: str, q: Quote, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": article_id,
        "start": q.content_start,
        "end": q.content_end,
        "speaker": q.speaker,
        "cue": q.cue,
        "direct": q.direct,
    }
    if text is not None:
        out["text"] = text[q.content_start : q.content_end]
    return out


def event_json(e: TimelineEvent) -> dict[str, Any]:
    return {"date": e.date, "text": e.text, "sources": [citation_json(c) for c in e.sources]}


def digest_json(
    d: Digest, texts: dict[str, str] | None = None, articles: dict[str, Article] | None = None
) -> dict[str, Any]:
    """One story; ``texts`` (article id -> text) adds the quoted words to each quote, ``articles``
    the story's article list (id, outlet, title, url, published)."""
    s = d.story
    texts = texts or {}
    listed = [articles[a] for a in dict.fromkeys(s.article_ids) if a in articles] if articles else []
    fields = ("id", "title", "url", "published")
    return {
        "articles": [{k: getattr(a, k) for k in fields} | {"outlet": name_of(a)} for a in listed],
        "story": {
            "id": s.id,
            "title": s.title,
            "article_ids": s.article_ids,
            "outlets": s.outlets,
            "first_published": s.first_published,
            "last_published": s.last_published,
        },
        "leaning": coverage(s.outlets).to_json(),
        "summary": summary_json(d.summary)["sentences"],
        "update": (
            {
                "since": d.update.since,
                "new_article_ids": d.update.new_article_ids,
                "earlier_article_ids": d.update.earlier_article_ids,
                "sentences": summary_json(d.update.sentences)["sentences"],
            }
            if d.update is not None
            else None
        ),
        "comparison": comparison_json(d.comparison),
        "timeline": [event_json(e) for e in d.timeline],
        "quotes": {
            speaker: [quote_json(aid, q, texts.get(aid)) for aid, q in items]
            for speaker, items in d.quotes.items()
        },
    }
