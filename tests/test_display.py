"""Plurals and readable dates shared by pages, reports and messages."""

from __future__ import annotations

import pytest

from parallax.display import plural, readable_date


def test_plural() -> None:
    assert [plural(n, "story") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    assert (plural(1, "input"), plural(3, "duplicate")) == ("1 input", "3 duplicates")


@pytest.mark.parametrize(
    ("iso", "date", "with_time"),
    [
        ("2026-03-11", "11 March 2026", "11 March 2026"),
        ("2026-03-11T18:05:00+01:00", "11 March 2026", "11 March 2026, 18:05 +01:00"),
        ("2026-03-11T18:05:00Z", "11 March 2026", "11 March 2026, 18:05 UTC"),
        ("2026-03", "March 2026", "March 2026"),
        ("2019", "2019", "2019"),
        ("2019-02-28/2019-03-01", "28 February 2019 – 1 March 2019", "28 February 2019 – 1 March 2019"),
        ("last week", "last week", "last week"),
        ("2026-13-01", "2026-13-01", "2026-13-01"),
        (None, "", ""),
    ],
)
def test_readable_date(iso: str | None, date: str, with_time: str) -> None:
    assert readable_date(iso) == date and readable_date(iso, with_time=True) == with_time
