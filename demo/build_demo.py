#!/usr/bin/env python3
"""Regenerate the binary parts of the demo corpus from the hand-written sources in demo/src/.

Writes
  demo/corpus/crawl/metro-standard-2026-03.warc.gz  a small CC-NEWS-style crawl (warcio)
  demo/bad/                                          inputs that `parallax extract` must report and skip

Output is byte-for-byte reproducible (fixed record ids, dates and gzip headers).
Usage: python demo/build_demo.py
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEMO = Path(__file__).resolve().parent
SRC = DEMO / "src" / "metro-standard"
WARC_OUT = DEMO / "corpus" / "crawl" / "metro-standard-2026-03.warc.gz"
BAD = DEMO / "bad"
CRAWL_DATE = "2026-03-20T06:00:00Z"
SITE = "https://metrostandard.example"

# (url, source file, HTTP status, content type, body encoding)
PAGES = [
    (f"{SITE}/news/varnholm-port-strike-mayor-talks", "port-strike-day4.html", "200 OK",
     "text/html; charset=utf-8", "utf-8"),
    # No <meta charset>: only the HTTP header says windows-1252 (curly quotes, euro sign).
    (f"{SITE}/politics/kestrel-county-recount-starts", "recount-starts.html", "200 OK",
     "text/html; charset=windows-1252", "cp1252"),
]  # fmt: skip


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def _headers(uri: str, kind: str) -> dict[str, str]:
    return {"WARC-Record-ID": _record_id(kind, uri), "WARC-Date": CRAWL_DATE}


def _response(writer: WARCWriter, uri: str, status: str, ctype: str, body: bytes) -> None:
    http = StatusAndHeaders(
        status,
        [("Content-Type", ctype), ("Content-Length", str(len(body))), ("Server", "nginx")],
        protocol="HTTP/1.1",
    )
    rec = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict=_headers(uri, "response"),
    )
    writer.write_record(rec)


def _request(writer: WARCWriter, uri: str) -> None:
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    http = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", uri.split("/")[2]), ("User-Agent", "demo-crawler/1.0")],
        is_http_request=True,
    )
    rec = writer.create_warc_record(
        uri, "request", payload=io.BytesIO(b""), http_headers=http, warc_headers_dict=_headers(uri, "request")
    )
    writer.write_record(rec)


def build_warc(out: Path = WARC_OUT) -> Path:
    """The demo crawl: two articles plus the records a real crawl also holds (all skipped by readers)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    info = b"software: demo/build_demo.py\r\nformat: WARC File Format 1.1\r\nisPartOf: parallax-demo\r\n"
    writer.write_record(
        writer.create_warc_record(
            WARC_OUT.name,  # the published name, wherever this copy is written
            "warcinfo",
            payload=io.BytesIO(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict=_headers(WARC_OUT.name, "warcinfo"),
        )
    )
    _request(writer, f"{SITE}/robots.txt")
    _response(writer, f"{SITE}/robots.txt", "200 OK", "text/plain", b"User-agent: *\nDisallow: /search\n")
    for url, name, status, ctype, encoding in PAGES:
        _request(writer, url)
        html = (SRC / name).read_text(encoding="utf-8")
        _response(writer, url, status, ctype, html.encode(encoding))
    _response(writer, f"{SITE}/img/logo.png", "200 OK", "image/png", tiny_png())
    _response(writer, f"{SITE}/news/old-url", "301 Moved Permanently", "text/html", b"")
    _response(
        writer, f"{SITE}/news/deleted", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"
    )
    out.write_bytes(buf.getvalue())
    return out


def tiny_png() -> bytes:
    """A valid 1x1 PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def build_bad(folder: Path = BAD) -> Path:
    """One small file per kind of bad input (a 200 MB page is made on demand: see demo/README.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.html").write_bytes(tiny_png())  # binary behind a misleading name
    good = {"id": "bad-demo-1", "text": "This line is fine and is still written.", "outlet": "Demo"}
    (folder / "half-broken.jsonl").write_text(
        json.dumps(good) + "\n" + '{"id": "bad-demo-2", "text": "unterminated\n', encoding="utf-8"
    )
    page = (DEMO / "corpus" / "harbour-gazette" / "strike-day3.html").read_bytes()
    packed = gzip.compress(page, mtime=0)
    (folder / "truncated.html.gz").write_bytes(packed[: len(packed) // 2])
    (folder / "garbage.txt").write_bytes(bytes((i * 89 + 7) % 128 + 128 for i in range(2048)))
    return folder


def main() -> None:
    print(build_warc())
    print(build_bad())


if __name__ == "__main__":
    main()
