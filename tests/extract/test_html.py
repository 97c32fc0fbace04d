"""HTML extractor: hand-built pages, no shared data."""

from __future__ import annotations

from lxml import etree

from parallax.extract.html import extract_html, parse_html, select_blocks
from parallax.extract.html_blocks import FEATURE_NAMES, block_features, body_blocks
from parallax.extract.html_recover import recover_paragraphs
from parallax.model import Article, RawRecord

PARA = (
    "The city council approved the new transit budget on Tuesday after a long debate, "
    "allocating funds for three additional bus lines and a study of a light rail extension."
)


def _page(body: str, head: str = "") -> str:
    return f"<html lang='en'><head><title>Council backs transit plan | Daily Example</title>{head}</head><body>{body}</body></html>"


ARTICLE = _page(
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>Council backs transit plan</h1>"
    "<p class='byline'>By Jane Roe</p>"
    + "".join(f"<p>{PARA} Paragraph {i} adds more detail about the plan and its cost.</p>" for i in range(6))
    + "</article><footer>© 2019 Daily Example. All rights reserved.</footer>",
    head=(
        "<meta property='og:site_name' content='Daily Example'>"
        "<meta property='article:published_time' content='2019-02-28T16:19:00+09:00'>"
        "<link rel='canonical' href='https://example.org/news/transit-plan'>"
    ),
)


def test_extracts_article_text_and_metadata() -> None:
    rec = RawRecord(
        source="page.html", content=ARTICLE, kind="html", url="https://example.org/news/transit-plan?x=1"
    )
    art = extract_html(rec)
    assert isinstance(art, Article)
    assert "Paragraph 0 adds more detail" in art.text and "Paragraph 5 adds more detail" in art.text
    assert "All rights reserved" not in art.text
    assert "\n\n" in art.text and "\n\n\n" not in art.text
    assert art.title == "Council backs transit plan"
    assert art.outlet == "Daily Example"
    assert art.canonical_url == "https://example.org/news/transit-plan"
    assert art.published is not None and art.published.startswith("2019-02-28")
    assert art.published_confidence >= 0.9
    assert art.authors == ["Jane Roe"]
    assert art.id and art.source == "page.html"


def test_record_hints_fill_gaps() -> None:
    html = (
        "<html><body><div>" + "".join(f"<p>{PARA} Part {i}.</p>" for i in range(4)) + "</div></body></html>"
    )
    rec = RawRecord(
        source="x.html",
        content=html,
        kind="html",
        url="https://ex.org/a",
        title="Hint title",
        outlet="Hint Outlet",
        published="2020-05-01T10:00:00Z",
        record_id="rec-1",
    )
    art = extract_html(rec)
    assert art.id == "rec-1"
    assert art.outlet == "Hint Outlet"
    assert art.published == "2020-05-01T10:00:00+00:00"
    assert 0 < art.published_confidence < 0.9
    assert "Part 3." in art.text


def test_body_blocks_split_lists_and_count_links() -> None:
    body = etree.fromstring(
        "<body><head rend='h1'>Title</head><p>Text with <ref target='/x'>a link</ref> inside.</p>"
        "<list rend='ul'><item><ref target='/a'>Related one</ref></item><item>Two</item></list>"
        "<p>Line one<lb/>line two</p></body>"
    )
    blocks = body_blocks(body)
    assert [b.kind for b in blocks] == ["head", "p", "item", "item", "p"]
    assert blocks[1].link_chars == len("a link") and blocks[1].n_links == 1
    assert blocks[2].list_size == 2 and blocks[2].link_chars == len("Related one")
    assert blocks[4].text == "Line one\nline two"
    rows = block_features(blocks, "Title", None)
    assert len(rows) == 5 and all(len(r) == len(FEATURE_NAMES) for r in rows)
    title_sim = FEATURE_NAMES.index("title_jaccard")
    assert rows[0][title_sim] == 1.0


def test_select_blocks_never_empties_a_page() -> None:
    body = etree.fromstring("<body><p>one</p><p>two</p></body>")
    blocks = body_blocks(body)
    assert select_blocks(blocks, [0.9, 0.1]) == (["one"], ["two"])
    assert select_blocks(blocks, [0.0, 0.1]) == (["one", "two"], [])


def test_recover_paragraphs_from_split_body() -> None:
    chunk = "<div class='article-body'>" + "<p>{}</p>" * 2 + "</div>"
    texts = [f"Section {i}: {PARA}" for i in range(6)]
    html = (
        "<html><body>"
        + chunk.format(*texts[:2])
        + "<div class='ad'>Ad</div>"
        + chunk.format(*texts[2:4])
        + "</body></html>"
    )
    tree = parse_html(html)
    body = etree.fromstring("<body>" + "".join(f"<p>{t}</p>" for t in texts[:2]) + "</body>")
    blocks = recover_paragraphs(tree, body_blocks(body))
    assert [b.text for b in blocks] == texts[:4]


def test_unparseable_page_raises_value_error() -> None:
    import pytest

    with pytest.raises(ValueError):
        extract_html(RawRecord(source="empty.html", content="", kind="html"))
