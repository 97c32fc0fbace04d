"""Fuzz targets and input strategies shared by the hardening tests and ``benchmarks/fuzz_all.py``.

Each target takes one generated input, runs one reader or parser on it, and checks the
contract every stage keeps on hostile input: it returns its records or an ``InputError``
(never raises), and what it returns is sane (offsets inside the text, no NUL, no lone
surrogate in text bound for SQLite). A violated contract raises ``AssertionError``;
any other exception escaping the stage is a crash.
"""

from __future__ import annotations

import gzip
import io
import json
import string
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from parallax import api
from parallax.model import Annotation, Article, Entity, InputError, RawRecord, Sentence, TimeExpr
from parallax.readers import ReaderOptions, read_inputs

# -- alphabets ------------------------------------------------------------------------

#: Characters that break naive code: NUL, controls, lone surrogates, BOM, bidi overrides, zero-widths.
NASTY_CHARS = [
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\r",
    "\ud800",
    "\udfff",
    "\ufeff",
    "\ufffd",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\U0001f600",
    "\u0301",
    "\uffff",
]
WORDS = [
    "The",
    "president",
    "said",
    "on",
    "Monday",
    "that",
    "talks",
    "in",
    "Hanoi",
    "ended",
    "early",
    ".",
    ",",
    '"',
    "“",
    "”",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "--",
    "—",
    "U.S.",
    "Mr.",
    "Dr.",
    "a.m.",
    "p.m.",
    "Jan.",
    "January",
    "Feb",
    "March",
    "31st",
    "2019",
    "19",
    "0",
    "99999",
    "-1",
    "12:30",
    "2019-02-28",
    "28/02/2019",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "this",
    "week",
    "month",
    "year",
    "ago",
    "days",
    "Friday",
    "weekend",
    "morning",
    "(",
    ")",
    "?",
    "!",
    "...",
    ":",
    ";",
    "\n",
    "\n\n",
    "\t",
    "HANOI",
    "(Reuters)",
    "-",
    "Kim",
    "Jong-un",
    "Trump",
    "O'Brien",
    "told",
    "reporters",
    "according",
    "to",
    "officials",
    "By",
    "Updated",
    "Photo:",
    "Share",
    "Read more",
    "©",
    "http://x.example/a?b=1",
    "www.example.com",
    "<b>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "%s",
    "{}",
    "\\",
]

nasty_char = st.one_of(st.characters(), st.sampled_from(NASTY_CHARS))
raw_text = st.text(alphabet=nasty_char, max_size=200)
wordy_text = st.lists(
    st.one_of(st.sampled_from(WORDS), raw_text.filter(lambda s: len(s) < 12)), max_size=120
).map(" ".join)
#: Text that looks like news often enough to reach the deep code paths, and like garbage otherwise.
any_text = st.one_of(wordy_text, raw_text, wordy_text)

DATE_STRINGS = [
    "2019-02-28",
    "2019-02-28T10:30:00Z",
    "2019-02-28T10:30:00+07:00",
    "2019-02-30",
    "2019-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59-23:59",
    "99999-01-01",
    "+275760-09-13",
    "2019-02-28T25:61:61",
    "Feb 28, 2019",
    "28 February 2019",
    "1551312000",
    "",
    " ",
    "null",
    "2019-02-28T10:30:00.123456789Z",
    "2019-W09",
    "2019-059",
    "T",
    "-",
]
date_text = st.one_of(st.sampled_from(DATE_STRINGS), st.dates().map(str), st.datetimes().map(str), raw_text)

# -- HTML -------------------------------------------------------------------------------

TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "time",
    "div",
    "p",
    "article",
    "main",
    "section",
    "span",
    "a",
    "b",
    "i",
    "script",
    "style",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "h2",
    "br",
    "img",
    "iframe",
    "svg",
    "math",
    "noscript",
    "template",
    "figure",
    "figcaption",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "textarea",
    "pre",
    "code",
    "blockquote",
    "q",
    "abbr",
    "xmp",
    "plaintext",
    "frameset",
    "object",
    "video",
    "source",
    "select",
    "option",
    "x-custom",
    "o:p",
    "font",
]
ATTRS = [
    "class",
    "id",
    "href",
    "src",
    "content",
    "name",
    "property",
    "itemprop",
    "datetime",
    "style",
    "onload",
    "lang",
    "charset",
    "http-equiv",
    "rel",
    "type",
    "data-x",
    "xmlns",
    "dir",
    "hidden",
    "itemtype",
]
META_NAMES = [
    "article:published_time",
    "og:title",
    "og:url",
    "author",
    "date",
    "description",
    "og:site_name",
    "pubdate",
    "dc.date",
    "citation_author",
    "twitter:title",
    "canonical",
]

