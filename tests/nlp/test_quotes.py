from __future__ import annotations

import pytest

from parallax.model import Entity
from parallax.nlp.quotes import (
    QuoteExtractor,
    _spans,
    _subject,
    headline_attribution,
    interview_turns,
    signed_quotes,
)
from parallax.nlp.quotes_features import block_features, blocks

INTERVIEW = """Analyst discusses the summit.

Radio: What happened in Hanoi?

Prof. Ann Lee: The talks failed. Nobody was ready.

Radio: Will they meet again?

Prof. Ann Lee: Probably, but not soon.

READ MORE: Something else entirely
"""


def test_interview_answers_are_quotes_of_the_answering_label() -> None:
    answers, turns = interview_turns(INTERVIEW)
    got = [
        (INTERVIEW[a.source[0] : a.source[1]], INTERVIEW[a.content[0] : a.content[1]])
        for a in answers
        if a.source
    ]
    assert got == [
        ("Prof. Ann Lee", "The talks failed. Nobody was ready."),
        ("Prof. Ann Lee", "Probably, but not soon."),
    ]
    assert len(turns) == 4  # the questions are turns too (kept away from the tagger), "READ MORE" is not


QUOTED_TRANSCRIPT = """Partial transcript as follows:

"HOST: Will she be there tomorrow?

"GUEST: She will not attend. The tweet was a joke.

"And the voters know it.

"(CROSSTALK.)

"HOST: Is that fair to her?

"GUEST: Yes.
"""


def test_quoted_transcript_answers_run_over_unlabelled_paragraphs() -> None:
    answers, turns = interview_turns(QUOTED_TRANSCRIPT)
    t = QUOTED_TRANSCRIPT
    assert [t[a.source[0] : a.source[1]] for a in answers if a.source] == ["GUEST", "GUEST"]
    first = answers[0]
    assert [t[s:e] for s, e in first.parts] == [
        "She will not attend. The tweet was a joke.",
        '"And the voters know it.',
    ]
    assert all("CROSSTALK" not in t[s:e] for a in answers for s, e in (a.parts or [a.content]))
    assert "Will she be there" not in " ".join(t[a.content[0] : a.content[1]] for a in answers)
    # every turn and its continuation is kept away from the tagger
    assert any(t[s:e] == '"And the voters know it.' for s, e in turns)


def test_headline_label_is_a_source_but_kickers_are_not() -> None:
    text = "Pence: Flowers Won’t Be at Debate.\n\nBody text."
    a = headline_attribution(text)
    assert a is not None and a.source is not None
    assert (text[a.source[0] : a.source[1]], text[a.content[0] : a.content[1]]) == (
        "Pence",
        "Flowers Won’t Be at Debate",
    )
    assert headline_attribution("Breaking: Something happened.\n\nBody.") is None
    assert headline_attribution("The Latest: Cruz to give away a shotgun.\n") is None
    assert headline_attribution("No label in this headline\n") is None


def test_source_after_a_cue_without_one() -> None:
    bs = blocks('"We will win," said Jim O\'Neill, a spokesman.')
    words = bs[0].words
    cue = words.index("said")
    span = _subject((cue, cue + 1), (0, 6), bs[0])
    assert span is not None and words[span[0] : span[1]] == ["Jim", "O'Neill"]


def test_source_opening_the_cue_sentence() -> None:
    for text, want in (
        ("Aaron Kall, a debate coach, compared Trump to a referee.", ["Aaron", "Kall"]),
        ("The family of the victim has been demanding the video.", ["The", "family", "of", "the", "victim"]),
        ("She criticized the plan on Monday.", ["She"]),
        ("But in July the plan was criticized.", None),
    ):
        b = blocks(text)[0]
        cue = next(i for i, w in enumerate(b.words) if w in ("compared", "demanding", "criticized"))
        span = _subject((cue, cue + 1), (cue + 1, len(b.words) - 1), b)
        assert (b.words[span[0] : span[1]] if span else None) == want, text


def test_no_interview_without_recurring_labels_and_questions() -> None:
    assert interview_turns("Note: one line.\n\nAnother: two lines.\n\nThird: three.") == ([], [])


