"""The switchable filters after the tagger: what each one drops or trims (whether it is on is chosen by CV)."""

from __future__ import annotations

import pytest

from parallax.nlp.quotes_decode import STEPS, Attribution
from parallax.nlp.quotes_filters import drop_non_quotes


def _att(text: str, content: str, cue: str, source: str | None, direct: bool = False) -> Attribution:
    c = text.index(content)
    k = text.index(cue)
    s = text.index(source) if source else None
    return Attribution(
        (c, c + len(content)),
        (k, k + len(cue)),
        (s, s + len(source)) if source and s is not None else None,
        direct,
    )


@pytest.fixture
def steps_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("interviewer", "adverbial", "eventive", "runon", "frame", "relative", "titles"):
        monkeypatch.setitem(STEPS, name, True)


@pytest.mark.usefixtures("steps_on")
def test_interviewer_set_up_line_is_dropped() -> None:
    text = "Sputnik discussed this issue with Dr. Ching Chang."
    a = _att(text, "this issue with Dr. Ching Chang", "discussed", "Sputnik")
    assert drop_non_quotes(text, [a], {"Sputnik"}) == []
    assert drop_non_quotes(text, [a], set()) == [a]


@pytest.mark.usefixtures("steps_on")
def test_adverbial_after_the_cue_and_background_event_are_dropped() -> None:
    text = "Osk said as she left the building."
    assert drop_non_quotes(text, [_att(text, "as she left the building", "said", "Osk")], set()) == []
    text = "The chamber said at least 60 firms had been unable to ship goods."
    kept = _att(text, "at least 60 firms had been unable to ship goods", "said", "The chamber")
    assert drop_non_quotes(text, [kept], set()) == [kept]
    text = "Talks failed after Pyongyang demanded sanctions be lifted."
    assert drop_non_quotes(text, [_att(text, "sanctions be lifted", "demanded", "Pyongyang")], set()) == []


@pytest.mark.usefixtures("steps_on")
def test_run_on_quotation_is_cut_at_its_close_and_titles_are_dropped() -> None:
    text = '"Let me tell you the facts," Cruz said after a brief apology to Carson.'
    a = _att(text, text[:-1], "said", "Cruz", direct=True)
    (out,) = drop_non_quotes(text, [a], set())
    assert text[out.content[0] : out.content[1]] == '"Let me tell you the facts,"'
    text = "Jeb Bush Tells Donald Trump To Pipe Down"
    assert drop_non_quotes(text, [_att(text, "Donald Trump To Pipe Down", "Tells", "Jeb Bush")], set()) == []


@pytest.mark.usefixtures("steps_on")
def test_quotation_run_on_through_its_frame_takes_the_frame_as_source() -> None:
    # no cue of its own (a continuation of the union's statement before): the frame after it is its attribution
    text = 'The union is seeking more. "We will stay out," union chair Mira Osk said outside the gate.'
    c = text.index('"We')
    a = Attribution((c, len(text) - 1), None, (4, 9), True, continued=True)
    (out,) = drop_non_quotes(text, [a], set())
    assert text[out.content[0] : out.content[1]] == '"We will stay out,"'
    assert out.source is not None and text[out.source[0] : out.source[1]] == "union chair Mira Osk"
    assert out.cue is not None and text[out.cue[0] : out.cue[1]] == "said" and not out.continued
    # a cue in the next sentence ('the union told them') is farther than the frame
    text = '"It is real money," union chair Mira Osk said as she left. But the union told them to return.'
    a = _att(text, text[: text.index(" as she")], "told", "the union", direct=True)
    (out,) = drop_non_quotes(text, [a], set())
    assert out.source is not None and text[out.source[0] : out.source[1]] == "union chair Mira Osk"
    # a quotation reopened after the frame stays one attribution of two pieces
    text = '"I have studied this," she continued, "and we go after the risk."'
    a = Attribution((0, len(text)), None, None, True, continued=True)
    (out,) = drop_non_quotes(text, [a], set())
    assert [text[s:e] for s, e in out.parts] == ['"I have studied this,"', '"and we go after the risk."']
    # the tagger's own cue before the frame: the frame may be nested, only cut
    text = 'Lee said: "He told me, "No," Kim said then, and left."'
    a = _att(text, text[text.index('"He') :], "said", "Lee", direct=True)
    (out,) = drop_non_quotes(text, [a], set())
    assert out.source is not None and text[out.source[0] : out.source[1]] == "Lee"
