"""One global conftest: paths to ../shared and markers that skip cleanly without it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; the test is skipped when it is absent."""
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """``../shared/seeds``; the test is skipped when it is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(autouse=True)
def _outlet_file_reset() -> Iterator[None]:
    """``--outlets`` sets PARALLAX_OUTLETS for the process: no test leaks its outlet file into the next."""
    before = os.environ.get("PARALLAX_OUTLETS")
    yield
    if before is None:
        os.environ.pop("PARALLAX_OUTLETS", None)
    else:
        os.environ["PARALLAX_OUTLETS"] = before


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the demo corpus with annotations and digests (``parallax ingest --annotate``), and
    the skipped inputs of ``demo/bad`` in its errors table."""
    from parallax.cli import main

    db = tmp_path_factory.mktemp("demo-store") / "demo.db"
    inputs = [str(REPO / "demo" / "corpus"), str(REPO / "demo" / "bad")]
    assert main(["ingest", *inputs, "--db", str(db), "--annotate"]) == 3
    return db
