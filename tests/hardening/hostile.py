"""A corpus of hostile input files: bombs, floods, deep nesting, entity tricks, broken bytes.

``write_corpus(folder, scale)`` writes one file per case and returns the case names.
``scale`` multiplies the sizes (1.0: the sizes named in the case; the default suite uses a
smaller scale for the cases whose cost grows with size, never below the readers' 20 MB cap
for the cases that test that cap).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
PARA = "<p>The summit in Hanoi ended early on Thursday, officials said, after talks broke down.</p>"


def _gzip_stream(path: Path, head: bytes, filler: bytes, total: int, tail: bytes = b"") -> None:
    """Write ``head + filler * n + tail`` gzip-compressed, ``total`` bytes uncompressed, chunk by chunk."""
    chunk = filler * max(1, (1 * MB) // len(filler))
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(head)
        written = 0
        while written < total:
            fh.write(chunk)
            written += len(chunk)
        fh.write(tail)


def _deflate_bomb(total: int) -> bytes:
    """A gzip member inflating to ``total`` bytes of HTML text (built in memory: it compresses ~1000:1)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [comp.compress(b"<html><body><p>")]
    chunk = b"a " * (MB // 2)
    for _ in range(max(1, total // len(chunk))):
        parts.append(comp.compress(chunk))
    parts.append(comp.compress(b"</p></body></html>"))
    parts.append(comp.flush())
    return b"".join(parts)


def _warc(uri: str, body: bytes, extra_http: str = "") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra_http}\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + "\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Date: 2019-02-28T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _billion_laughs() -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(ents) + ']><rss version="2.0"><channel>'
        "<title>Laughs</title><item><title>lol</title><link>https://n.example/lol</link>"
        "<description>&lol9;</description></item></channel></rss>"
    ).encode()


def _quadratic_blowup() -> bytes:
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 100_000 + '">]><rss version="2.0">'
        "<channel><title>Q</title><item><title>q</title><description>"
        + "&a;" * 100_000
        + "</description></item></channel></rss>"
    ).encode()


XXE_TARGET = "/etc/passwd"


def _xxe_feed() -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{XXE_TARGET}">]>'
        '<rss version="2.0"><channel><title>X</title><item><title>secret</title>'
        "<description>The file says: &xxe; and that is all about the summit talks.</description>"
        "</item></channel></rss>"
    ).encode()


def _xxe_html() -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{XXE_TARGET}">]>'
        f"<html><head><title>X</title></head><body><article><p>The file says: &xxe;.</p>{PARA * 3}"
        "</article></body></html>"
    ).encode()


