"""Latency of the web app on a large store: story list, story, entity and search pages (p50/p95).

Serves the store with ``parallax serve`` in a child process and times real HTTP requests
on loopback (one client, sequential, like a person clicking). Story pages are timed cold
(first visit in a fresh server: the digest is read from the store, or built on demand when
ingest did not precompute it) and warm (second visit). List pages cover every order and
filter (outlet, dates, entity) and later pages.

Run: ``nice -n 10 python benchmarks/web_latency.py --db STORE.db`` on an existing store, or
``--size 100000`` to generate a corpus from ../shared/data (ingest_corpus.py) and ingest it
(with digests) first. ``--annotate-stories N`` runs the language stage on N stories' articles
first (an ingest without it has no entities); ``--precompute`` builds missing digests (timed).
Writes benchmarks/results/web_latency_<size>.json (``--out`` to change).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from parallax.model import InputError

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
        # Ingest builds every story's digest after the run (as a user's ingest does).
        subprocess.run(
            [sys.executable, "-m", "parallax", "ingest", str(corpus), "--db", str(db), "--no-annotate"],
            check=False,
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
    """n, p50, p95 (nearest rank) and max of ``ms``."""
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
        "max_ms": round(ms[-1], 1),
    }


def annotate_stories(db: Path, story_ids: list[str]) -> dict[str, Any]:
    """Run the language stage on the articles of ``story_ids`` and store it (entities for entity pages)."""
    from parallax import api
    from parallax.nlp.annotator import link_story
    from parallax.store import Store

    t0 = time.perf_counter()
    n = 0
    with Store(db) as store:
        for sid in story_ids:
            entry = store.story(sid)
            if entry is None:
                continue
            anns = [a for a in api.annotate_articles(store.articles(entry.story.article_ids))
                    if not isinstance(a, InputError)]  # fmt: skip
            if len(anns) > 1:
                link_story(anns)
            with store.transaction():
                for ann in anns:
                    store.put_annotation(ann)
            n += len(anns)
    return {"stories": len(story_ids), "articles": n, "seconds": round(time.perf_counter() - t0, 1)}


def precompute(db: Path) -> dict[str, Any]:
    """Build every missing digest as ingest does, timed."""
    from parallax import api

    t0 = time.perf_counter()
    built = api.precompute_digests(db)
    dt = time.perf_counter() - t0
    return {
        "built": built,
        "seconds": round(dt, 1),
        "stories_per_second": round(built / dt, 2) if dt else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing parallax store")
    ap.add_argument("--size", type=int, default=100000, help="articles to generate when --db is not given")
    ap.add_argument("--work", type=Path, default=Path("/tmp/parallax-web-latency"))
    ap.add_argument("--stories", type=int, default=60, help="story pages to time")
    ap.add_argument("--entities", type=int, default=40, help="entity pages to time")
    ap.add_argument("--annotate-stories", type=int, default=0, metavar="N",
                    help="annotate N random stories first (entities for entity pages and the entity filter)")  # fmt: skip
    ap.add_argument("--precompute", action="store_true", help="build missing digests first (timed)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--out", type=Path, help="result file (default results/web_latency_<size>.json)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.db or build_store(args.size, args.work)
    from parallax.store import Store

    rng = random.Random(args.seed)
    extra: dict[str, Any] = {}
    with Store(db) as store:  # migrate to this version's schema (the server opens it read-only)
        all_ids = [s.id for s in store.story_rows()]
    if args.annotate_stories:
        extra["annotated"] = annotate_stories(
            db, rng.sample(all_ids, min(args.annotate_stories, len(all_ids)))
        )
    if args.precompute:
        extra["precompute"] = precompute(db)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    story_ids = [r[0] for r in con.execute("SELECT id FROM stories ORDER BY id")]
    outlets = [
        r[0] for r in con.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL LIMIT 20")
    ]
    months = [r[0] for r in con.execute("SELECT DISTINCT substr(last_published, 1, 7) FROM stories "
                                        "WHERE last_published IS NOT NULL ORDER BY 1")]  # fmt: skip
    entities = [r[0] for r in con.execute("SELECT entity_id FROM entity_mentions GROUP BY entity_id "
                                          "ORDER BY count(*) DESC, entity_id")]  # fmt: skip
    digests = con.execute("SELECT count(*) FROM digests").fetchone()[0]
    con.close()
    with Store(db, readonly=True) as store:
        stale = set(store.stale_digest_story_ids())
    sample = rng.sample(story_ids, min(args.stories, len(story_ids)))
    ent_sample = (
        entities[:10] + rng.sample(entities[10:], min(args.entities - 10, max(0, len(entities) - 10)))
    )[: args.entities]
    load_start = os.getloadavg()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--port", str(port)],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(600):
                if server.poll() is not None:
                    raise RuntimeError(f"parallax serve exited with {server.returncode}")
                try:
                    client.get("/stories.json?limit=1")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            timed(client, "/stories")  # warm the connection
            # Story pages first, while the server is fresh: a cold visit is the first in its process.
            cold = [timed(client, f"/stories/{sid}") for sid in sample]
            warm = [timed(client, f"/stories/{sid}") for sid in sample]
            mid = months[len(months) // 2] if months else "2019-01"
            list_urls = ["/stories", "/stories?order=size", "/stories?order=outlets", "/stories?offset=500",
                         "/stories?order=size&offset=2000", "/stories.json", f"/stories?since={mid}",
                         f"/stories?until={mid}", f"/stories?since={mid}&until={mid}&order=outlets"]  # fmt: skip
            list_urls += [f"/stories?outlet={quote(o)}" for o in outlets[:5]]
            list_urls += [f"/stories?entity={quote(e)}" for e in entities[:5]]
            story_list = [timed(client, u) for u in list_urls * 3]
            search = [timed(client, f"/search?q={quote(q)}") for q in QUERIES * 2]
            entity = [timed(client, f"/entities/{quote(e)}") for e in ent_sample]
    finally:
        server.terminate()
        server.wait(10)
    cold_stored = [ms for sid, ms in zip(sample, cold, strict=True) if sid not in stale]
    cold_built = [ms for sid, ms in zip(sample, cold, strict=True) if sid in stale]
    result: dict[str, Any] = {
        "command": " ".join(["python", *sys.argv]),
        "db": str(db),
        "articles": n_articles,
        "stories": len(story_ids),
        "stories_with_current_digest": len(story_ids) - len(stale),
        "digests_stored": digests,
        "entities": len(entities),
        **extra,
        "cpu_count": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "story_list": stats(story_list),
        "story_page_cold": stats(cold),
        "story_page_cold_stored_digest": stats(cold_stored) if cold_stored else None,
        "story_page_cold_digest_built_on_demand": stats(cold_built) if cold_built else None,
        "story_page_warm": stats(warm),
        "search": stats(search),
        "entity_page": stats(entity) if entity else None,
    }
    result["meets_200ms_p95"] = all(
        result[k]["p95_ms"] <= 200 for k in ("story_list", "story_page_cold", "story_page_warm", "search")
    )
    RESULTS.mkdir(exist_ok=True)
    out = args.out or RESULTS / f"web_latency_{n_articles // 1000}k.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
