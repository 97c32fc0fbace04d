"""Issue 18 items 1 and 2: search takes what people type, and its work per query is bounded."""

from __future__ import annotations

import sqlite3

import pytest
from searchkit import EVERYDAY, build_store

from parallax.cli import EXIT_USAGE, main
from parallax.store import SearchQueryError, SearchTimeout, Store, fts


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_store(tmp_path_factory.mktemp("search") / "s.db"))


@pytest.fixture(scope="module")
def client(db: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(db)) as c:
        yield c


def test_everyday_list_is_long_enough() -> None:
    assert len(EVERYDAY) >= 33


@pytest.mark.parametrize("query", EVERYDAY)
def test_everyday_query_never_fails_on_the_web(client, query: str) -> None:
    for path in ("/search", "/search.json"):
        r = client.get(path, params={"q": query})
        assert r.status_code == 200, (path, query, r.text[:300])
    assert client.get("/search.json", params={"q": query}).json()["error"] is None


@pytest.mark.parametrize("query", EVERYDAY)
def test_everyday_query_never_fails_in_the_cli(db: str, query: str, capsys) -> None:
    assert main(["search", "--db", db, query, "--json"]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("covid-19", ["n1"]),
        ("U.S.", ["n1"]),
        ("don't", ["n1"]),
        ("9/11", ["n3"]),
        ("AT&T", ["n2"]),
        ("mayor's office", ["n1", "n4"]),
        ("1,000", ["n2"]),
        ('"without a deal"', ["n5"]),
        ("“without a deal”", ["n5"]),
        ("Kim Jong-un", ["n5"]),
        ("O'Neill", ["n1"]),
        ("cafe", ["n4"]),
        ("sanction*", ["n5"]),
        ("trump AND kim", ["n5"]),  # AND is a word here, and n5 holds "and"
        ("hanoi; DROP TABLE articles", []),
    ],
)
def test_everyday_queries_find_the_right_articles(db: str, query: str, expected: list[str]) -> None:
    with Store(db, readonly=True) as store:
        assert sorted(h.article_id for h in store.search(query, literal=True)) == expected


def test_advanced_mode_keeps_fts5_syntax_and_its_errors(client, db: str) -> None:
    r = client.get("/search.json", params={"q": "talks NOT sanctions", "advanced": "true"})
    assert r.status_code == 200 and r.json()["advanced"] is True
    bad = client.get("/search.json", params={"q": "covid-19", "advanced": "true"})
    assert bad.status_code == 400 and "no such column" in bad.json()["error"]
    assert main(["search", "--db", db, "covid-19", "--advanced"]) == EXIT_USAGE


@pytest.mark.parametrize("query", ["a " * 25_000, "a " * 2_500, " ".join(f"w{i}" for i in range(200))])
def test_oversized_queries_are_refused_with_a_message(client, db: str, query: str, capsys) -> None:
    for advanced in ("false", "true"):
        r = client.get("/search.json", params={"q": query, "advanced": advanced})
        assert r.status_code == 400
        assert "too long" in r.json()["error"] or "too many words" in r.json()["error"]
    assert main(["search", "--db", db, query]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert ("too long" in err or "too many words" in err) and "Traceback" not in err


def test_word_cap_counts_words_not_characters() -> None:
    ok = " ".join(f"w{i}" for i in range(fts.MAX_TERMS))
    assert fts.plain_query(ok).count('"') == 2 * fts.MAX_TERMS
    with pytest.raises(SearchQueryError, match="too many words"):
        fts.plain_query(ok + " one-more")


def test_time_budget_aborts_a_long_statement() -> None:
    db = sqlite3.connect(":memory:")
    # Finite (minutes), so that a broken budget fails the test instead of hanging it.
    endless = (
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2e9) SELECT count(*) FROM c"
    )
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), fts.time_budget(db, 0.05):
        db.execute(endless).fetchone()
    assert db.execute("SELECT 1").fetchone() == (1,)  # the handler is gone after the block


@pytest.fixture()
def over_budget(monkeypatch):  # type: ignore[no-untyped-def]
    """Every search runs out of time at its first check (deterministic, no clock involved)."""
    from contextlib import contextmanager

    @contextmanager
    def exhausted(db, seconds):  # type: ignore[no-untyped-def]
        db.set_progress_handler(lambda: 1, 1)
        try:
            yield [True]
        finally:
            db.set_progress_handler(None, 0)

    monkeypatch.setattr(fts, "time_budget", exhausted)


def test_search_over_budget_is_a_503_and_the_worker_is_free(client, over_budget) -> None:
    r = client.get("/search.json", params={"q": "covid"})
    assert r.status_code == 503 and "time budget" in r.json()["error"]
    page = client.get("/search", params={"q": "covid"})
    assert page.status_code == 503 and "content-security-policy" in page.headers
    assert client.get("/stories.json").status_code == 200


def test_search_over_budget_in_the_cli_is_a_message(db: str, over_budget, capsys) -> None:
    with Store(db, readonly=True) as store, pytest.raises(SearchTimeout):
        store.search("covid", literal=True, budget=5)
    assert main(["search", "--db", db, "covid"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "time budget" in err and "Traceback" not in err
