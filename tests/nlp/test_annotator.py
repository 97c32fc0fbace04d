from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from parallax import api
from parallax.model import Annotation, Article, Entity, InputError, Quote
from parallax.nlp.annotator import Annotator, link_story, to_json

TEXT = (
    "HANOI -- U.S. President Donald Trump met North Korean leader Kim Jong-un on Thursday.\n\n"
    '"No agreement was reached," Trump said. Kim left early.'
)


class NameTagger:
    """Test tagger: the names it is given, wherever they occur."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        out = []
        for text in texts:
            ents = []
            for name, label in self.names.items():
                for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                    ents.append(Entity(m.start(), m.end(), name, label))
            out.append(ents)
        return out


class OneQuote:
    def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]:
        i = text.index('"No agreement')
        trump = [e for e in entities or [] if e.text == "Trump"][-1]
        return [Quote(i, i + 27, "Trump", trump.start, trump.end, "said", True, trump.entity_id)]


TAGGER = NameTagger(
    {"Donald Trump": "PER", "Trump": "PER", "Kim Jong-un": "PER", "Kim": "PER", "HANOI": "LOC"}
)


def test_annotate_links_entities_and_names_speakers() -> None:
    ann = Annotator(tagger=TAGGER, quotes=OneQuote()).annotate(
        Article(id="a1", source="t", text=TEXT, published="2019-02-28")
    )
    assert ann.article_id == "a1" and ann.text == TEXT
    assert [TEXT[s.start : s.end][:5] for s in ann.sentences] == ["HANOI", '"No a', "Kim l"]
    by_text: dict[str, set[str | None]] = {}
    for e in ann.entities:
        by_text.setdefault(e.text, set()).add(e.entity_id)
    assert by_text["Donald Trump"] == by_text["Trump"]
    assert by_text["Kim Jong-un"] == by_text["Kim"]
    assert ann.quotes[0].speaker == "Donald Trump"
    assert [(t.text, t.value) for t in ann.times] == [("Thursday", "2019-02-28")]
    rec = to_json(ann)
    assert set(rec) == {"id", "text", "sentences", "entities", "quotes", "times"}
    json.dumps(rec)


def test_link_story_moves_quote_speakers_to_story_ids() -> None:
    a = Annotator(tagger=NameTagger({"Donald Trump": "PER"}), quotes=None).annotate(
        Article(id="a", source="t", text="Donald Trump spoke.")
    )
    b = Annotator(tagger=NameTagger({"Trump": "PER"}), quotes=OneQuote()).annotate(
        Article(id="b", source="t", text='"No agreement was reached," Trump said.')
    )
    assert b.quotes[0].speaker == "Trump"
    link_story([a, b])
    assert b.entities[0].entity_id == a.entities[0].entity_id
    assert b.quotes[0].speaker_entity_id == a.entities[0].entity_id
    assert b.quotes[0].speaker == "Donald Trump"


def test_api_annotate_reports_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "x1", "text": TEXT, "published": "2019-02-28"}) + "\n")
    missing = tmp_path / "missing.txt"
    out = list(api.annotate([missing, good], annotator=Annotator(tagger=TAGGER, quotes=None)))
    errors = [o for o in out if isinstance(o, InputError)]
    anns = [o for o in out if isinstance(o, Annotation)]
    assert errors and "missing.txt" in errors[0].source
    assert len(anns) == 1 and anns[0].text == TEXT


def test_annotator_isolates_a_failing_article() -> None:
    class Boom:
        def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]:
            if "boom" in text:
                raise RuntimeError("boom")
            return []

    arts = [Article(id=str(i), source=f"s{i}", text=t) for i, t in enumerate(["fine.", "boom.", "ok."])]
    out = list(api.annotate_articles(arts, annotator=Annotator(tagger=None, quotes=Boom())))
    assert [type(o).__name__ for o in out] == ["Annotation", "InputError", "Annotation"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text(text: str) -> None:
    ann = Annotator(tagger=None, quotes=None).annotate(Article(id="e", source="t", text=text))
    assert ann.sentences == [] and ann.entities == [] and ann.times == []


def test_an_untagged_speaker_name_is_resolved_to_its_entity() -> None:
    class RawSpeaker:
        def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]:
            i = text.index("Sanders said")
            return [Quote(0, 10, "Sanders", i, i + 7, "said", True)]

    text = 'Sarah Sanders spoke.\n\n"No deal," Sanders said.'
    ann = Annotator(tagger=NameTagger({"Sarah Sanders": "PER"}), quotes=RawSpeaker()).annotate(
        Article(id="s", source="t", text=text)
    )
    assert ann.quotes[0].speaker == "Sarah Sanders"
    assert ann.quotes[0].speaker_entity_id == ann.entities[0].entity_id
