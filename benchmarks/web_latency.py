"""Latency of the web app on a large store: story list, story pages and search (p50/p95).

Serves the store with ``parallax serve`` in a child process and times real HTTP requests
on loopback (one client, sequential, like a person clicking). Story pages are timed
cold (first visit: the digest is built and cached) and warm (later visits).

Run: ``nice -n 10 python benchmarks/web_latency.py --db STORE.db`` on an existing store, or
``--size 100000`` to generate a corpus from ../shared/data (ingest_corpus.py) and ingest it first.
Writes benchmarks/results/web_latency.json.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

RESULTS = Path(__file__).parent / "results"
QUERIES = ["summit", "police", "election", "market", "president", "court ruling", "fire", '"prime minister"',
           "climate", "football", "company shares", "storm", "minister", "trial", "vaccine", "strike"]  # fmt: skip


def build_store(size: int, work: Path) -> Path:
    from ingest_corpus import write_corpus

    corpus = work / f"corpus-{size}"
    db = work / f"store-{size}.db"
    if not db.exists():
        if not corpus.exists():
            write_corpus(size, corpus)
        subprocess.run(
            [sys.executable, "-m", "parallax", "ingest", str(corpus), "--db", str(db)], check=False
        )
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(client: httpx.Client, url: str) -> float:
    t0 = time.perf_counter()
    r = client.get(url)
    dt = (time.perf_counter() - t0) * 1000
    if r.status_code >= 500:
        raise RuntimeError(f"{url}: HTTP {r.status_code}")
    return dt


def stats(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
        "max_ms": round(ms[-1], 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing parallax store")
    ap.add_argument("--size", type=int, default=100000, help="articles to generate when --db is not given")
    ap.add_argument("--work", type=Path, default=Path("/tmp/parallax-web-latency"))
    ap.add_argument("--stories", type=int, default=60, help="story pages to time")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.db or build_store(args.size, args.work)
    from parallax.store import Store

    Store(db).close()  # migrate to this version's schema (the server opens it read-only)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    story_ids = [r[0] for r in con.execute("SELECT id FROM stories")]
    outlets = [
        r[0] for r in con.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL LIMIT 20")
    ]
    con.close()
    rng = random.Random(args.seed)
    sample = rng.sample(story_ids, min(args.stories, len(story_ids)))

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--port", str(port)],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(600):
                if server.poll() is not None:
                    raise RuntimeError(f"parallax serve exited with {server.returncode}")
                try:
                    client.get("/stories.json?limit=1")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            list_urls = ["/stories", "/stories?order=size", "/stories?order=outlets", "/stories?offset=50",
                         "/stories.json"] + [f"/stories?outlet={o}" for o in outlets[:5]]  # fmt: skip
            timed(client, "/stories")  # warm the connection and page cache
            story_list = [timed(client, u) for u in list_urls * 4]
            cold = [timed(client, f"/stories/{sid}") for sid in sample]
            warm = [timed(client, f"/stories/{sid}") for sid in sample]
            search = [timed(client, f"/search?q={q}") for q in QUERIES * 2]
    finally:
        server.terminate()
        server.wait(10)
    result: dict[str, Any] = {
        "db": str(db),
        "articles": n_articles,
        "stories": len(story_ids),
        "story_list": stats(story_list),
        "story_page_cold": stats(cold),
        "story_page_warm": stats(warm),
        "search": stats(search),
    }
    result["meets_200ms_p95"] = all(
        result[k]["p95_ms"] <= 200 for k in ("story_list", "story_page_warm", "search")
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web_latency.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
