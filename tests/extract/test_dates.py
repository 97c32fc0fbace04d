"""Publication dates from hand-built HTML."""

from __future__ import annotations

from parallax.extract.dates import _iso, find_published, structured_dates
from parallax.extract.html import parse_html


def test_iso_normalisation() -> None:
    assert _iso("2019-02-28") == "2019-02-28"
    assert _iso("2019-02-28T16:19:00Z") == "2019-02-28T16:19:00+00:00"
    assert _iso("2019-02-28T16:19+0900") == "2019-02-28T16:19:00+09:00"
    assert _iso("2019-02-30") is None
    assert _iso("yesterday") is None


def test_structured_date_gives_time_and_confidence() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2019-02-28T16:19:00+09:00'>"
        "</head><body><p>Posted February 28, 2019</p></body></html>"
    )
    tree = parse_html(html)
    assert structured_dates(tree) == ["2019-02-28T16:19:00+09:00"]
    pub = find_published(tree, "https://example.org/news/x")
    assert pub.value == "2019-02-28T16:19:00+09:00"
    assert pub.confidence >= 0.9


def test_url_date_and_hint() -> None:
    tree = parse_html("<html><body><p>No date in this text at all.</p></body></html>")
    pub = find_published(tree, "https://example.org/2018/05/17/some-story/")
    assert pub.value == "2018-05-17"
    none = find_published(tree, "https://example.org/story", hint=None)
    assert none.value is None and none.confidence == 0.0
    hinted = find_published(tree, "https://example.org/story", hint="2020-01-02")
    assert hinted.value == "2020-01-02" and hinted.source == "hint"
