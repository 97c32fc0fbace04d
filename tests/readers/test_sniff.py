import pytest

from parallax.readers.sniff import Format, binary_kind, by_content, by_name, detect


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Format.WARC),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', Format.FEED),
        (
            b'<?xml version="1.0" encoding="utf-8"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">',
            Format.FEED,
        ),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', Format.FEED),
        (b"<!DOCTYPE html>\n<html lang=en>", Format.HTML),
        (b"  <html><body>", Format.HTML),
        (b"<div class=x>text</div>", Format.HTML),
        (b'{"id": "a", "text": "x"}\n', Format.JSONL),
        (b'{\n  "id": "a"\n}', Format.JSONL),
        (b"{Breaking} Port strike ends", None),
        (b"\xef\xbb\xbf<html>", Format.HTML),
        (b"Port strike enters third day\n\nBy Ana Ruiz", None),
        (b"<Reuters> said on Monday", None),
    ],
)
def test_by_content(head, fmt):
    assert by_content(head) == fmt


def test_name_decides_only_without_a_content_signal():
    assert by_name("a/b/page.HTM") == Format.HTML
    assert by_name("x.jsonl.gz") == Format.JSONL
    assert by_name("crawl.warc.gz") == Format.WARC
    assert by_name("noext") is None
    # misleading extensions lose against the content
    assert detect("page.txt", b"<!doctype html><html>") == Format.HTML
    assert detect("page.html", b"WARC/1.1\r\n") == Format.WARC
    assert detect("feed.html", b"<rss version='2.0'>") == Format.FEED
    assert detect("dump", b"Just some words.") == Format.TEXT
    assert detect("dump.html", b"Just some words.") == Format.HTML


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"\x00\x01\x02\x03abc", "binary data"),
        (bytes(range(1, 31)) * 10, "binary data"),
    ],
)
def test_binary_kind(head, name):
    assert binary_kind(head) == name


def test_text_is_not_binary():
    assert binary_kind("Grève à Montréal — 港湾 \t\r\n".encode()) is None
    assert binary_kind("\ufeffhello".encode("utf-16")) is None  # BOM: UTF-16 text has NULs


def test_a_stray_nul_in_a_page_is_not_binary():
    page = (
        b"<html><body><p>Port strike" + b"\x00" + b" enters third day</p>" + b" " * 2000 + b"</body></html>"
    )
    assert binary_kind(page) is None
