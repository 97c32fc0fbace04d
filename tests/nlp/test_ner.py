"""Unit tests of the shipped entity model and the tagger API (tiny hand-written inputs)."""

from __future__ import annotations

import pytest

from parallax.model import Entity
from parallax.nlp.ner import LABELS, ONNX_DIR, OnnxEntityTagger, default_tagger


@pytest.fixture(scope="module")
def tagger() -> OnnxEntityTagger:
    return default_tagger()


def spans(ents: list[Entity]) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in ents]


def test_default_tagger_is_cached(tagger: OnnxEntityTagger) -> None:
    assert default_tagger() is tagger
    assert set(tagger.labels) == set(LABELS)


def test_summit_sentence(tagger: OnnxEntityTagger) -> None:
    ents = tagger.tag("Donald Trump met Kim Jong-un in Hanoi.")
    assert spans(ents) == [("Donald Trump", "PER"), ("Kim Jong-un", "PER"), ("Hanoi", "LOC")]
    assert all(e.entity_id is None for e in ents)


def test_labels_of_common_news_entities(tagger: OnnxEntityTagger) -> None:
    text = "The European Union fined Microsoft on Tuesday, a spokesman said in Brussels."
    got = dict(spans(tagger.tag(text)))
    assert got.get("European Union") == "ORG"
    assert got.get("Microsoft") == "ORG"
    assert got.get("Brussels") == "LOC"


def test_offsets_round_trip_with_leading_space_and_paragraphs(tagger: OnnxEntityTagger) -> None:
    text = "  \n\nAngela Merkel spoke in Berlin.\n\n\nLater, Emmanuel Macron flew to Paris.  "
    ents = tagger.tag(text)
    assert len(ents) >= 4
    for e in ents:
        assert text[e.start : e.end] == e.text
        assert e.text == e.text.strip()
        assert e.label in LABELS
    assert [e.start for e in ents] == sorted(e.start for e in ents)


def test_tag_many_matches_tag(tagger: OnnxEntityTagger) -> None:
    texts = ["Donald Trump met Kim Jong-un in Hanoi.", "", "   ", "Vladimir Putin visited Beijing."]
    many = tagger.tag_many(texts)
    assert len(many) == len(texts)
    assert many[1] == [] and many[2] == []
    assert many == [tagger.tag(t) for t in texts]


def test_long_text_is_read_in_windows_and_offsets_hold(tagger: OnnxEntityTagger) -> None:
    para = "Shinzo Abe met Moon Jae-in in Tokyo on Friday, officials said."
    text = "\n\n".join([para] * 800)  # ~51k characters: several chunks
    ents = tagger.tag(text)
    assert sum(e.text == "Tokyo" for e in ents) >= 700
    for e in ents:
        assert text[e.start : e.end] == e.text


def test_non_string_input_is_a_clear_error(tagger: OnnxEntityTagger) -> None:
    with pytest.raises(TypeError, match="text 0"):
        tagger.tag_many([None])  # type: ignore[list-item]


def test_missing_model_dir_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        OnnxEntityTagger(tmp_path)


def test_shipped_model_size_budget() -> None:
    files = [p for p in ONNX_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 60_000_000
    assert max(p.stat().st_size for p in files) < 40_000_000


def test_names_across_line_breaks_and_long_texts_keep_offsets(tagger: OnnxEntityTagger) -> None:
    text = "Donald Trump met Kim Jong-un in Hanoi.\n\nThe talks ended early, Sarah Sanders said."
    ents = tagger.tag(text)
    assert ("Donald Trump", "PER") in spans(ents) and ("Sarah Sanders", "PER") in spans(ents)
    for e in ents:
        assert text[e.start : e.end] == e.text


def test_case_is_read_although_the_pieces_are_lower_case(tagger: OnnxEntityTagger) -> None:
    # "Bay" and "bay" are one word piece: only the case id tells a name from a noun
    named = dict(spans(tagger.tag("Ferries left Varnholm Bay on Monday, the port said.")))
    assert named.get("Varnholm Bay") == "LOC"
    assert spans(tagger.tag("ferries left the bay on monday, the port said.")) == []


def test_capitalised_sentence_openers_are_not_names() -> None:
    from parallax.model import Entity
    from parallax.nlp.ner import drop_capitalised_openers

    text = "Nonetheless, the talks ended. Particularly telling was the lunch. May said no. Theresa May left."

    def ent(word: str, label: str = "PER", nth: int = 0) -> Entity:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return Entity(start=start, end=start + len(word), text=word, label=label)

    ents = [ent("Nonetheless"), ent("Particularly", "ORG"), ent("May"), ent("Theresa May")]
    kept = [e.text for e in drop_capitalised_openers(text, ents)]
    assert kept == ["May", "Theresa May"]  # "May" is a name elsewhere in the text
    trump = Entity(start=0, end=5, text="Trump", label="PER")
    assert drop_capitalised_openers("Trump said no.", [trump]) == [trump]  # a name, not a function word


def test_no_name_runs_across_a_line_break(tagger: OnnxEntityTagger) -> None:
    # a dateline's time zone at the end of one paragraph, a place opening the next
    text = "The ferries resume at 06:00 CET\n\nKESTREL — Ferries left Varnholm Bay on Monday."
    for e in tagger.tag(text):
        assert "\n" not in e.text


def test_a_texts_tags_do_not_depend_on_the_texts_read_with_it():
    """Activations are quantised per call, so each window runs alone: a padded batch would shift a
    text's scores with its neighbours (argmax tags often survive that, so the calls are checked too)."""
    from parallax.nlp.ner import ONNX_DIR, OnnxEntityTagger

    tagger = OnnxEntityTagger(ONNX_DIR)
    session, shapes = tagger._session, []

    class Recording:
        def run(self, names, feeds):
            shapes.append(feeds["input_ids"].shape)
            return session.run(names, feeds)

    tagger._session = Recording()
    a = "Kim Jong Un met Donald Trump in Hanoi on Thursday, the White House said. " * 30
    b = "Shares of Apple fell in New York after the Federal Reserve raised rates. " * 45
    alone = tagger.tag_many([a])[0]
    assert alone and tagger.tag_many([b, a, b])[1] == alone
    assert len(shapes) > 3 and all(shape[0] == 1 for shape in shapes)
