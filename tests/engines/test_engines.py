"""Engines: the Ray engine gives the same articles and stories as the local one, and survives a killed worker."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from parallax import api
from parallax.engines import LocalEngine, PrepareOptions, get_engine
from parallax.store import Store

EVENTS = [
    ("Marlow", "dock workers", "pay", "Ana Ruiz"),
    ("Tessby", "bus drivers", "shifts", "Omar Haddad"),
    ("Quarry Point", "nurses", "staffing", "Lena Vogt"),
    ("Old Harbour", "teachers", "class sizes", "Sam Okafor"),
]


def write_corpus(folder: Path, files: int = 16, per_file: int = 4) -> None:
    """JSON Lines files of ready-text articles: four strikes, each told by several outlets."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for f in range(files):
        with (folder / f"part-{f:03d}.jsonl").open("w") as fh:
            for _ in range(per_file):
                city, who, why, leader = EVENTS[n % len(EVENTS)]
                text = (
                    f"{city.upper()} -- Thousands of {who} in {city} walked out on day {n % 7 + 1} of a dispute "
                    f"over {why}, union leader {leader} said.\n\n"
                    f'"We will not go back until the council listens," {leader} told reporters in {city}. '
                    f"Outlet {n % 5} counted {100 + n} people at the rally near the town hall."
                )
                rec = {"id": f"a{n:04d}", "text": text, "title": f"{who.title()} strike in {city}",
                       "outlet": f"Outlet {n % 5}", "published": f"2026-03-{1 + n % 7:02d}"}  # fmt: skip
                fh.write(json.dumps(rec) + "\n")
                n += 1


def memberships(db: Path) -> dict[str, str]:
    with Store(db, readonly=True) as s:
        return dict(s.db.execute("SELECT article_id, story_id FROM memberships").fetchall())


def test_local_engine_matches_plain_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, files=4)
    api.ingest([corpus], tmp_path / "plain.db")
    api.ingest([corpus], tmp_path / "local.db", engine=LocalEngine())
    assert memberships(tmp_path / "plain.db") == memberships(tmp_path / "local.db")


def test_local_engine_yields_in_order_with_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": "A sentence about a strike in Marlow."}) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    out = list(LocalEngine().map_inputs([good, bad], PrepareOptions()))
    assert [Path(p.path).name for p in out] == ["good.jsonl", "bad.jsonl"]
    assert [a.id for a in out[0].articles] == ["g1"] and not out[0].errors
    assert out[1].errors and str(bad) in out[1].errors[0].source


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("spark-ish")


ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_engine():  # type: ignore[no-untyped-def]
    engine = get_engine("ray", workers=2)
    yield engine
    engine.close()


def test_ray_engine_same_articles_and_stories_as_local(tmp_path: Path, ray_engine) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    local = api.ingest([corpus], tmp_path / "local.db")
    dist = api.ingest([corpus], tmp_path / "ray.db", engine=ray_engine)
    assert dist.new == local.new == 64
    assert memberships(tmp_path / "ray.db") == memberships(tmp_path / "local.db")
    again = api.ingest([corpus], tmp_path / "ray.db", engine=ray_engine)
    assert again.new == 0 and again.inputs_skipped == 16


def _ray_task_pids() -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            # A worker running a task is titled "ray::<function>"; idle ones are "ray::IDLE".
            if cmd.startswith(b"ray::") and b"prepare" in cmd:
                pids.append(int(d.name))
    return pids


def test_killed_worker_partition_is_retried(tmp_path: Path, ray_engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    write_corpus(corpus, files=24)
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for pid in _ray_task_pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                except ProcessLookupError:
                    pass
            time.sleep(0.005)

    # Slow each partition down so that a kill lands mid-task, not between tasks.
    from parallax.engines import base

    real = base.prepare_input

    def slow_prepare(path: str, options: PrepareOptions):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return real(path, options)

    engine = get_engine("ray", workers=2)
    engine._task = engine._ray.remote(max_retries=3, num_cpus=1)(slow_prepare)  # type: ignore[attr-defined]
    t = threading.Thread(target=killer)
    t.start()
    report = api.ingest([corpus], tmp_path / "killed.db", engine=engine)
    t.join()
    assert killed, "no worker was killed: the test did not test anything"
    api.ingest([corpus], tmp_path / "local.db")
    assert report.errors == 0 and report.new == 96
    assert memberships(tmp_path / "killed.db") == memberships(tmp_path / "local.db")
