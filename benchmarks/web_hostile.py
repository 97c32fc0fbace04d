"""Hostile requests against ``parallax serve``: server time per request, 500s, and whether a
normal request stays responsive meanwhile (issue 18).

Serves a store with ``parallax serve`` on 127.0.0.1 (loopback only) in a child process, then
sends each hostile request (25,000-term searches, raw FTS5 in advanced mode, huge offsets,
ids holding ``/`` and ``%``, bad parameters, long URLs) ``--repeat`` times while a second
client asks for ``/stories.json`` in a loop. Reports each request's server time (the app's
``Server-Timing`` header) and client time, its status, the probe's latencies during the
hostile set, the number of 500s, and how long the server takes to exit on SIGTERM.

Run: ``python benchmarks/web_hostile.py --db STORE.db`` (default: a small store built from
``tests/hardening/searchkit.py``); ``--repeat 1`` for a quick check. Writes
benchmarks/results/web_hostile.json (``--out`` to change).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
HOST = "127.0.0.1"  # never any other address: these requests are attacks


def hostile_requests(article_ids: list[str]) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, query parameters) of the hostile request set."""
    reqs: list[tuple[str, str, dict[str, str]]] = []
    for n in (250, 1_000, 2_500, 5_000, 25_000):
        for advanced in ("false", "true"):
            reqs.append(
                (
                    f"search {n} terms advanced={advanced}",
                    "/search.json",
                    {"q": "a " * n, "advanced": advanced},
                )
            )
    reqs += [
        (
            "search 25000 mixed terms",
            "/search",
            {"q": " ".join(string.ascii_lowercase[i % 26] for i in range(25_000))},
        ),
        ("search 60 terms", "/search.json", {"q": " ".join(f"w{i}" for i in range(60))}),
        ("search 64 common words", "/search.json", {"q": " ".join(["the", "a", "of", "and"] * 16)}),
        ("search prefix flood", "/search.json", {"q": "a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p*"}),
        ("search NEAR flood", "/search.json", {"q": "NEAR(" + "a " * 60 + ", 1000)", "advanced": "true"}),
        (
            "search OR flood",
            "/search.json",
            {"q": " OR ".join("abcdefghijklmnopqrstuvwxyz"), "advanced": "true"},
        ),
        ("search bad syntax", "/search.json", {"q": '"unbalanced AND (', "advanced": "true"}),
        ("search NUL", "/search.json", {"q": "covid\x00-19"}),
        ("search everyday", "/search", {"q": "covid-19 U.S. don't 9/11 AT&T"}),
        ("search limit 200", "/search.json", {"q": "the", "limit": "200"}),
        ("offset 2^63", "/stories", {"offset": str(2**63)}),
        ("offset 2^63 json", "/stories.json", {"offset": str(2**63)}),
        ("offset 10^40", "/stories.json", {"offset": "1" + "0" * 40}),
        ("offset max", "/stories.json", {"offset": str(2**63 - 1)}),
        ("limit huge", "/stories.json", {"limit": str(10**9)}),
        ("bad order", "/stories.json", {"order": "x; DROP TABLE stories"}),
        ("bad hl", "/articles/x.json", {"hl": "9999999999999999999999-1"}),
        ("long url", "/stories.json", {"outlet": "x" * 60_000}),
        ("story %2F id", "/stories/" + quote("a/../../etc/passwd", safe="") + ".json", {}),
        ("entity odd id", "/entities/" + quote("%00/\u202e", safe=""), {}),
    ]
    for aid in article_ids[:5]:
        reqs.append((f"article {aid[:30]}", "/articles/" + quote(aid, safe=""), {}))
        reqs.append(
            (f"article {aid[:30]} json raw slashes", "/articles/" + quote(aid, safe="/:") + ".json", {})
        )
    return reqs


def small_store(work: Path) -> Path:
    sys.path.insert(0, str(HERE.parent / "tests" / "hardening"))
    from searchkit import build_store

    return build_store(work / "hostile.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--host", HOST, "--port", str(port)],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/stories.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


class Probe(threading.Thread):
    """A normal user asking for the story list in a loop; its latencies tell responsiveness."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.ms: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                t0 = time.perf_counter()
                try:
                    ok = client.get("/stories.json", params={"limit": "20"}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.ms.append((time.perf_counter() - t0) * 1000)
                self.failures += not ok
                time.sleep(0.05)


def server_ms(response: httpx.Response) -> float | None:
    timing = response.headers.get("server-timing", "")
    try:
        return float(timing.split("dur=", 1)[1])
    except (IndexError, ValueError):
        return None


def run(db: Path, repeat: int) -> dict[str, Any]:
    from parallax.store import Store

    with Store(db, readonly=True) as store:
        ids = [a.id for a in store.iter_articles(batch=50)][:5]
    port = free_port()
    base = f"http://{HOST}:{port}"
    proc = start_server(db, port)
    probe = Probe(base)
    results: list[dict[str, Any]] = []
    try:
        probe.start()
        with httpx.Client(base_url=base, timeout=120) as client:
            for name, path, params in hostile_requests(ids):
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    status: int | str
                    srv: float | None
                    try:
                        r = client.get(path, params=params)
                        status, srv = r.status_code, server_ms(r)
                    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # no answer: counted apart from 500s
                        status, srv = f"{type(exc).__name__}", None
                    client_ms = (time.perf_counter() - t0) * 1000
                    results.append(
                        {
                            "request": name,
                            "status": status,
                            "server_ms": srv,
                            "client_ms": round(client_ms, 1),
                        }
                    )
                    print(f"{name}: {status} server {srv} ms, client {client_ms:.0f} ms", file=sys.stderr)
        probe.stop.set()
        probe.join()
    finally:
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
            sigterm_s: float | None = round(time.perf_counter() - t0, 2)
        except subprocess.TimeoutExpired:
            proc.kill()
            sigterm_s = None
    server = [r["server_ms"] for r in results if r["server_ms"] is not None]
    probe_ms = sorted(probe.ms) or [0.0]
    return {
        "db": str(db),
        "requests": len(results),
        "repeat": repeat,
        "status_500": sum(1 for r in results if r["status"] == 500),
        "no_response": sum(1 for r in results if not isinstance(r["status"], int)),
        "max_server_ms": max(server, default=None),
        "max_client_ms": max(r["client_ms"] for r in results),
        "over_2s": [r["request"] for r in results if (r["server_ms"] or r["client_ms"]) > 2000],
        "probe": {
            "n": len(probe.ms),
            "failures": probe.failures,
            "p50_ms": round(statistics.median(probe_ms), 1),
            "p95_ms": round(probe_ms[min(len(probe_ms) - 1, int(0.95 * len(probe_ms)))], 1),
            "max_ms": round(probe_ms[-1], 1),
        },
        "sigterm_exit_s": sigterm_s,
        "results": results,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="store to serve (default: a small generated one)")
    ap.add_argument("--repeat", type=int, default=3, help="times each hostile request is sent (default 3)")
    ap.add_argument("--out", type=Path, default=RESULTS / "web_hostile.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parallax-web-hostile-") as tmp:
        db = args.db or small_store(Path(tmp))
        report = run(db, max(1, args.repeat))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: v for k, v in report.items() if k != "results"}
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    ok = report["status_500"] == 0 and report["no_response"] == 0 and not report["over_2s"]
    return 0 if ok and report["probe"]["failures"] == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
