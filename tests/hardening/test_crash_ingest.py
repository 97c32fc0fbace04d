"""SIGKILL ``parallax ingest`` at several points, rerun it: the store equals an uninterrupted run's.

The benchmark ``benchmarks/crash_ingest.py`` does the same over 30+ kill points.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from crashkit import (
    Snapshot,
    compare,
    ingest_cmd,
    is_equal,
    run_and_kill,
    run_to_end,
    snapshot,
    write_mixed_corpus,
)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, Snapshot]:
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    n = write_mixed_corpus(corpus, n_jsonl=80, per_file=20, n_html=2)
    ref_db = root / "ref.db"
    report = run_to_end(ingest_cmd([corpus], ref_db, batch_size=5))
    assert report["articles_total"] == n
    return corpus, n, snapshot(ref_db)


@pytest.mark.parametrize("point", ["early", "mid", "late"])
def test_killed_ingest_resumes_to_the_same_store(
    reference: tuple[Path, int, Snapshot], tmp_path: Path, point: str
) -> None:
    corpus, n, ref = reference
    assert not ref.problems
    db = tmp_path / "killed.db"
    cmd = ingest_cmd([corpus], db, batch_size=5)
    rng = random.Random(point)
    target = {"early": 1, "mid": n // 3, "late": 2 * n // 3}[point]
    # No extra delay before early and mid kills: on a quiet machine this small ingest finishes
    # within a few tenths of a second, and the kill must land while it runs.
    delay = rng.uniform(0, 0.3) if point == "late" else 0.0
    kill = run_and_kill(cmd, db, at_articles=target, extra_delay=delay)
    assert kill.killed, "ingest ended before the kill: the test tested nothing"
    partial = snapshot(db)
    assert not partial.problems, partial.problems  # a killed run leaves a consistent store
    if point != "late":  # late kills may land after the last commit (closing, or a final checkpoint)
        assert len(partial.ids) < n
    run_to_end(cmd)
    diff = compare(ref, snapshot(db))
    assert is_equal(diff), diff
    assert diff["same_errors"], diff
