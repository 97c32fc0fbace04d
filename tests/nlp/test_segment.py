from __future__ import annotations

import pytest

from parallax.nlp.segment import sentences, tokens


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


def test_abbreviations_titles_and_initials_do_not_split() -> None:
    text = "U.S. President Donald J. Trump met Mr. Kim in Hanoi on Feb. 28. The talks failed."
    assert texts(text) == [
        "U.S. President Donald J. Trump met Mr. Kim in Hanoi on Feb. 28.",
        "The talks failed.",
    ]


def test_abbreviation_at_sentence_end_before_an_opener() -> None:
    assert texts("He moved to the U.S. The move was hard. It ended at 3 p.m. Thursday.") == [
        "He moved to the U.S.",
        "The move was hard.",
        "It ended at 3 p.m. Thursday.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    text = '"We will win. Believe me," he said. "Why?" he asked. She said "no." Then she left.'
    assert texts(text) == [
        '"We will win.',
        'Believe me," he said.',
        '"Why?" he asked.',
        'She said "no."',
        "Then she left.",
    ]


def test_blank_lines_and_title_lines_end_sentences() -> None:
    text = "Talks break down\n\nHANOI -- Talks between the two leaders collapsed\n\nNo deal was signed"
    assert texts(text) == [
        "Talks break down",
        "HANOI -- Talks between the two leaders collapsed",
        "No deal was signed",
    ]


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The talks between the two\nleaders collapsed on Thursday.\nA new line starts here."
    assert texts(text) == [
        "The talks between the two\nleaders collapsed on Thursday.",
        "A new line starts here.",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n ", "no punctuation at all", "Ends. ", "...?!"])
def test_offsets_are_exact_and_stripped(text: str) -> None:
    for s in sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        chunk = text[s.start : s.end]
        assert chunk == chunk.strip()


def test_tokens_split_clitics_and_keep_acronyms() -> None:
    text = "Trump's U.S. deal, worth $5.5 billion."
    assert [text[t.start : t.end] for t in tokens(text)] == [
        "Trump",
        "'s",
        "U.S.",
        "deal",
        ",",
        "worth",
        "$",
        "5.5",
        "billion",
        ".",
    ]
