"""Page metadata from hand-built HTML."""

from __future__ import annotations

from parallax.extract.html import parse_html
from parallax.extract.metadata import byline_author, extract_metadata, html_language, split_authors


def test_split_authors() -> None:
    assert split_authors("Jane Roe, John Doe and Ann Lee") == ["Jane Roe", "John Doe", "Ann Lee"]
    assert split_authors("By Jane Roe; jane roe") == ["Jane Roe"]
    assert split_authors(None) == []
    assert split_authors("Tom Roe, AP Auto Writer") == ["Tom Roe"]


def test_meta_tags_and_json_ld() -> None:
    html = (
        "<html lang='de-DE'><head><title>Ein Titel - Beispielblatt</title>"
        "<meta property='og:site_name' content='Beispielblatt'>"
        "<meta property='og:url' content='https://beispiel.de/a'>"
        "<meta name='description' content='Kurz gesagt.'>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ein Titel",'
        ' "author": {"@type": "Person", "name": "Erika Mustermann"}}</script>'
        "</head><body><p>x</p></body></html>"
    )
    meta = extract_metadata(parse_html(html), "https://beispiel.de/a?utm=1")
    assert meta.title == "Ein Titel"
    assert meta.sitename == "Beispielblatt"
    assert meta.authors == ["Erika Mustermann"]
    assert meta.canonical_url == "https://beispiel.de/a"
    assert meta.language == "de"
    assert meta.description == "Kurz gesagt."


def test_byline_and_host_fallbacks() -> None:
    html = "<html><body><h1>Headline here</h1><span class='article-byline'>By Sam Writer</span><p>t</p></body></html>"
    tree = parse_html(html)
    assert byline_author(tree) == "Sam Writer"
    meta = extract_metadata(tree, "https://www.news.example.com/x")
    assert meta.authors == ["Sam Writer"]
    assert meta.sitename == "news.example.com"
    assert html_language(parse_html("<html><body><p>x</p></body></html>")) is None


def test_publisher_is_not_an_author() -> None:
    html = (
        "<html><head><meta name='author' content='Big Media Group'>"
        "<meta name='copyright' content='Copyright (c) Big Media Group 2019'></head>"
        "<body><p class='byline'>Ann Writer</p><p>t</p></body></html>"
    )
    meta = extract_metadata(parse_html(html), "https://example.com/a")
    assert "Big Media Group" not in meta.authors


def test_byline_skips_form_labels_and_prefixes() -> None:
    html = (
        "<html><body><form><label class='author'>Name *</label></form>"
        "<div class='post-author'>Posted by Kim Lee</div><p>t</p></body></html>"
    )
    assert byline_author(parse_html(html)) == "Kim Lee"