def cases(scale: float = 1.0) -> dict[str, Callable[[Path], object]]:
    """Case name (= file name) -> writer of that file."""

    def n(x: float) -> int:
        return max(1, int(x * scale))

    def text(data: str | bytes) -> Callable[[Path], object]:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        return lambda p: p.write_bytes(raw)

    def big_line(path: Path) -> None:
        with path.open("wb") as fh:  # 100 MB, one line, no newline: refused before it is read
            for _ in range(100):
                fh.write(b"word " * (MB // 5))

    def big_json_line(path: Path) -> None:
        with path.open("wb") as fh:
            fh.write(b'{"id": "big", "text": "')
            for _ in range(100):
                fh.write(b"word " * (MB // 5))
            fh.write(b'"}\n{"id": "after", "text": "The line after a 100 MB line is still read."}\n')

    nested = n(100_000)
    return {
        # decompression bombs: 1 GB (scaled) of text behind ~1 MB
        "bomb.html.gz": lambda p: _gzip_stream(p, b"<html><body><p>", b"a " * 512, n(1024 * MB)),
        "bomb.jsonl.gz": lambda p: _gzip_stream(
            p, b'{"id": "bomb", "text": "', b"a " * 512, n(1024 * MB), b'"}\n'
        ),
        "bomb-http.warc": lambda p: p.write_bytes(
            _warc("https://n.example/bomb", _deflate_bomb(n(1024 * MB)), "Content-Encoding: gzip\r\n")
        ),
        # XML entity attacks
        "billion-laughs.rss": text(_billion_laughs()),
        "quadratic-blowup.rss": text(_quadratic_blowup()),
        "xxe.rss": text(_xxe_feed()),
        "xxe.html": text(_xxe_html()),
        # sheer size
        "line-100mb.txt": big_line,
        "line-100mb.jsonl": big_json_line,
        "line-15mb.txt": text("word " * (n(15 * MB) // 5)),
        "paragraphs-500k.html": text("<html><body>" + "<p>x</p>" * n(500_000) + "</body></html>"),
        "comment-10mb.html": text(
            "<html><body><!--" + "c" * n(10 * MB) + "-->" + PARA * 3 + "</body></html>"
        ),
        "entities-2m.html": text(
            "<html><body><p>" + "&amp;" * n(2_000_000) + "</p>" + PARA + "</body></html>"
        ),
        # deep nesting
        "nested-divs.html": text(
            "<html><body>" + "<div>" * nested + PARA * 3 + "</div>" * nested + "</body></html>"
        ),
        "nested-unclosed.html": text("<html><body>" + "<div><span><b>" * (nested // 3) + PARA * 3),
        "nested-tables.html": text("<html><body>" + "<table><tr><td>" * n(10_000) + PARA * 3),
        "nested-json.jsonl": text(
            '{"id": "deep", "text": "x", "n": ' + "[" * nested + "]" * nested + "}\n"
            '{"id": "ok", "text": "A line after a deeply nested one is still read."}\n'
        ),
        # attributes
        "attribute-15mb.html": text(
            f'<html><body><div class="{"a" * n(15 * MB)}">{PARA * 3}</div></body></html>'
        ),
        "attributes-100k.html": text(
            "<html><body><div "
            + " ".join(f"a{i}=x" for i in range(n(100_000)))
            + f">{PARA * 3}</div></body></html>"
        ),
        # broken characters
        "nul-bytes.html": text(
            "<html><body>\x00" + PARA.replace("summit", "sum\x00mit") * 3 + "</body></html>"
        ),
        "nul-bytes.txt": text("Summit ends\n\nThe summit\x00 in Hanoi ended early.\x00\n"),
        "surrogates.jsonl": text(
            json.dumps({"id": "s\ud800", "text": "Lone \ud800 surrogate \udfff text.", "title": "T\udbff"})
            + "\n"
            + json.dumps(
                {"id": "s2", "html": f"<html><body>{PARA}\ud83d</body></html>", "url": "https://x/\udc00"}
            )
            + "\n"
        ),
        "surrogate-refs.html": text(
            f"<html><body><p>&#xD800; &#xDFFF; &#0; &#x110000;</p>{PARA * 3}</body></html>"
        ),
        "invalid-utf8.html": text(
            b"<html><body><p>\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1" + PARA.encode() * 3 + b"</p>"
        ),
        "utf16-no-bom.html": text(("<html><body>" + PARA * 3 + "</body></html>").encode("utf-16-le")),
        # issue 18: a flood of blank lines, UTF-16 without BOM, WARCs cut inside a record header
        "blank-lines.jsonl.gz": lambda p: _gzip_stream(p, b"", b"\n" * 4096, max(n(100 * MB), 24 * MB)),
        "utf16be-no-bom.txt": text(("Summit ends\n\n" + PARA[3:-4] * 3).encode("utf-16-be")),
        "warc-cut-in-header.warc": text(
            _warc("https://n.example/1", PARA.encode() * 3) * 2 + b"WARC/1.0\r\nWARC-Type: res"
        ),
        "warc-gz-cut-member.warc.gz": text(
            gzip.compress(_warc("https://n.example/1", PARA.encode() * 3)) * 2 + b"\x1f\x8b\x08"
        ),
        "bidi-zero-width.html": text(
            f"<html><head><title>\u202egnp.exe\u200b</title></head><body>{PARA * 3}</body></html>"
        ),
    }


def write_corpus(folder: Path, scale: float = 1.0, only: list[str] | None = None) -> list[str]:
    """Write the hostile files into ``folder``; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, writer in cases(scale).items():
        if only is not None and name not in only:
            continue
        writer(folder / name)
        names.append(name)
    return names
