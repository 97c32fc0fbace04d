"""Issue 18 item 8 (and the web half of item 1): no 500 for a huge offset, every error page
carries the CSP, and ``parallax serve`` stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from searchkit import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("weberr") / "s.db")


@pytest.fixture(scope="module")
def client(db: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("offset", ["9223372036854775808", "1" + "0" * 40])
@pytest.mark.parametrize("path", ["/stories", "/stories.json"])
def test_huge_offset_is_a_400(client, path: str, offset: str) -> None:
    r = client.get(path, params={"offset": offset})
    assert r.status_code == 400 and "offset" in r.text
    assert "script-src 'none'" in r.headers["content-security-policy"]


def test_largest_offset_is_an_empty_page(client) -> None:
    r = client.get("/stories.json", params={"offset": str(2**63 - 1)})
    assert r.status_code == 200 and r.json()["stories"] == []


def test_unexpected_failure_is_a_500_page_with_the_csp(client, monkeypatch) -> None:
    from parallax import api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "story_list", broken)
    for path in ("/stories", "/stories.json"):
        r = client.get(path)
        assert r.status_code == 500
        assert "script-src 'none'" in r.headers["content-security-policy"]
        assert "boom" not in r.text and "Traceback" not in r.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_stops_on_sigterm(db: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):  # wait until it answers (the process may start slowly on a busy machine)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories.json", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server never answered")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
