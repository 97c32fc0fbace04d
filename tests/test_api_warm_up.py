"""``api.warm_up``: models a one-shot command needs start loading in the background."""

import parallax.meaning
import parallax.nlp.ner
from parallax import api


def test_warm_up_loads_the_tagger_and_the_meaning_model(monkeypatch):
    loaded = []
    monkeypatch.setattr(parallax.nlp.ner, "default_tagger", lambda: loaded.append("tagger"))

    class Model:
        def load(self):
            loaded.append("meaning")

    monkeypatch.setattr(parallax.meaning, "default_model", Model)
    api.warm_up().join(timeout=30)
    assert loaded == ["tagger", "meaning"]


def test_warm_up_loads_only_what_is_asked(monkeypatch):
    loaded = []
    monkeypatch.setattr(parallax.nlp.ner, "default_tagger", lambda: loaded.append("tagger"))
    api.warm_up(meaning=False).join(timeout=30)
    assert loaded == ["tagger"]


def test_a_failing_load_is_left_for_its_use(monkeypatch):
    def broken():
        raise FileNotFoundError("no entity model")

    monkeypatch.setattr(parallax.nlp.ner, "default_tagger", broken)
    thread = api.warm_up(meaning=False)
    thread.join(timeout=30)
    assert not thread.is_alive()