attr_value = st.one_of(
    raw_text, st.sampled_from(META_NAMES), date_text, st.just("http://x.example/2019/02/28/a")
)
attribute = st.tuples(st.sampled_from(ATTRS), attr_value, st.sampled_from(['"', "'", ""]))


def _attrs(items: list[tuple[str, str, str]]) -> str:
    out = []
    for name, value, q in items:
        value = value.replace(q, "") if q else (value.replace(" ", "").replace(">", "") or "x")
        out.append(f" {name}={q}{value}{q}")
    return "".join(out)


@st.composite
def html_element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = _attrs(draw(st.lists(attribute, max_size=3)))
    inner = "".join(draw(st.lists(children, max_size=4)))
    closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>"]))
    return f"<{tag}{attrs}>{inner}{closing}"


html_leaf = st.one_of(
    any_text.map(lambda t: t.replace("<", "&lt;")),
    any_text,
    st.sampled_from(
        [
            "<!-- c -->",
            "<!--",
            "<![CDATA[x]]>",
            "<?php x ?>",
            "&nbsp;",
            "&#x110000;",
            "&#1114112;",
            "&#xD800;",
            "&bogus;",
            "<!DOCTYPE html>",
            "</",
            "<",
            ">",
            "<br/>",
            "<p",
            "</body></html>",
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-02-28"}'
            "</script>",
        ]
    ),
)
html_tree = st.recursive(html_leaf, lambda children: html_element(children), max_leaves=40)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """A page: a random prologue, head metadata and a random element tree, maybe cut or spliced."""
    prologue = draw(
        st.sampled_from(
            [
                "",
                "<!DOCTYPE html>",
                '<?xml version="1.0" encoding="utf-16"?>',
                "\ufeff<!doctype html>",
                "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML'>",
            ]
        )
    )
    metas = "".join(
        f'<meta {draw(st.sampled_from(["name", "property", "itemprop"]))}="{draw(st.sampled_from(META_NAMES))}" '
        f'content="{draw(date_text).replace(chr(34), "")}">'
        for _ in range(draw(st.integers(0, 3)))
    )
    title = draw(any_text).replace("<", "")
    body = "".join(draw(st.lists(html_tree, max_size=6)))
    page = f"{prologue}<html><head><title>{title}</title>{metas}</head><body>{body}</body></html>"
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(page)))
        page = page[:cut] + draw(raw_text) + page[cut:]
    return page


# -- containers -------------------------------------------------------------------------

