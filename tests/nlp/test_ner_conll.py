"""Slow, shared-data test: the shipped NER model keeps its CoNLL-2003 dev F1 floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "ner_conll.py"

#: Floor for the shipped default model, whole documents through ``parallax annotate`` (issue 17: >= 0.92).
DEV_F1_FLOOR = 0.92


def _bench_module():
    spec = importlib.util.spec_from_file_location("ner_conll_bench", BENCH)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bio_spans_follow_conlleval() -> None:
    bench = _bench_module()
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "B-MISC"]
    assert bench.bio_spans(0, tags) == {
        (0, 0, 2, "PER"),
        (0, 3, 4, "LOC"),
        (0, 4, 5, "LOC"),
        (0, 5, 6, "ORG"),
        (0, 6, 7, "MISC"),
    }
    res = bench.score({(0, 0, 2, "PER"), (0, 3, 4, "LOC")}, {(0, 0, 2, "PER"), (0, 3, 5, "LOC")})
    assert res["micro"]["f1"] == 0.5


@pytest.mark.slow
def test_conll_dev_f1_floor(shared_data: Path) -> None:
    bench = _bench_module()
    res = bench.eval_annotate(shared_data / "conll2003-en" / "iob2" / "valid.txt.gz")
    assert res["micro"]["support"] == 5942
    assert res["micro"]["f1"] >= DEV_F1_FLOOR, res
