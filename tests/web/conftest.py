"""Web fixtures: a hand-built store (see conftest_web.py) and an in-process client."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_web import build_store


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "store.db"
    build_store(path).close()
    return path


@pytest.fixture(scope="session")
def client(web_db: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(web_db)) as c:
        yield c
