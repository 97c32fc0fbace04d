from __future__ import annotations

import pytest

from parallax.model import Entity
from parallax.nlp.entities import canonical_name, link, link_article, names, resolve_name


def ents(*items: tuple[str, str]) -> list[Entity]:
    out, pos = [], 0
    for text, label in items:
        out.append(Entity(pos, pos + len(text), text, label))
        pos += len(text) + 10
    return out


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("U.S. President Donald Trump", "PER", ("Donald Trump", "PER")),
        ("Mr. Trump", "PER", ("Trump", "PER")),
        ("Trump's", "PER", ("Trump", "PER")),
        ("North Korean leader Kim Jong-un", "PER", ("Kim Jong-un", "PER")),
        ("Secretary of State Mike Pompeo", "PER", ("Mike Pompeo", "PER")),
        ("White House press secretary Sarah Sanders", "PER", ("Sarah Sanders", "PER")),
        ("Pyongyang", "LOC", ("Pyongyang", "LOC")),
        ("Washington", "ORG", ("Washington", "LOC")),
        ("Challenger Tomas Reyne", "PER", ("Tomas Reyne", "PER")),
        ("the U.S.", "LOC", ("United States", "LOC")),
        ("George Washington", "PER", ("George Washington", "PER")),
    ],
)
def test_canonical_name(text: str, label: str, expected: tuple[str, str]) -> None:
    assert canonical_name(text, label) == expected


def test_one_id_per_person_inside_an_article() -> None:
    mentions = link_article(
        ents(
            ("U.S. President Donald Trump", "PER"),
            ("North Korean leader Kim Jong-un", "PER"),
            ("Mr. Trump", "PER"),
            ("Trump's", "PER"),
            ("Kim", "PER"),
            ("Kim Jong Un", "PER"),
            ("Pyongyang", "LOC"),
            ("North Korea", "LOC"),
        )
    )
    ids = [e.entity_id for e in mentions]
    assert ids[0] == ids[2] == ids[3]
    assert ids[1] == ids[4] == ids[5]
    assert len({ids[0], ids[1], ids[6], ids[7]}) == 4
    # the capital speaks for the country: linked to it, not merged into it
    assert mentions[6].country_id == ids[7]
    assert mentions[7].country_id is None


def test_a_city_and_its_country_stay_apart_across_a_story() -> None:
    a = ents(("Hanoi", "LOC"), ("Vietnam", "LOC"), ("Washington", "ORG"))
    b = ents(("HANOI", "LOC"), ("United States", "LOC"), ("U.S.", "LOC"))
    link([a, b])
    assert a[0].entity_id == b[0].entity_id != a[1].entity_id
    assert a[0].country_id == b[0].country_id == a[1].entity_id
    assert a[2].label == "LOC" and a[2].entity_id != b[1].entity_id == b[2].entity_id
    assert a[2].country_id == b[1].entity_id


def test_a_name_with_a_leading_role_joins_the_full_name() -> None:
    a = ents(("Challenger Tomas Reyne", "PER"), ("Reyne", "PER"))
    b = ents(("Tomas Reyne", "PER"), ("Incumbent Adaeze Clarke", "PER"), ("Clarke", "PER"))
    c = ents(("Voter Outreach Adaeze Clarke", "PER"), ("Adaeze Clarke", "PER"))
    link([a, b, c])
    assert len({a[0].entity_id, a[1].entity_id, b[0].entity_id}) == 1
    assert len({b[1].entity_id, b[2].entity_id, c[0].entity_id, c[1].entity_id}) == 1
    assert names([a, b])[a[0].entity_id or ""] == "Tomas Reyne"


def test_surname_links_across_articles_and_ids_are_stable() -> None:
    a = ents(("Donald Trump", "PER"), ("Sarah Sanders", "PER"))
    b = ents(("Trump", "PER"), ("Sanders", "PER"))
    link([a, b])
    assert a[0].entity_id == b[0].entity_id
    assert a[1].entity_id == b[1].entity_id
    again = ents(("Donald Trump", "PER"))
    link_article(again)
    assert again[0].entity_id == a[0].entity_id
    assert names([a, b])[b[1].entity_id or ""] == "Sarah Sanders"


def test_different_people_with_one_surname_word_stay_apart_without_evidence() -> None:
    mentions = link_article(ents(("Hillary Clinton", "PER"), ("Bill Gates", "PER"), ("Gates", "PER")))
    assert mentions[2].entity_id == mentions[1].entity_id != mentions[0].entity_id


def test_a_mislabelled_surname_joins_the_person_of_its_article() -> None:
    mentions = link_article(ents(("Donald Trump", "PER"), ("Trump", "LOC"), ("Pyongyang", "LOC")))
    assert mentions[0].entity_id == mentions[1].entity_id != mentions[2].entity_id


def test_a_capital_or_country_tagged_as_a_person_is_the_place() -> None:
    doc = link_article(ents(("Pyongyang", "PER"), ("Pyongyang", "LOC"), ("Vietnam", "PER")))
    assert [e.label for e in doc] == ["LOC", "LOC", "LOC"]
    assert doc[0].entity_id == doc[1].entity_id != doc[2].entity_id


def test_a_place_word_that_ends_a_full_name_stays_the_person() -> None:
    doc = link_article(ents(("George Washington", "PER"), ("Washington", "PER")))
    assert [e.label for e in doc] == ["PER", "PER"]
    assert doc[0].entity_id == doc[1].entity_id


def test_every_mention_carries_its_entity_majority_label() -> None:
    doc = link_article(ents(("Donald Trump", "PER"), ("Trump", "LOC"), ("Trump", "PER")))
    assert {e.label for e in doc} == {"PER"}
    assert len({e.entity_id for e in doc}) == 1


def test_resolve_name_finds_the_full_name() -> None:
    mentions = link_article(
        ents(("White House press secretary Sarah Sanders", "PER"), ("Mike Pompeo", "PER"))
    )
    hit = resolve_name("Sanders", mentions)
    assert hit is not None and hit.entity_id == mentions[0].entity_id
    assert resolve_name("sources", mentions) is None
