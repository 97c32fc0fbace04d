"""``parallax stories`` and ``parallax search`` over an ingested store."""

from __future__ import annotations

import json

import pytest
from test_ingest_cli import write_inputs

from parallax.cli import EXIT_USAGE, main


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    assert main(["ingest", str(write_inputs(tmp_path / "in")), "--db", path, "--no-annotate"]) == 0
    capsys.readouterr()
    return path


def test_stories_json_lists_articles_and_outlets(db, capsys):
    assert main(["stories", "--db", db, "--json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    by_article = {a["id"]: s for s in stories for a in s["articles"]}
    summit = by_article["s1"]
    assert by_article["s2"]["id"] == summit["id"] != by_article["t1"]["id"]
    # Outlets are those of the story's articles (what extraction found), sorted and distinct.
    assert summit["outlets"] == sorted({a["outlet"] for a in summit["articles"] if a["outlet"]})
    assert set(summit) >= {"id", "title", "outlets", "articles"}
    arts = {a["id"]: a for a in summit["articles"]}
    assert set(arts["s1"]) == {"id", "title", "outlet", "url", "published", "duplicate_of"}
    assert arts["s2"]["duplicate_of"] == "s1" and arts["s1"]["duplicate_of"] is None


def test_stories_text_listing(db, capsys):
    assert main(["stories", "--db", db, "--order", "size"]) == 0
    out = capsys.readouterr().out
    assert "2 articles, outlets:" in out and "[copy of s1]" in out
    assert out.index("Summit ends without deal") < out.index("Storm floods coast")  # largest first


def test_stories_on_missing_db_is_a_usage_error(tmp_path, capsys):
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == EXIT_USAGE
    assert "no such database" in capsys.readouterr().err


def test_search_json_with_snippets(db, capsys):
    assert main(["search", "--db", db, "sanctions", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["id"] for h in hits} == {"s1", "s2"}
    assert all("[sanctions]" in h["snippet"] for h in hits)
    assert main(["search", "--db", db, "flood*"]) == 0
    assert "[flooded]" in capsys.readouterr().out


def test_search_syntax_error_is_a_clear_message(db, capsys):
    assert main(["search", "--db", db, '"unbalanced', "--advanced"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "invalid search query" in err and "Traceback" not in err
    # Without --advanced the query is words: an unclosed quote is a phrase to the end.
    assert main(["search", "--db", db, '"unbalanced']) == 0
    assert main(["search", "--db", db, '"unbalanced', "--literal"]) == 0
