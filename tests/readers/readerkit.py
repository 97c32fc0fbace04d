"""Helpers for reader tests (imported as ``readerkit``; the folder is on sys.path under pytest)."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from parallax.model import InputError, RawRecord
from parallax.readers import ReaderOptions, read_inputs

PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Port strike enters third day</title></head>'
    "<body><nav>Home | World</nav><article><h1>Port strike enters third day</h1>"
    "<p>Dock workers in Varnholm stayed off the job for a third day on Wednesday.</p></article>"
    "</body></html>"
)


def read_all(*paths: Path | str, **opts: object) -> list[RawRecord | InputError]:
    return list(read_inputs([str(p) for p in paths], ReaderOptions(**opts) if opts else None))  # type: ignore[arg-type]


def records(items: list[RawRecord | InputError]) -> list[RawRecord]:
    return [i for i in items if isinstance(i, RawRecord)]


def errors(items: list[RawRecord | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def warc_bytes(entries: list[dict[str, object]], *, compress: bool = True) -> bytes:
    """A WARC built with warcio; each entry: uri, body (bytes), status, ctype, type (response/request/...)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for e in entries:
        body = e.get("body", b"")
        assert isinstance(body, bytes)
        rtype = str(e.get("type", "response"))
        http = None
        if rtype in ("response", "request"):
            if rtype == "response":
                headers = [("Content-Type", str(e["ctype"]))] if e.get("ctype") else []
                headers.append(("Content-Length", str(len(body))))
                http = StatusAndHeaders(str(e.get("status", "200 OK")), headers, protocol="HTTP/1.1")
            else:
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        rec = writer.create_warc_record(str(e["uri"]), rtype, payload=BytesIO(body), http_headers=http)
        writer.write_record(rec)
    return out.getvalue()
