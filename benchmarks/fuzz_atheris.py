"""Coverage-guided fuzzing of the readers and parsers with atheris (libFuzzer), one target per run.

    python benchmarks/fuzz_atheris.py TARGET -runs=20000 -max_total_time=120

Targets take raw bytes: ``jsonl``, ``warc``, ``feed``, ``html`` (as a file: read, decode, extract),
``text`` (as a file), ``timex`` and ``segment`` (bytes decoded as UTF-8 with surrogateescape, so
lone surrogates occur). An exception other than the contract's (records or InputError) stops
the run with a traceback and a nonzero exit; ``benchmarks/fuzz_all.py`` runs every target and
counts. Seeds are small valid inputs of each format, written to a temporary corpus folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    from parallax import api
    from parallax.model import Article, InputError, RawRecord
    from parallax.nlp.segment import sentences
    from parallax.nlp.timex import find_times
    from parallax.readers import ReaderOptions, read_inputs

SEEDS = {
    "jsonl": [
        b'{"id": "a", "text": "Talks ended.", "title": "T", "published": "2019-02-28"}\n{"id": "b", "html": "<p>x</p>"}\n'
    ],
    "feed": [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>'
        b"<link>https://n.example/a</link><pubDate>Thu, 28 Feb 2019 10:00:00 GMT</pubDate>"
        b"<description>&lt;p&gt;Talks ended early.&lt;/p&gt;</description></item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>a</title>'
        b"<updated>2019-02-28T10:00:00Z</updated><content type='html'>&lt;p&gt;x&lt;/p&gt;</content></entry></feed>",
    ],
    "warc": [
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/a\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: 91\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        b"<html><body><p>Talks ended early on Thursday.</p></body></html>\r\n\r\n"
    ],
    "html": [
        b'<!DOCTYPE html><html><head><title>Summit</title><meta property="article:published_time" '
        b'content="2019-02-28T10:00:00Z"></head><body><article><h1>Summit</h1><p>HANOI (Reuters) - Talks '
        b'ended early on Thursday, officials said.</p><p>"We will meet again," he said.</p></article></body></html>'
    ],
    "text": [b"Summit ends early\n\nHANOI (Reuters) - Talks ended early on Thursday, officials said.\n"],
    "timex": [b"Talks ended last Thursday, two days after 28 February 2019; next week, on March 5."],
    "segment": [b'Mr. Kim said: "We will meet." Then U.S. officials left at 5 p.m. on Jan. 3.\n\nNext.'],
}
NAMES = {"jsonl": "x.jsonl", "feed": "x.rss", "warc": "x.warc", "html": "x.html", "text": "x.txt"}


def _file_target(name: str, extract: bool) -> Callable[[bytes], None]:
    tmp = Path(tempfile.mkdtemp(prefix="parallax-atheris-"))
    path = tmp / name

    def run(data: bytes) -> None:
        path.write_bytes(data)
        items = api.extract([path]) if extract else read_inputs([path], ReaderOptions(max_bytes=1 << 20))
        for item in items:
            if not isinstance(item, (RawRecord, Article, InputError)):
                raise TypeError(f"unexpected {type(item)}")
            if isinstance(item, (RawRecord, Article)):
                text = item.content if isinstance(item, RawRecord) else item.text
                if "\x00" in text:
                    raise AssertionError("NUL in output")
                text.encode("utf-8")

    return run


def _text_target(fn: Callable[[str], Iterable[Any]]) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        text = data.decode("utf-8", "surrogateescape")
        for span in fn(text):
            if not 0 <= span.start <= span.end <= len(text):
                raise AssertionError(f"span out of bounds: {span}")

    return run


def main() -> None:
    target = sys.argv.pop(1)
    if target in ("html", "text"):
        run = _file_target(NAMES[target], extract=True)
    elif target in NAMES:
        run = _file_target(NAMES[target], extract=False)
    elif target == "timex":
        run = _text_target(lambda t: find_times(t, "2019-02-28"))
    elif target == "segment":
        run = _text_target(sentences)
    else:
        raise SystemExit(f"unknown target {target}; one of {sorted(SEEDS)}")
    corpus = Path(tempfile.mkdtemp(prefix=f"parallax-atheris-{target}-seeds-"))
    for i, seed in enumerate(SEEDS[target]):
        (corpus / f"seed{i}").write_bytes(seed)
    os.environ.setdefault("PARALLAX_DOC_TIMEOUT", "10")
    atheris.Setup([sys.argv[0], *sys.argv[1:], str(corpus)], run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
