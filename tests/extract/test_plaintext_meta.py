"""Title, byline and date finding in plain-text dumps (textmeta)."""

from __future__ import annotations

import pytest

from parallax.extract.textmeta import _names, find_dates, find_outlet, headline_like, parse_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Posted : February 28, 2019, 16:19", "2019-02-28T16:19"),
        ("18:50 GMT04 August 2020", None),  # glued zone: parse_dates sees the raw text; see find_dates
        ("18:50 GMT 04 August 2020", "2020-08-04T18:50+00:00"),
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19T08:03"),
        ("veröffentlicht am 28.02.2019", "2019-02-28"),
        ("2019-02-28", "2019-02-28"),
        ("3 p.m. on 1st March 2021", "2021-03-01"),
        ("February 30, 2019", None),
    ],
)
def test_parse_dates(text: str, iso: str | None) -> None:
    found = parse_dates(text)
    if iso is None:
        assert not found or found[0][2] != "2020-08-04T18:50+00:00"
    else:
        assert found and found[0][2] == iso


@pytest.mark.parametrize(
    ("rest", "names"),
    [
        ("Lim Chang-won Posted : February 28, 2019, 16:19", ["Lim Chang-won"]),
        ("Jane Doe and John Roe Published: March 9, 2021", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe and Ann Lee | 3 min read", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("John Smith, Staff Writer", ["John Smith"]),
        ("the way, nobody asked", []),
    ],
)
def test_byline_names(rest: str, names: list[str]) -> None:
    assert _names(rest) == names


def test_clock_line_away_from_title_gets_no_confidence() -> None:
    lines = ["18:50 GMT04 August 2020", "Listen Live", "Get short URL", "Body text."]
    (cand,) = find_dates(lines, [0, 1, 2], [], near=set())
    assert cand.iso.startswith("2020-08-04") and cand.confidence == 0.0
    assert "clock" in cand.reason


def test_cue_gives_high_confidence_and_update_less() -> None:
    lines = ["By Lim Chang-won Posted : February 28, 2019, 16:19 Updated : March 1, 2019, 10:00"]
    cands = find_dates(lines, [0], [], near={0})
    by_iso = {c.iso: c.confidence for c in cands}
    assert by_iso["2019-02-28T16:19"] > by_iso["2019-03-01T10:00"]


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("[SUMMIT] Talks between Trump and Kim break down with no agreement", True),
        ("Council passes budget after six-hour debate", True),
        ("Listen Live", False),
        ("Get short URL", False),
        ("18:50 GMT04 August 2020", False),
        ("By Lim Chang-won", False),
        ("The council approved the budget on Tuesday.", False),
    ],
)
def test_headline_like(line: str, ok: bool) -> None:
    assert headline_like(line) is ok


@pytest.mark.parametrize(
    ("lines", "outlet"),
    [
        (["Body text.", "© 2019 Sputnik. All rights reserved."], "Sputnik"),
        (["Copyright 2003-2021 The Korea Herald"], "Korea Herald"),
        (
            ["The views and opinions expressed in the article do not necessarily reflect those of Sputnik."],
            "Sputnik",
        ),
        (["(c) Aju Business Daily & Aju News Corp."], "Aju Business Daily & Aju News Corp"),
        (["Photo: © Reuters", "© AP Photo/Evan Vucci"], None),
        (["He said the figures do not necessarily reflect those of the government."], None),
        (["No notice here at all."], None),
    ],
)
def test_find_outlet(lines: list[str], outlet: str | None) -> None:
    assert find_outlet(lines) == outlet
