"""Readers work while ``parallax ingest`` writes: ``parallax stories``, ``api.story_list`` and the web app (WAL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from crashkit import committed_articles, ingest_cmd, write_mixed_corpus

from parallax import api
from parallax.store import Store


def test_reads_while_an_ingest_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    n = write_mixed_corpus(corpus, n_jsonl=600, per_file=20, n_html=0)
    db = tmp_path / "live.db"
    writer = subprocess.Popen(
        ingest_cmd([corpus], db, batch_size=5), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 300
        while committed_articles(db) == 0 and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert writer.poll() is None, "the ingest ended before any read"

        client = None
        try:
            from fastapi.testclient import TestClient

            from parallax.web import create_app

            client = TestClient(create_app(db))
        except ImportError:
            pass
        seen: list[int] = []
        readers: list[subprocess.Popen[str]] = []
        with Store(db, readonly=True) as store:  # one long-lived reader, as the web app keeps
            while writer.poll() is None and time.monotonic() < deadline:
                page = api.story_list(store, order="size", limit=500)
                members = sum(len(e.articles) for e in page.stories)
                seen.append(members)
                assert all(e.articles for e in page.stories)
                assert api.stories(db)  # a fresh read-only connection each time
                if client is not None:
                    r = client.get("/stories.json")
                    assert r.status_code == 200, r.text
                if len(readers) < 3 and writer.poll() is None:  # the CLI runs alongside
                    readers.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "parallax", "stories", "--db", str(db), "--json"],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            text=True,
                        )
                    )
        assert writer.wait(timeout=300) in (0, 3), writer.stderr.read().decode() if writer.stderr else ""
        for proc in readers:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert isinstance(json.loads(out), list)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    # The reads overlapped the writes: the reader saw the store grow, and every read succeeded.
    assert len(seen) >= 3 and len(readers) >= 1
    assert len(set(seen)) >= 2, seen
    assert seen == sorted(seen)  # a reader never sees a half-written batch disappear
    with Store(db, readonly=True) as store:
        assert store.count_articles() == n