json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text),
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)),
    max_leaves=8,
)


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    """JSON Lines with good, odd and broken lines (and sometimes gzip, cut anywhere)."""
    lines: list[bytes] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "html", "odd", "junk", "deep"]))
        if kind == "junk":
            lines.append(draw(st.binary(max_size=80)).replace(b"\n", b""))
            continue
        if kind == "deep":
            depth = draw(st.integers(1, 3000))
            lines.append(b'{"id": "d", "text": "x", "n": ' + b"[" * depth + b"]" * depth + b"}")
            continue
        obj: dict[str, Any] = {}
        if kind == "text":
            obj["text"] = draw(any_text)
        elif kind == "html":
            obj["html"] = draw(html_page())
        else:
            obj = draw(st.dictionaries(st.sampled_from(["id", "text", "html", "url", "title"]), json_value))
        for key in ("id", "url", "title", "outlet", "published"):
            if draw(st.booleans()):
                obj[key] = draw(st.one_of(any_text, json_value, date_text))
        ensure_ascii = draw(st.booleans())  # ASCII escapes keep lone surrogates as \\ud800
        try:
            line = json.dumps(obj, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
        except ValueError:
            line = json.dumps(obj).encode()
        lines.append(line)
    data = b"\n".join(lines) + draw(st.sampled_from([b"\n", b"", b"\r\n"]))
    return _maybe_gzip(draw, data)


def _maybe_gzip(draw: st.DrawFn, data: bytes) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        packed = gzip.compress(data, mtime=0)
        return packed[: draw(st.integers(len(packed) // 2, len(packed)))]
    return data


def warc_record(uri: str, body: bytes, headers: list[tuple[str, str]], status: str, rec_type: str) -> bytes:
    http = (
        f"HTTP/1.1 {status}\r\n".encode() + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers) + b"\r\n"
    )
    payload = http + body if rec_type in ("response", "revisit") else body
    head = (
        f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash((uri, len(body)))):032x}>\r\n"
        f"WARC-Date: 2019-02-28T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode("utf-8", "replace")
    return head + payload + b"\r\n\r\n"


@st.composite
def warc_file(draw: st.DrawFn) -> bytes:
    """A WARC of HTML responses with random headers, encodings and status; maybe gzipped per record, cut."""
    out = io.BytesIO()
    per_record_gzip = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        body = draw(html_page()).encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16"])), "replace")
        headers = [
            (
                "Content-Type",
                draw(
                    st.sampled_from(
                        [
                            "text/html",
                            "text/html; charset=ISO-8859-1",
                            "text/html; charset=bogus",
                            "application/json",
                            "",
                            "text/html; charset=utf-16",
                        ]
                    )
                ),
            )
        ]
        enc = draw(st.sampled_from(["", "gzip", "chunked", "gzip-bad", "deflate"]))
        if enc == "gzip":
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        elif enc == "gzip-bad":
            headers.append(("Content-Encoding", "gzip"))
        elif enc == "chunked":
            headers.append(("Transfer-Encoding", "chunked"))
            body = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        elif enc == "deflate":
            headers.append(("Content-Encoding", "deflate"))
        headers.extend(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["X-A", "Location", "Content-Length"]),
                        st.text(string.printable.strip(), max_size=20),
                    ),
                    max_size=2,
                )
            )
        )
        uri = draw(st.sampled_from(["https://n.example/2019/02/28/a", "", "javascript:x", "../../x"]))
        status = draw(st.sampled_from(["200 OK", "200 OK", "301 Moved", "404 Not Found", "200", "abc"]))
        rec_type = draw(st.sampled_from(["response", "response", "request", "metadata", "revisit", "bogus"]))
        rec = warc_record(uri, body, headers, status, rec_type)
        out.write(gzip.compress(rec, mtime=0) if per_record_gzip else rec)
    data = out.getvalue()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def feed_file(draw: st.DrawFn) -> bytes:
    """RSS 2.0 / Atom / RDF with hostile entries, entity declarations and encodings."""
    flavour = draw(st.sampled_from(["rss", "atom", "rdf"]))
    doctype = draw(
        st.sampled_from(
            [
                "",
                '<!DOCTYPE rss [<!ENTITY e "expanded">]>',
                '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
            ]
        )
    )
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title = draw(any_text)
        body = draw(st.one_of(any_text, html_page()))
        date = draw(date_text)
        wrap = draw(st.sampled_from(["escape", "cdata", "raw", "entity"]))
        if wrap == "escape":
            body = body.replace("&", "&amp;").replace("<", "&lt;")
        elif wrap == "cdata":
            body = f"<![CDATA[{body.replace(']]>', '')}]]>"
        elif wrap == "entity":
            body = "&e; &x; " + body.replace("<", "&lt;")
        if flavour == "atom":
            items.append(
                f"<entry><title>{title}</title><link href='{draw(date_text)}'/><updated>{date}</updated>"
                f"<content type='html'>{body}</content></entry>"
            )
        else:
            items.append(
                f"<item><title>{title}</title><link>{draw(attr_value)}</link><pubDate>{date}</pubDate>"
                f"<description>{body}</description></item>"
            )
    inner = "".join(items)
    if flavour == "atom":
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(any_text)}</title>{inner}</feed>'
    elif flavour == "rdf":
        doc = f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">{inner}</rdf:RDF>'
    else:
        doc = f'<rss version="2.0"><channel><title>{draw(any_text)}</title>{inner}</channel></rss>'
    enc = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "bogus"]))
    decl = f'<?xml version="1.0" encoding="{enc}"?>'
    pyenc = "utf-8" if enc == "bogus" else enc
    data = (decl + doctype + doc).encode(pyenc, "replace")
    return _maybe_gzip(draw, data)


# -- targets ------------------------------------------------------------------------------

_NO_TIMEOUT: float | None = None


def _check_article(item: Article | InputError, source: str) -> None:
    assert isinstance(item, (Article, InputError)), type(item)
    if isinstance(item, InputError):
        assert item.reason and item.source == source
        return
    for value in (item.text, item.title or "", item.url or "", item.id):
        assert "\x00" not in value
    item.text.encode("utf-8")  # storable: no lone surrogates
    assert item.id


def target_html(page: str) -> None:
    rec = RawRecord(source="fuzz.html", content=page, kind="html", url="https://n.example/2019/02/28/a")
    _check_article(api.extract_record(rec), "fuzz.html")


def target_text(text: str) -> None:
    rec = RawRecord(source="fuzz.txt", content=text, kind="text")
    _check_article(api.extract_record(rec), "fuzz.txt")


