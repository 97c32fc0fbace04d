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
    for name in ("interviewer", "adverbial", "eventive", "runon", "relative", "titles"):
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
