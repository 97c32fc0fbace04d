"""The Annotator: article -> sentences, entities (linked), quotes with speakers, times.

Each stage is a constructor argument so it can be swapped (a faster NER, another quote
extractor); the defaults are the models shipped in the package.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Protocol

import parallax.nlp.entities as entity_linking
from parallax.model import Annotation, Article, Entity, Quote, Sentence, TimeExpr
from parallax.nlp.mentions import sanitise
from parallax.nlp.segment import sentences as split_sentences
from parallax.nlp.timex import find_times

log = logging.getLogger(__name__)


class Tagger(Protocol):
    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]: ...


class QuoteFinder(Protocol):
    def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]: ...


def _default_tagger() -> Tagger | None:
    try:
        from parallax.nlp.ner import default_tagger
    except ImportError:  # the NER module is optional for the rest of the pipeline
        log.warning("parallax.nlp.ner is unavailable: no entities")
        return None
    try:
        return default_tagger()
    except (FileNotFoundError, OSError) as exc:
        log.warning("NER model unavailable (%s): no entities", exc)
        return None


def _default_quotes() -> QuoteFinder | None:
    from parallax.nlp.quotes import default_extractor

    try:
        return default_extractor()
    except (FileNotFoundError, OSError) as exc:
        log.warning("quote model unavailable (%s): no quotes", exc)
        return None


class Annotator:
    """Annotate articles; ``None`` for a stage disables it, the default loads the shipped model."""

    _DEFAULT = object()

    def __init__(
        self,
        tagger: Tagger | object | None = _DEFAULT,
        quotes: QuoteFinder | object | None = _DEFAULT,
        segmenter: Callable[[str], list[Sentence]] = split_sentences,
        times: Callable[[str, str | None], list[TimeExpr]] = find_times,
        batch_size: int = 32,
    ) -> None:
        self.tagger: Tagger | None = _default_tagger() if tagger is self._DEFAULT else tagger  # type: ignore[assignment]
        self.quotes: QuoteFinder | None = _default_quotes() if quotes is self._DEFAULT else quotes  # type: ignore[assignment]
        self.segmenter = segmenter
        self.times = times
        self.batch_size = batch_size

    def annotate(self, article: Article) -> Annotation:
        """Annotation of one article (entity ids linked inside the article)."""
        return next(self.annotate_many([article]))

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[Annotation]:
        """Annotations in input order; NER runs in batches of ``batch_size``."""
        it = iter(articles)
        while batch := list(islice(it, self.batch_size)):
            texts = [a.text for a in batch]
            ents = self.tagger.tag_many(texts) if self.tagger is not None else [[] for _ in texts]
            for article, mentions in zip(batch, ents, strict=True):
                yield self._one(article, mentions)

    def _one(self, article: Article, mentions: list[Entity]) -> Annotation:
        text = article.text
        # the tagger's own mistakes of kind ("Varnholm Bay" PER, "CET" ORG) are fixed before linking
        mentions = sanitise(text, sorted(mentions, key=lambda e: (e.start, e.end)))
        entity_linking.link_article(mentions)
        quotes = self.quotes.extract(text, mentions) if self.quotes is not None else []
        _name_speakers(quotes, mentions)
        return Annotation(
            article_id=article.id,
            text=text,
            sentences=self.segmenter(text),
            entities=mentions,
            quotes=quotes,
            times=self.times(text, article.published),
        )


def _name_speakers(quotes: list[Quote], mentions: list[Entity]) -> None:
    """Speakers linked to an entity are named by its canonical full name ("Sanders" -> "Sarah Sanders")."""
    if not quotes:
        return
    display = entity_linking.names([mentions])
    for q in quotes:
        if q.speaker_entity_id is None and q.speaker:
            ent = entity_linking.resolve_name(q.speaker, mentions)
            if ent is not None:
                q.speaker_entity_id = ent.entity_id
        if q.speaker_entity_id and q.speaker_entity_id in display:
            q.speaker = display[q.speaker_entity_id]


def link_story(annotations: list[Annotation]) -> list[Annotation]:
    """Re-link entity ids across the articles of one story (in place); quote speakers follow."""
    old_ids = [[e.entity_id for e in a.entities] for a in annotations]
    entity_linking.link([a.entities for a in annotations])
    display = entity_linking.names([a.entities for a in annotations])
    for a, olds in zip(annotations, old_ids, strict=True):
        # article-level id -> story-level id (one article's mentions of an entity stay together)
        remap = {old: e.entity_id for old, e in zip(olds, a.entities, strict=True) if old}
        for q in a.quotes:
            if q.speaker_entity_id in remap:
                q.speaker_entity_id = remap[q.speaker_entity_id]
                if q.speaker_entity_id in display:
                    q.speaker = display[q.speaker_entity_id]
    return annotations


def to_json(a: Annotation) -> dict[str, object]:
    """The ``parallax annotate --jsonl`` record of one annotation (character offsets into ``text``)."""
    return {
        "id": a.article_id,
        "text": a.text,
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "entities": [
            {
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "entity_id": e.entity_id,
                "country_id": e.country_id,
            }
            for e in a.entities
        ],
        "quotes": [
            {
                "content_start": q.content_start,
                "content_end": q.content_end,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker": q.speaker,
                "speaker_entity_id": q.speaker_entity_id,
                "cue": q.cue,
                "direct": q.direct,
            }
            for q in a.quotes
        ],
        "times": [{"start": t.start, "end": t.end, "text": t.text, "value": t.value} for t in a.times],
    }
