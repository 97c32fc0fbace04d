"""No input, however mangled, makes a reader raise: it yields records or InputErrors."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readerkit import PAGE, warc_bytes

from parallax.model import InputError, RawRecord
from parallax.readers import ReaderOptions, read_inputs

NAMES = ["x.txt", "x.html", "x.jsonl", "x.warc", "x.warc.gz", "x.rss", "x.gz", "x", "x.json"]
SEEDS = [
    PAGE.encode(),
    b'{"id": "a", "text": "hello"}\n{"id": "b", "html": "<p>x</p>"}\n',
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>'
    b"<description>&lt;p&gt;b&lt;/p&gt;</description></item></channel></rss>",
    warc_bytes([{"uri": "https://n.example/a", "body": PAGE.encode(), "ctype": "text/html"}], compress=False),
]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    """A known-good input cut, spliced with junk, maybe gzipped, under any name."""
    data = draw(st.sampled_from(SEEDS))
    cut = draw(st.integers(0, len(data)))
    junk = draw(st.binary(max_size=64))
    pos = draw(st.integers(0, cut))
    data = data[:pos] + junk + data[pos:cut]
    if draw(st.booleans()):
        packed = gzip.compress(data, mtime=0)
        data = packed[: draw(st.integers(0, len(packed)))]
    return draw(st.sampled_from(NAMES)), data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_inputs_never_raise(case):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([path], ReaderOptions(max_bytes=50_000)))
    assert items
    assert all(isinstance(i, (RawRecord, InputError)) for i in items)
    for item in items:
        if isinstance(item, RawRecord):
            assert item.content.strip()
            assert "\x00" not in item.content
        else:
            assert item.reason and item.source.startswith(str(path))
