"""find_dateline: the place a report was filed from, at the start of the body."""

from __future__ import annotations

import pytest

from parallax.extract.dateline import find_dateline


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("HANOI -- Talks between the two leaders collapsed on Thursday.", "HANOI"),
        ("WASHINGTON (Reuters) - The United States said on Thursday that it would", "WASHINGTON"),
        ("LONDON, March 3 (AP) — British officials said on Monday that", "LONDON"),
        ("NEW DELHI: The government on Friday announced a new scheme", "NEW DELHI"),
        ("SAN JOSE, Calif. (AP) — Apple said on Tuesday it would", "SAN JOSE"),
        ("BEIJING, Feb. 28 (Xinhua) -- A Foreign Ministry spokesperson said", "BEIJING"),
        ("Seoul, Jan. 5 (Yonhap) -- South Korea said on Friday that", "Seoul"),
        ("HANOI, Vietnam — The summit between the two leaders ended early", "HANOI"),
    ],
)
def test_wire_datelines(text: str, place: str) -> None:
    assert find_dateline(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "Earlier this week, US President Donald Trump met with North Korea's leader.",
        "BREAKING - The president has resigned after weeks of protests in the capital",
        "Sputnik: Donald Trump said signing the deal after the summit was not appropriate",
        "Q: What happened during the talks and why was there no deal signed?",
        "Listen Live",
        "",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_dateline_after_title_and_byline_lines() -> None:
    text = "Summit ends early\n\nBy A. Reporter\n\nHANOI -- Talks between the two leaders collapsed today."
    assert find_dateline(text) == "HANOI"


def test_dateline_deep_in_the_body_is_ignored() -> None:
    paras = ["A first paragraph of running prose that says something."] * 6
    text = "\n\n".join([*paras, "HANOI -- Talks between the two leaders collapsed today."])
    assert find_dateline(text) is None
