import json

from readerkit import errors, gz, read_all, records

LINES = [
    {"id": "w-1", "text": "VARNHOLM (Wire) -- Dock workers stayed out.\n\nTalks resume Friday.", "url": "https://wire.example/1",
     "title": "Strike enters third day", "outlet": "Northern Wire", "published": "2026-03-12T09:30:00+01:00"},
    {"id": 42, "html": "<html><body><p>Counting resumed in Kestrel County.</p></body></html>"},
    {"text": "No id here."},
]  # fmt: skip


def jsonl(objs) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def test_fields_and_kinds(write):
    recs = read_all(write("a.jsonl", jsonl(LINES)))
    assert not errors(recs)
    a, b, c = recs
    assert (a.kind, a.text_is_final, a.record_id, a.outlet) == ("text", True, "w-1", "Northern Wire")
    assert a.content == LINES[0]["text"]
    assert a.url == "https://wire.example/1" and a.title == "Strike enters third day"
    assert a.published == "2026-03-12T09:30:00+01:00"
    assert a.source.endswith("a.jsonl:1")
    assert (b.kind, b.text_is_final, b.record_id) == ("html", False, "42")
    assert c.record_id is None and c.source.endswith(":3")


def test_text_wins_over_html():
    from parallax.readers.jsonl import record_from_object

    rec = record_from_object({"text": "ready", "html": "<p>page</p>"}, "x:1")
    assert rec.kind == "text" and rec.content == "ready"


def test_bad_lines_are_reported_and_the_rest_read(write):
    body = (
        jsonl(LINES[:1])
        + "this is not json\n"
        + "\n"
        + '{"id": "no-body", "title": "t"}\n'
        + '["a", "list"]\n'
        + '{"id": "empty", "text": "  "}\n'
        + jsonl(LINES[1:2])
    )
    path = write("mixed.jsonl", body)
    items = read_all(path)
    assert [r.record_id for r in records(items)] == ["w-1", "42"]
    errs = {e.source: e.reason for e in errors(items)}
    assert errs[f"{path}:2"].startswith("not JSON")
    assert errs[f"{path}:4"] == 'no "text" or "html" field'
    assert errs[f"{path}:5"].startswith("not a JSON object")
    assert "empty" in errs[f"{path}:6"]
    assert len(errs) == 4


def test_gzip_and_truncated_gzip(write):
    many = [{"id": f"n{i}", "text": f"Article number {i}. " * 40} for i in range(200)]
    data = gz(jsonl(many).encode())
    assert len(records(read_all(write("all.jsonl.gz", data)))) == 200
    items = read_all(write("cut.jsonl.gz", data[: len(data) // 2]))
    recs, errs = records(items), errors(items)
    assert 0 < len(recs) < 200
    assert [r.record_id for r in recs] == [f"n{i}" for i in range(len(recs))]  # whole lines only
    assert recs[-1].content == many[len(recs) - 1]["text"]
    (err,) = errs
    assert "truncated gzip" in err.reason and f"after line {len(recs)}" in err.reason


def test_overlong_line_is_skipped_without_loading_it(write):
    body = jsonl([{"id": "big", "text": "x" * 5000}, {"id": "ok", "text": "fine"}])
    items = read_all(write("big.jsonl", body), max_bytes=1000)
    assert [r.record_id for r in records(items)] == ["ok"]
    (err,) = errors(items)
    assert err.source.endswith("big.jsonl:1") and "line too large" in err.reason


def test_non_utf8_line(write):
    path = write(
        "enc.jsonl", b'{"id": "a", "text": "ok"}\n' + b'{"id": "b", "text": "' + b"\xe9\xe8" * 100 + b'"}\n'
    )
    items = read_all(path)
    assert [r.record_id for r in records(items)] == ["a"]
    (err,) = errors(items)
    assert err.source == f"{path}:2" and "undecodable" in err.reason


def test_jsonl_without_extension_is_sniffed(write):
    recs = read_all(write("export", jsonl(LINES)))
    assert [r.kind for r in recs] == ["text", "html", "text"]


def test_pretty_printed_object_and_array(write):
    (one,) = read_all(write("one.json", json.dumps(LINES[0], indent=2)))
    assert one.record_id == "w-1" and one.text_is_final
    items = read_all(write("many.json", json.dumps([LINES[0], "oops", LINES[1]], indent=1)))
    assert [r.record_id for r in records(items)] == ["w-1", "42"]
    (err,) = errors(items)
    assert err.source.endswith("many.json#2") and "not a JSON object" in err.reason


def test_broken_pretty_json_is_reported_per_line(write):
    items = read_all(write("broken.json", '{\n  "id": "x",\n  "text": "y"\n'))
    assert errors(items) and not records(items)
