from readerkit import PAGE, errors, read_all, records, warc_bytes

LEGACY = "<html><body><p>Le maire a déclaré que la grève coûterait cher.</p></body></html>"

ENTRIES = [
    {"uri": "https://example.org/", "type": "request"},
    {"uri": "https://news.example/strike", "body": PAGE.encode(), "ctype": "text/html; charset=utf-8"},
    {"uri": "https://news.example/gone", "body": b"<html>gone</html>", "ctype": "text/html", "status": "404 Not Found"},
    {"uri": "https://news.example/logo.png", "body": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "ctype": "image/png"},
    {"uri": "https://news.example/moved", "body": b"", "ctype": "text/html", "status": "301 Moved"},
    {"uri": "https://news.example/fr", "body": LEGACY.encode("cp1252"), "ctype": "text/html; charset=windows-1252"},
    {"uri": "https://news.example/untyped", "body": PAGE.encode()},
]  # fmt: skip


def test_html_responses_only(write):
    path = write("crawl.warc.gz", warc_bytes(ENTRIES))
    items = read_all(path)
    assert not errors(items)
    recs = records(items)
    assert [r.url for r in recs] == [
        "https://news.example/strike",
        "https://news.example/fr",
        "https://news.example/untyped",
    ]
    first = recs[0]
    assert first.kind == "html" and first.content == PAGE
    assert first.record_id and first.record_id.startswith("urn:uuid:")
    assert first.source.startswith(f"{path}@") and first.source != recs[1].source
    assert recs[1].content == LEGACY and recs[1].encoding == "cp1252"


def test_uncompressed_warc_and_misleading_name(write):
    recs = records(read_all(write("crawl.html", warc_bytes(ENTRIES, compress=False))))
    assert len(recs) == 3


def test_offsets_point_at_records(write):
    from warcio.archiveiterator import ArchiveIterator

    path = write("c.warc.gz", warc_bytes(ENTRIES))
    rec = records(read_all(path))[1]
    offset = int(rec.source.rsplit("@", 1)[1])
    with path.open("rb") as fh:
        fh.seek(offset)
        got = next(iter(ArchiveIterator(fh)))
        assert got.rec_headers.get_header("WARC-Target-URI") == rec.url


def test_truncated_warc_gz_keeps_whole_records(write):
    pages = [
        {
            "uri": f"https://news.example/{i}",
            "body": (PAGE + f"<!-- {i} -->" + "z" * 3000).encode(),
            "ctype": "text/html",
        }
        for i in range(6)
    ]
    data = warc_bytes(pages)
    cut = len(data) * 2 // 3 + 100  # inside a record, not at a member boundary
    items = read_all(write("cut.warc.gz", data[:cut]))
    recs = records(items)
    assert 0 < len(recs) < 6
    assert [r.url for r in recs] == [f"https://news.example/{i}" for i in range(len(recs))]
    (err,) = errors(items)
    assert "truncated" in err.reason and "WARC" in err.reason


def test_truncated_uncompressed_warc(write):
    pages = [
        {"uri": f"https://n.example/{i}", "body": (PAGE + "z" * 3000).encode(), "ctype": "text/html"}
        for i in range(3)
    ]
    data = warc_bytes(pages, compress=False)
    items = read_all(write("cut.warc", data[:-1000]))
    assert len(records(items)) == 2
    assert "truncated WARC" in errors(items)[0].reason


def test_oversized_record_is_skipped(write):
    pages = [
        {"uri": "https://n.example/big", "body": (PAGE + "z" * 50_000).encode(), "ctype": "text/html"},
        {"uri": "https://n.example/small", "body": PAGE.encode(), "ctype": "text/html"},
    ]
    items = read_all(write("big.warc.gz", warc_bytes(pages)), max_bytes=10_000)
    assert [r.url for r in records(items)] == ["https://n.example/small"]
    (err,) = errors(items)
    assert "too large" in err.reason and "@" in err.source


def test_binary_body_labelled_html_is_reported(write):
    pages = [
        {"uri": "https://n.example/x", "body": b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "ctype": "text/html"}
    ]
    (err,) = read_all(write("bin.warc", warc_bytes(pages, compress=False)))
    assert "PNG image" in err.reason and "https://n.example/x" in err.reason


def test_not_a_warc(write):
    (err,) = read_all(write("fake.warc", "WARC/1.0\r\nthis is not really a warc\r\n"))
    assert "WARC" in err.reason


def test_chunked_gzip_body_and_broken_content_encoding(write):
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = gzip.compress(PAGE.encode())
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for uri, payload, headers in [
        ("https://n.example/ok", chunked, [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]),
        ("https://n.example/bad", b"\x1f\x8bnot gzip at all", [("Content-Encoding", "gzip")]),
    ]:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *headers], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http)
        )
    items = read_all(write("enc.warc.gz", out.getvalue()))
    (rec,) = records(items)
    assert rec.url == "https://n.example/ok" and rec.content == PAGE
    (err,) = errors(items)
    assert "gzip-compressed data" in err.reason and "https://n.example/bad" in err.reason


def test_warc_without_documents_is_reported(write):
    crawl = [{"uri": "https://n.example/logo.png", "body": b"\x89PNG\r\n\x1a\n", "ctype": "image/png"}]
    (err,) = read_all(write("images.warc.gz", warc_bytes(crawl)))
    assert "no HTML documents" in err.reason


def test_warc_name_on_other_content(write):
    (err,) = read_all(write("x.warc", "\x01 plain words, not a crawl"))
    assert "not a WARC" in err.reason


def test_arc_file(write):
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode()
    version = b"1 0 Parallax\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (
        b"filedesc://old.arc 0.0.0.0 20260320060000 text/plain %d\n" % len(version)
        + version
        + b"\nhttps://old.example/a 10.0.0.1 20260320060000 text/html %d\n" % len(body)
        + body
        + b"\n"
    )
    path = write("old.arc", arc)
    (rec,) = read_all(path)
    assert rec.url == "https://old.example/a" and rec.content == PAGE
    assert rec.record_id is None  # the converted id is random: the extractor hashes the content
    assert read_all(path) == [rec]
