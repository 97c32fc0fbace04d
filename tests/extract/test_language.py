"""detect_language: ISO 639-1 codes, None for text too short to judge."""

from __future__ import annotations

import pytest

from parallax.extract.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Talks between the two leaders broke down without any agreement on Thursday.", "en"),
        ("Die Gespräche zwischen den beiden Staatschefs sind am Donnerstag gescheitert.", "de"),
        ("Les discussions entre les deux dirigeants ont échoué jeudi sans aucun accord.", "fr"),
        ("Переговоры между двумя лидерами закончились в четверг без соглашения.", "ru"),
        ("두 정상의 회담은 목요일 아무런 합의 없이 결렬되었다고 백악관이 밝혔다.", "ko"),
    ],
)
def test_detects_main_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "hello", "18:50 GMT 04 August", "https://example.com/a/b/c/d/e/f/g"])
def test_too_short_or_no_words_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_english_page_with_a_foreign_ui_string_stays_english() -> None:
    text = (
        "The statement was issued after the two leaders left the conference hall without their "
        "scheduled working lunch.\n기사 이미지 확대 보기\n닫기\n"
    )
    assert detect_language(text) == "en"


def test_codes_are_two_letters() -> None:
    assert detect_language("هذا نص عربي طويل بما يكفي لتحديد اللغة بثقة كافية في الاختبار") == "ar"


ENGLISH_NEWS = (
    "The talks between the two leaders ended early on Thursday, and the White House said that no "
    "agreement had been signed. Officials from both sides have said they were hoping for a deal which "
    "would ease the sanctions, but the president told reporters that the demands of the other side "
    "were too much for his government to accept at this stage of their negotiations with the North."
)


def test_plain_english_is_recognised_without_the_classifier(monkeypatch: pytest.MonkeyPatch) -> None:
    import parallax.extract.language as language

    def no_model() -> None:
        raise AssertionError("py3langid loaded for plain English")

    monkeypatch.setattr(language, "_model", no_model)
    assert language.clearly_english(ENGLISH_NEWS)
    assert detect_language(ENGLISH_NEWS) == "en"


def test_foreign_text_with_english_words_goes_to_the_classifier() -> None:
    from parallax.extract.language import clearly_english

    german = (
        "Am 14. Juni 2005 hielt Steve Jobs eine vielbeachtete Rede vor den Absolventen der Stanford "
        "University. Den Zuhörern erzählte er drei Geschichten, die sein Leben geprägt haben, und "
        "seine Rede endete mit den Worten: Stay hungry, stay foolish. The speech of the founder was "
        "later shared with millions of people who have read it in their own language since then."
    )
    assert not clearly_english(german)
    assert detect_language(german) == "de"
    assert not clearly_english("the of and that " * 5)  # too few words to judge
