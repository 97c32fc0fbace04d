"""Speakers are people or organisations named cleanly (issue 17), on rules and on the demo corpus and seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parallax.model import Annotation, Entity, Quote
from parallax.nlp.quotes_speakers import PRONOUNS, clean_source, head_phrase, is_agent, is_place, name_speaker

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "corpus"
TIME_ZONES = {"ET", "EST", "EDT", "PT", "PST", "GMT", "UTC", "CET"}
# an attribution inside a quote's content: '"A," said X. "B."' is two quotes
SPLIT_FRAME = re.compile(
    r"[,.!?][”\"]\s[^“”\"]{0,80}\b(?:said|says|told|added|asked)\b[^“”\"]{0,80}\s[“\"]\w"
)


def _clean(text: str) -> str | None:
    span = clean_source(text, 0, len(text))
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Clarke, who has led the county since 2022,", "Clarke"),
        ("Reyne, a former county treasurer,", "Reyne"),
        ("Clarke's campaign manager, Owen Price,", "Owen Price"),
        ("The mayor, Dana Voss", "Dana Voss"),
        ("the union", "union"),
        ("The Washington Post", "The Washington Post"),
        ("Dr. Ching Chang", "Dr. Ching Chang"),
        ("the man who led the talks", "man"),
    ],
)
def test_source_is_cleaned_to_the_name(source: str, name: str) -> None:
    assert _clean(source) == name


def test_a_bare_relative_clause_takes_the_name_before_it() -> None:
    text = "Clarke, who has led the county since 2022, said she expected the result to stand."
    s = text.index("who")
    span = clean_source(text, s, text.index(" said"))
    assert span is not None and text[span[0] : span[1]] == "Clarke"


def test_places_and_time_zones_are_not_speakers() -> None:
    assert is_place("Varnholm Bay") and is_place("EST") and is_place("Skarvoy Island")
    assert not is_place("Dana Voss") and not is_place("Port of Varnholm")


def test_pronoun_is_not_resolved_to_a_name_inside_its_own_quote_or_after_in() -> None:
    text = 'Ships wait in Varnholm Bay. Mayor Dana Voss urged talks. "Varnholm lives from this harbour," she said.'
    ents = [
        Entity(text.index("Varnholm Bay"), text.index("Varnholm Bay") + 12, "Varnholm Bay", "PER", "bay"),
        Entity(text.index("Dana Voss"), text.index("Dana Voss") + 9, "Dana Voss", "PER", "voss"),
        Entity(text.index('"Varnholm') + 1, text.index('"Varnholm') + 9, "Varnholm", "PER", "bay"),
    ]
    start = text.index('"Varnholm')
    q = Quote(start, text.index(" she"), None)
    she = text.index("she said")
    name_speaker(text, q, (she, she + 3), ents)
    assert q.speaker_entity_id == "voss"
    q = Quote(start, text.index(" she"), None)
    name_speaker(text, q, (she, she + 3), ents[:1] + ents[2:])
    assert q.speaker_entity_id is None  # no person left to refer to: the pronoun stays


@pytest.mark.parametrize(
    ("source", "agent"),
    [
        ("union", True),
        ("port authority", True),
        ("Business groups", True),
        ("At least two supermarket chains", True),
        ("island's shop", True),
        ("Ferry operator Nordlys Lines", True),
        ("Pyongyang", True),
        ("The weather service's orange", False),
        ("the recount", False),
    ],
)
def test_a_speaker_is_a_name_or_a_person_or_organisation_by_role(source: str, agent: bool) -> None:
    assert is_agent(source) is agent


def test_a_trailing_locative_or_participle_phrase_is_not_part_of_the_speaker() -> None:
    for source, head in [
        ("Truck drivers waiting at the south gate", "Truck drivers"),
        ("Supermarkets in the city", "Supermarkets"),
        ("Secretary of State Mike Pompeo", "Secretary of State Mike Pompeo"),
        ("the ruling party", "the ruling party"),
    ]:
        s, e = head_phrase(source, 0, len(source))
        assert source[s:e] == head


def test_a_generic_phrase_is_no_speaker_but_its_named_entity_is() -> None:
    text = "The weather service's orange warning for the coast runs until Friday noon."
    q = Quote(text.index("for"), len(text) - 1, None)
    name_speaker(text, q, (0, text.index(" warning")), [])
    assert q.speaker is None and q.speaker_start is None
    ents = [Entity(4, 19, "weather service", "ORG", "met")]
    name_speaker(text, q, (0, text.index(" warning")), ents)
    assert q.speaker_entity_id == "met"


@pytest.fixture(scope="module")
def demo_annotations() -> list[Annotation]:
    from parallax import api
    from parallax.nlp.annotator import Annotator

    ann = Annotator()
    if ann.quotes is None:
        pytest.skip("quote model not built")
    out = [a for a in api.annotate([DEMO], annotator=ann) if isinstance(a, Annotation)]
    assert len(out) >= 8
    return out


def _check_speakers(anns: list[Annotation]) -> None:
    for a in anns:
        labels = {e.entity_id: e.label for e in a.entities}
        for q in a.quotes:
            content = a.text[q.content_start : q.content_end]
            assert not SPLIT_FRAME.search(content), content
            if q.speaker is None:
                continue
            words = q.speaker.split()
            assert not is_place(q.speaker) and q.speaker not in TIME_ZONES, (q.speaker, content)
            assert words[0].lower() not in ("who", "which", "whose"), q.speaker
            assert not re.search(r",|\bwho\b|\bwhich\b", q.speaker), q.speaker
            assert not re.match(r"(?i)(?:the|a|an) [a-z]", q.speaker), q.speaker  # 'the union' -> 'union'
            # a person or organisation: a tagged PER / ORG entity (a resolved pronoun too), a pronoun
            # left unresolved, or a name or role noun phrase without a clause ('Truck drivers waiting at …')
            entity = labels.get(q.speaker_entity_id) if q.speaker_entity_id else None
            if entity is not None:
                assert entity in ("PER", "ORG"), (q.speaker, entity)
            elif q.speaker.lower() not in PRONOUNS:
                assert is_agent(q.speaker), (q.speaker, content)
                assert head_phrase(q.speaker, 0, len(q.speaker)) == (0, len(q.speaker)), q.speaker


def test_demo_speakers_are_names(demo_annotations: list[Annotation]) -> None:
    _check_speakers(demo_annotations)
    by_content = {a.text[q.content_start : q.content_end]: q for a in demo_annotations for q in a.quotes}
    assert "Varnholm Bay" not in {q.speaker for q in by_content.values()}
    clarke = [q for c, q in by_content.items() if c.startswith("she expected the result to stand")]
    assert clarke and all("Clarke" in (q.speaker or "") for q in clarke)
    voss = [q for c, q in by_content.items() if "Varnholm lives from this harbour" in c]
    assert voss and all("Voss" in (q.speaker or "") for q in voss)


def test_demo_quotations_framed_by_mira_osk_are_hers(demo_annotations: list[Annotation]) -> None:
    # '"…," union chair Mira Osk said outside …': no quotation run on through her frame is the union's
    framed = [
        (a.text[q.content_start : q.content_end], q)
        for a in demo_annotations
        for q in a.quotes
        if re.match(
            r"[,.]?[\"”]?\s*union chair Mira Osk said", a.text[q.content_end - 1 : q.content_end + 40]
        )
    ]
    assert len(framed) >= 3
    assert all(q.speaker == "Mira Osk" for _, q in framed), [(c[:40], q.speaker) for c, q in framed]
    contents = [a.text[q.content_start : q.content_end] for a in demo_annotations for q in a.quotes]
    assert not any("Mira Osk said" in c for c in contents)


def test_demo_non_quotes_are_not_quotes(demo_annotations: list[Annotation]) -> None:
    contents = [a.text[q.content_start : q.content_end] for a in demo_annotations for q in a.quotes]
    # a circumstance after a verb of saying is not what was said
    assert not any(c.startswith(("as she left", "outside the port")) for c in contents)


@pytest.fixture(scope="module")
def seed_annotations(seeds_dir: Path) -> list[Annotation]:
    from parallax import api
    from parallax.nlp.annotator import Annotator

    ann = Annotator()
    if ann.quotes is None:
        pytest.skip("quote model not built")
    return [a for a in api.annotate([seeds_dir], annotator=ann) if isinstance(a, Annotation)]


def test_seed_speakers_are_names_and_set_up_lines_are_not_quotes(seed_annotations: list[Annotation]) -> None:
    anns = seed_annotations
    _check_speakers(anns)
    quotes = [(a.text[q.content_start : q.content_end], q) for a in anns for q in a.quotes]
    assert not any("discussed this issue with" in c for c, _ in quotes)
    assert not any("Sputnik" in (q.speaker or "") for _, q in quotes)
    # every Ching Chang answer is his, Sanders' statement hers (the full pipeline, entities and all)
    chang = [q for c, q in quotes if q.cue == ":"]
    assert len(chang) >= 4 and all(q.speaker == "Ching Chang" for q in chang)
    sanders = [q for c, q in quotes if "The two leaders discussed" in c or "constructive meetings" in c]
    assert sanders and all(q.speaker == "Sarah Sanders" for q in sanders)


@pytest.mark.xfail(
    strict=True,
    reason="eventive step off: it loses on the PolNeAR train folds (model card), so the clause stays a quote",
)
def test_seed_background_event_is_not_a_quote(seed_annotations: list[Annotation]) -> None:
    # 'failed to reach an agreement after Pyongyang demanded sanctions be lifted' is an event, not speech
    contents = [a.text[q.content_start : q.content_end] for a in seed_annotations for q in a.quotes]
    assert not any(c.startswith("sanctions be lifted") for c in contents)
