"""``parallax extract`` on a folder of hostile files: every file is read or reported, in bounded time and memory.

Bombs and 100 MB lines are refused at the size cap, entity attacks are not expanded and
external entities are never loaded, deep nesting and huge tags are parsed or stopped by
the per-document time limit. The full-size corpus runs in ``benchmarks/fuzz_all.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile import XXE_TARGET, write_corpus

RUNNER = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write(
    "\\nMAXRSS_KB %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
from parallax.cli import main
sys.exit(main(sys.argv[1:]))
"""
TIMEOUT = 5  # per-document time limit for this run (default 30 s)


@dataclass
class Run:
    names: list[str]
    folder: Path
    articles: list[dict[str, Any]]
    stderr: str
    code: int
    wall: float

    def reached(self, source: str) -> bool:
        """``source`` came out as an article, or was reported by a later stage than the reader."""
        return (
            any(a["source"] == source for a in self.articles)
            or f"skipped {source}: extraction" in self.stderr
        )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("hostile")
    names = write_corpus(folder, scale=0.2)
    env = {**os.environ, "PARALLAX_DOC_TIMEOUT": str(TIMEOUT)}
    t0 = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, "extract", str(folder), "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    wall = time.monotonic() - t0
    articles = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return Run(names, folder, articles, out.stderr, out.returncode, wall)


def test_every_hostile_file_is_read_or_reported(run: Run) -> None:
    assert run.code == 3, run.stderr[-3000:]  # finished, with inputs reported (never 1: a crash)
    assert "Traceback" not in run.stderr
    for name in run.names:
        path = str(run.folder / name)
        read = any(a["source"].startswith(path) for a in run.articles)
        reported = f"skipped {path}" in run.stderr
        assert read or reported, f"{name}: neither read nor reported"


def test_bombs_and_huge_lines_are_refused_at_the_cap(run: Run) -> None:
    for name in ("bomb.html.gz", "bomb.jsonl.gz", "bomb-http.warc", "line-100mb.txt", "line-100mb.jsonl"):
        line = next(ln for ln in run.stderr.splitlines() if f"skipped {run.folder / name}" in ln)
        assert "too large" in line, line
    # The lines after an over-long or over-deep JSON line are still read.
    for source in ("line-100mb.jsonl:2", "nested-json.jsonl:2", "surrogates.jsonl:1", "surrogates.jsonl:2"):
        assert run.reached(f"{run.folder / source}"), source


def test_entities_are_neither_expanded_nor_loaded(run: Run) -> None:
    secret = Path(XXE_TARGET).read_text().splitlines()[0] if Path(XXE_TARGET).exists() else "root:x:0:0"
    for a in run.articles:
        assert secret not in a["text"] and "lollollol" not in a["text"], a["source"]
        assert len(a["text"]) < 5_000_000


def test_time_and_memory_are_bounded(run: Run) -> None:
    peak_mb = int(run.stderr.rsplit("MAXRSS_KB", 1)[1].split()[0]) // 1024
    assert peak_mb < 1500, peak_mb
    # Without the time limit and the attribute cap, one file alone takes many minutes.
    assert run.wall < len(run.names) * (TIMEOUT + 10), run.wall
    for a in run.articles:
        assert "\x00" not in a["text"]
        a["text"].encode("utf-8")
