"""Web pages for everyday use: a bad date filter is a 400 that says why, dates read one way, the
framing columns are explained."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path", ["/stories", "/stories.json", "/stories.csv"])
@pytest.mark.parametrize("query", ["since=yesterday", "until=2024-13-01", "since=03/11/2026"])
def test_invalid_date_filter_is_a_400_with_a_message(client, path: str, query: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{path}?{query}")
    assert r.status_code == 400
    name = query.split("=")[0]
    assert f"{name}=" in r.text and "YYYY-MM-DD" in r.text


def test_valid_date_prefixes_still_filter(client) -> None:  # type: ignore[no-untyped-def]
    for since in ("2024", "2024-05", "2024-05-06"):
        ids = {s["id"] for s in client.get(f"/stories.json?since={since}").json()["stories"]}
        assert ids == {"s-port", "s-x"}


@pytest.mark.parametrize("path", ["/stories", "/stories/s-summit", "/articles/a2", "/search?q=Hanoi"])
def test_dates_read_one_way(client, path: str) -> None:  # type: ignore[no-untyped-def]
    html = client.get(path).text
    shown = re.sub(r"<[^>]+>", " ", html)
    assert "28 February 2019" in shown and not re.search(r"\d{4}-\d{2}-\d{2}", shown), path
    assert '<time datetime="2019-02-28' in html


def test_article_page_shows_the_time_when_known(client) -> None:  # type: ignore[no-untyped-def]
    assert "28 February 2019, 16:19" in client.get("/articles/a2").text


def test_story_page_explains_framing_columns(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/stories/s-summit").text
    assert 'title="Attributed: share' in html and 'title="Opinion: share' in html
    assert re.search(r'class="note legend">Opinion: share.*Attributed: share', html)


def test_story_counts_use_plurals(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/stories").text
    assert "1 article ·" in html and "1 outlet" in html and "1 articles" not in html
