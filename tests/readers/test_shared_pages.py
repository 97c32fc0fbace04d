"""Real crawled pages of the shared benchmarks: every one is read, decoded, and kept."""

from __future__ import annotations

import logging

import pytest

from parallax.model import RawRecord
from parallax.readers import read_inputs

SETS = ["article-extraction-benchmark/html", "htmldate-eval/html", "trafilatura-eval/html"]


@pytest.mark.slow
def test_every_benchmark_page_is_read(shared_data):
    logging.getLogger("parallax.readers.encoding").setLevel(logging.ERROR)
    dirs = [shared_data / s for s in SETS if (shared_data / s).is_dir()]
    expected = sum(1 for d in dirs for f in d.rglob("*") if f.is_file() and not f.name.startswith("."))
    items = list(read_inputs(dirs))
    assert len(items) == expected
    assert all(isinstance(i, RawRecord) and i.kind == "html" for i in items), [
        i for i in items if not isinstance(i, RawRecord)
    ][:5]
    damaged = [i.source for i in items if "\ufffd" in i.content]
    assert len(damaged) <= 0.02 * len(items), damaged[:10]
