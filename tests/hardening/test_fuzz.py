"""Every reader and parser survives generated hostile input (fast, bounded example counts).

Long runs of the same targets: ``python benchmarks/fuzz_all.py``.
"""

from __future__ import annotations

import pytest
from fuzzkit import TARGETS, Target
from hypothesis import HealthCheck, given, settings

#: Examples per target in the default suite (the benchmark runs thousands).
EXAMPLES = {
    "annotate": 10,
    "html": 12,
    "feed_extract": 8,
    "dates": 20,
    "text": 30,
    "warc": 30,
    "jsonl": 40,
    "feed": 40,
}


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_target_survives_hostile_input(target: Target) -> None:
    if target.name == "annotate":
        pytest.importorskip("parallax.nlp.annotator")

    @settings(
        max_examples=EXAMPLES.get(target.name, 60),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def check(case: object) -> None:
        target.run(case)

    check()
