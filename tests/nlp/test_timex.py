"""Hand-written time cases, anchored on Thursday 2019-02-28 (the Hanoi summit's last day)."""

from __future__ import annotations

import pytest

from parallax.nlp.timex import find_times, parse_anchor

ANCHOR = "2019-02-28T16:19:00+09:00"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("They met earlier this week.", "earlier this week", "2019-02-25/2019-02-28"),
        ("They met last June.", "last June", "2018-06"),
        ("Trump took office in early 2017.", "early 2017", "2017-01/2017-04"),
        ("The summit on February 28, 2019 failed.", "February 28, 2019", "2019-02-28"),
        ("The talks collapsed on Thursday.", "Thursday", "2019-02-28"),
        ("They arrived on Tuesday.", "Tuesday", "2019-02-26"),
        ("He flew in yesterday.", "yesterday", "2019-02-27"),
        ("They will meet next month.", "next month", "2019-03"),
        ("It began in 2018.", "2018", "2018"),
        ("It happened two years ago.", "two years ago", "2017"),
        ("It happened last week.", "last week", "2019-02-18/2019-02-24"),
        ("Talks resume next Thursday.", "next Thursday", "2019-03-07"),
        ("They met on Feb. 27 in Hanoi.", "Feb. 27", "2019-02-27"),
        ("Expected by mid-2019.", "mid-2019", "2019-05/2019-08"),
        ("It ended in May 2018.", "May 2018", "2018-05"),
        ("On 12 June 2018 in Singapore.", "12 June 2018", "2018-06-12"),
        ("Published 2019-02-28.", "2019-02-28", "2019-02-28"),
        ("Later this year they will meet.", "Later this year", "2019-02-28/2019-12-31"),
        ("Sales fell last month.", "last month", "2019-01"),
        ("In December they met.", "December", "2018-12"),
        ("They meet again in March.", "March", "2019-03"),
    ],
)
def test_normalised_against_the_article_date(text: str, span: str, value: str) -> None:
    times = find_times(text, ANCHOR)
    assert [(t.text, t.value) for t in times] == [(span, value)]
    t = times[0]
    assert text[t.start : t.end] == span


def test_relative_expressions_need_an_anchor() -> None:
    times = find_times("Yesterday, not on February 28, 2019.", None)
    assert [(t.text, t.value) for t in times] == [("Yesterday", None), ("February 28, 2019", "2019-02-28")]


def test_plain_numbers_are_not_years() -> None:
    assert find_times("The 2019 people and 1999 votes.", ANCHOR) == []


@pytest.mark.parametrize("raw", [None, "", "not a date", "2019-13-45"])
def test_bad_anchor_is_none(raw: str | None) -> None:
    assert parse_anchor(raw) is None


# Relative weekdays read by tense and context (issue 15). Thursday 2019-02-28 / Monday 2019-02-25 anchors.
@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # "Friday" in a Thursday article with a future verb is the next day, not six days back
        ("The two leaders will meet again on Friday.", "2019-02-28", "2019-03-01"),
        ("Ferries would stay in port at least until Friday morning.", "2019-02-28", "2019-03-01"),
        # past tense keeps the previous one
        ("The two leaders met on Friday.", "2019-02-28", "2019-02-22"),
        ("Trump said Friday that the talks were over.", "2019-02-28", "2019-02-22"),
        # "by Thursday" in a Monday article is the coming Thursday
        ("The union must answer by Thursday.", "2019-02-25", "2019-02-28"),
        ("The vote is expected on Thursday.", "2019-02-25", "2019-02-28"),
        ("On Thursday, the council will vote on the budget.", "2019-02-25", "2019-02-28"),
        ("An address to be delivered Wednesday at the Citadel.", "2019-02-25", "2019-02-27"),
        # the same weekday as the article's day is that day, both ways
        ("The talks collapsed on Thursday.", "2019-02-28", "2019-02-28"),
        ("Talks will resume on Thursday.", "2019-02-28", "2019-02-28"),
        # "by" far from the day is not a deadline
        ("The party was split by an uproar Wednesday night.", "2019-02-28", "2019-02-27"),
    ],
)
def test_weekday_direction_by_context(text, anchor, value):
    got = [t.value for t in find_times(text, anchor) if t.text.split()[0].endswith("day")]
    assert got and got[0] == value, (text, got)