def _read_file(data: bytes, name: str, *, extract: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(
            api.extract([path], max_bytes=1 << 20) if extract else read_inputs([path], ReaderOptions())
        )
    assert items, "every input yields a record or an error"
    for item in items:
        assert isinstance(item, (RawRecord, Article, InputError)), type(item)
        assert item.source.startswith(str(path)), item.source
        if isinstance(item, RawRecord):
            assert "\x00" not in item.content
            for value in (item.content, item.record_id or "", item.title or "", item.url or ""):
                value.encode("utf-8")
        elif isinstance(item, Article):
            _check_article(item, item.source)


def target_jsonl(data: bytes) -> None:
    _read_file(data, "fuzz.jsonl", extract=False)


def target_warc(data: bytes) -> None:
    _read_file(data, "fuzz.warc", extract=False)


def target_feed(data: bytes) -> None:
    _read_file(data, "fuzz.rss", extract=False)
    assert b"root:x:0:0" not in data  # sanity of the generator itself


def target_feed_extract(data: bytes) -> None:
    """Feed entries through extraction: an external entity must never pull in a local file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.rss"
        path.write_bytes(data)
        for item in api.extract([path]):
            if isinstance(item, Article):
                assert "root:x:0:0" not in item.text
                _check_article(item, item.source)


def target_dates(case: tuple[str, str | None, str | None]) -> None:
    from parallax.extract.dates import find_published
    from parallax.extract.html import parse_html

    page, url, hint = case
    try:
        tree = parse_html(page)
    except ValueError:
        return  # HtmlExtractionError: reported by the extractor as an InputError
    pub = find_published(tree, url, hint)
    assert 0.0 <= pub.confidence <= 1.0
    if pub.value is not None:
        assert pub.value[:4].isdigit(), pub.value


def target_timex(case: tuple[str, str | None]) -> None:
    from parallax.nlp.timex import find_times

    text, anchor = case
    for t in find_times(text, anchor):
        assert 0 <= t.start <= t.end <= len(text) and text[t.start : t.end] == t.text


def target_segment(text: str) -> None:
    from parallax.nlp.segment import sentences, tokens

    prev = 0
    for s in sentences(text):
        assert prev <= s.start < s.end <= len(text), (s, len(text))
        prev = s.end
    for t in tokens(text):
        assert 0 <= t.start < t.end <= len(text)


def target_dateline(text: str) -> None:
    from parallax.extract.dateline import find_dateline

    d = find_dateline(text)
    assert d is None or isinstance(d, str)


def target_annotate(text: str) -> None:
    art = Article(id="fuzz", source="fuzz.txt", text=text, published="2019-02-28")
    (out,) = list(api.annotate_articles([art]))
    assert isinstance(out, (Annotation, InputError)), type(out)
    if isinstance(out, Annotation):
        n = len(text)
        spans: list[Sentence | Entity | TimeExpr] = [*out.sentences, *out.entities, *out.times]
        for span in spans:
            assert 0 <= span.start <= span.end <= n, span
        for q in out.quotes:
            assert 0 <= q.content_start <= q.content_end <= n, q


_SEARCH_STORE: list[Any] = []
# What people type into a search box: words, punctuation, quotes, FTS5 operators and columns.
search_text = st.lists(
    st.one_of(
        st.sampled_from(["covid-19", "U.S.", "don't", "9/11", "AT&T", "1,000", '"', "*", "(", ")", "-",
                         "AND", "OR", "NOT", "NEAR(", "title:", "text:", "^", ":", "{", "}", "+", "“"]),
        any_text,
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


def target_search(case: tuple[str, bool]) -> None:
    """Plain mode answers hits or refuses a query only for its size; advanced mode may refuse it."""
    from searchkit import build_store

    from parallax.store import SearchQueryError, Store

    if not _SEARCH_STORE:
        folder = Path(tempfile.mkdtemp(prefix="parallax-fuzz-search-"))
        _SEARCH_STORE.append(Store(build_store(folder / "s.db"), readonly=True))
    query, advanced = case
    try:
        hits = _SEARCH_STORE[0].search(query, 5, literal=not advanced, budget=2.0)
    except SearchQueryError as exc:
        assert advanced or not query.strip() or "too long" in str(exc) or "too many words" in str(exc), exc
        return
    assert all(h.article_id for h in hits)


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[Any], None]
    strategy: st.SearchStrategy[Any]
    #: Relative cost: the benchmark gives cheap targets more cases.
    weight: float = 1.0


TARGETS = [
    Target("html", target_html, html_page(), 0.3),
    Target("text", target_text, any_text, 0.5),
    Target("jsonl", target_jsonl, jsonl_file(), 1.0),
    Target("warc", target_warc, warc_file(), 1.0),
    Target("feed", target_feed, feed_file(), 1.0),
    Target("feed_extract", target_feed_extract, feed_file(), 0.2),
    Target(
        "dates",
        target_dates,
        st.tuples(html_page(), st.one_of(st.none(), attr_value), st.one_of(st.none(), date_text)),
        0.5,
    ),
    Target("timex", target_timex, st.tuples(any_text, st.one_of(st.none(), date_text)), 3.0),
    Target("segment", target_segment, any_text, 3.0),
    Target("dateline", target_dateline, any_text, 3.0),
    Target("annotate", target_annotate, any_text, 0.2),
    Target("search", target_search, st.tuples(search_text, st.booleans()), 2.0),
]
BY_NAME = {t.name: t for t in TARGETS}