def test_bio_runs() -> None:
    labels = ["B-CONTENT", "I-CONTENT", "O", "B-SOURCE", "B-CUE", "I-CONTENT", "O"]
    assert _spans(labels) == [("CONTENT", 0, 2), ("SOURCE", 3, 4), ("CUE", 4, 5), ("CONTENT", 5, 6)]


def test_features_have_one_row_per_token() -> None:
    text = '"We will win," Sanders said.\n\nShe left.'
    bs = blocks(text)
    assert [b.words for b in bs] == [
        ['"', "We", "will", "win", ",", '"', "Sanders", "said", "."],
        ["She", "left", "."],
    ]
    feats = block_features(bs[0], {"said": 0.9}, 0)
    assert len(feats) == len(bs[0].words)
    assert "q=1" in feats[1] and "rc_comma" in feats[1]


@pytest.fixture(scope="module")
def extractor() -> QuoteExtractor:
    try:
        return QuoteExtractor()
    except (FileNotFoundError, OSError):
        pytest.skip("quote model not built (training/train_quotes.py)")


def test_direct_quote_and_pronoun_speaker(extractor: QuoteExtractor) -> None:
    text = (
        'White House press secretary Sarah Sanders spoke on Thursday. "The two leaders had very good meetings," '
        "she said."
    )
    ents = [Entity(28, 41, "Sarah Sanders", "PER", "id-sanders")]
    quotes = extractor.extract(text, ents)
    assert len(quotes) == 1
    q = quotes[0]
    assert "two leaders had very good meetings" in text[q.content_start : q.content_end]
    assert q.direct and q.cue == "said"
    assert (q.speaker, q.speaker_entity_id, q.speaker_start) == ("Sarah Sanders", "id-sanders", None)


def test_reported_speech_with_named_speaker(extractor: QuoteExtractor) -> None:
    text = "Secretary of State Mike Pompeo has insisted that Washington would verify any dismantlement."
    ents = [Entity(19, 30, "Mike Pompeo", "PER", "id-pompeo")]
    quotes = extractor.extract(text, ents)
    assert len(quotes) == 1
    q = quotes[0]
    assert text[q.content_start : q.content_end].startswith("Washington would verify") or text[
        q.content_start : q.content_end
    ].startswith("that Washington")
    assert q.speaker == "Mike Pompeo" and not q.direct
    assert q.speaker_start is not None and q.speaker_end is not None


def test_posterior_decoding_matches_viterbi_on_a_clear_quote(extractor: QuoteExtractor) -> None:
    text = '"The two leaders had very good meetings," Sanders said on Thursday.'
    block = blocks(text)[0]
    feats = block_features(block, extractor.lexicon, 1, extractor.feature_version, extractor.classes)
    saved = extractor.o_weight
    try:
        extractor.o_weight = None
        viterbi = extractor._tag(feats)
        extractor.o_weight = 1.0
        posterior = extractor._tag(feats)
        extractor.o_weight = 1e-6  # O almost never wins: every token takes some span label
        eager = extractor._tag(feats)
    finally:
        extractor.o_weight = saved
    assert len(posterior) == len(viterbi) == len(block.tokens)
    assert [lab.split("-")[-1] for lab in posterior] == [lab.split("-")[-1] for lab in viterbi]
    assert "O" not in eager


def test_signed_quotations() -> None:
    text = (
        "Readers wrote in.\n\n“He represents our greatest shame.” ― Sonya Herridge\n“He is ignorant.”― Carla Sanchez.\n"
        "”Fear. I am afraid.”\xa0―\xa0Oscar P. Quintero\xa0\n"
    )
    found, spans = signed_quotes(text)
    assert [
        (text[a.content[0] : a.content[1]], text[a.source[0] : a.source[1]]) for a in found if a.source
    ] == [
        ("“He represents our greatest shame.”", "Sonya Herridge"),
        ("“He is ignorant.”", "Carla Sanchez"),
        ("”Fear. I am afraid.”", "Oscar P. Quintero"),
    ]
    assert len(spans) == 3
