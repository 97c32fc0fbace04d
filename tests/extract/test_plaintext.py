"""Plain-text furniture removal on hand-built page dumps, one furniture kind at a time."""

from __future__ import annotations

import pytest

from parallax.extract.plaintext import extract_text
from parallax.model import RawRecord

BODY = [
    "The city council approved a new budget on Tuesday after a debate that lasted more than six hours, "
    "ending a dispute that had delayed road repairs across the district.",
    "Council members voted 7 to 2 in favour of the plan, which raises spending on public transport by "
    "twelve percent and freezes hiring in several administrative departments.",
    '"This budget is not perfect, but it keeps the buses running," the mayor told reporters outside the '
    "chamber. Opponents said the hiring freeze would slow down building permits.",
    "The budget takes effect in January. A separate vote on the water tariff is expected next month, "
    "when the council returns from its winter recess.",
]


def dump(
    header: list[str] | None = None, middle: list[str] | None = None, footer: list[str] | None = None
) -> str:
    """A page dump: header lines, the body (``middle`` lines after the second paragraph), footer lines."""
    parts: list[str] = []
    parts.extend(header or [])
    parts.append("")
    for i, para in enumerate(BODY):
        parts += [para, ""]
        if i == 1 and middle:
            for ln in middle:
                parts += [ln, ""]
    parts.extend(footer or [])
    return "\n".join(parts)


def run(content: str, **hints: object):
    return extract_text(RawRecord(source="test.txt", content=content, kind="text", **hints))  # type: ignore[arg-type]


def assert_body_only(article, furniture: list[str]) -> None:
    for para in BODY:
        assert para in article.text
    for junk in furniture:
        assert junk not in article.text, junk
        assert any(junk in r for r in article.removed), junk


@pytest.mark.parametrize(
    "header",
    [
        ["09:14 GMT 12 March 2021"],
        ["Listen Live", "Get short URL"],
        ["Home", "World", "Politics", "Business", "Sport", "Search"],
        ["Subscribe", "Sign In", "Menu"],
    ],
    ids=["site-clock", "ui-strings", "navigation", "account-links"],
)
def test_header_furniture(header: list[str]) -> None:
    assert_body_only(run(dump(header=header)), header)


@pytest.mark.parametrize(
    "middle",
    [
        ["READ MORE: Mayor Unveils Plan to Extend Tram Line to Airport"],
        ["[City Hall Photo Service/File Photo]"],
        ["Photo: City council chamber (Getty Images)"],
    ],
    ids=["read-more-link", "photo-credit-brackets", "photo-credit-prefix"],
)
def test_furniture_inside_the_body(middle: list[str]) -> None:
    assert_body_only(run(dump(middle=middle)), middle)


@pytest.mark.parametrize(
    "footer",
    [
        [
            "Mayor Unveils Plan to Extend Tram Line to Airport",
            "Water Tariff Vote Delayed Again",
            "Five Things to Know About the New Bus Routes",
        ],
        ["budget, city council, public transport, mayor, water tariff, district roads"],
        [
            "The views and opinions expressed in this article do not necessarily reflect those of the publisher."
        ],
        ["© 2021 Example Media Group. All rights reserved."],
        ["기사 이미지 확대 보기", "닫기"],
    ],
    ids=["related-headlines", "tag-line", "disclaimer", "copyright", "foreign-script-ui"],
)
def test_footer_furniture(footer: list[str]) -> None:
    assert_body_only(run(dump(footer=footer)), footer)


def test_metadata_from_header() -> None:
    header = [
        "Council passes budget after six-hour debate",
        "",
        "By Jane Doe and John Roe Published: March 9, 2021 14:05",
    ]
    body = "HANOI -- " + BODY[0]
    content = dump(header=header).replace(BODY[0], body)
    a = run(content)
    assert a.title == "Council passes budget after six-hour debate"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert a.published == "2021-03-09T14:05"
    assert a.published_confidence >= 0.8
    assert a.dateline == "HANOI"
    assert a.language == "en"
    assert "Council passes budget" not in a.text and "Jane Doe" not in a.text


def test_clock_at_page_top_is_not_the_publication_date() -> None:
    a = run(dump(header=["18:50 GMT04 August 2020", "Listen Live"]))
    assert a.published is None or a.published_confidence <= 0.3
    assert "18:50 GMT04 August 2020" in a.removed


def test_cued_date_beats_clock() -> None:
    header = ["07:02 GMT 02 May 2022", "Council passes budget after six-hour debate", "Posted: 1 May 2022"]
    a = run(dump(header=header))
    assert a.published == "2022-05-01"
    assert a.published_confidence >= 0.8


def test_dates_in_the_running_text_are_not_publication_dates() -> None:
    content = dump().replace("in January", "on January 5, 2022")
    a = run(content)
    assert a.published is None
    assert "January 5, 2022" in a.text


def test_hints_from_the_container_win() -> None:
    a = run(dump(header=["Listen Live"]), title="Budget passes", published="2021-03-09", outlet="Example")
    assert (a.title, a.published, a.published_confidence, a.outlet) == (
        "Budget passes",
        "2021-03-09",
        0.9,
        "Example",
    )


def test_text_is_final_keeps_the_text_unchanged() -> None:
    content = "Listen Live\n\nBy Jane Doe\n\n" + "\n\n".join(BODY)
    a = run(content, text_is_final=True)
    assert a.text == content
    assert a.removed == []
    assert a.authors == ["Jane Doe"]


def test_paragraphs_separated_by_one_blank_line() -> None:
    a = run(dump(header=["Listen Live"]))
    assert a.text == "\n\n".join(BODY)


def test_empty_and_furniture_only_dumps() -> None:
    assert run("").text == ""
    a = run("Listen Live\nGet short URL\n")
    assert a.text == ""
    assert a.removed == ["Listen Live", "Get short URL"]


def test_stable_id() -> None:
    assert run(dump()).id == run(dump()).id
    assert run(dump(), record_id="abc").id == "abc"
