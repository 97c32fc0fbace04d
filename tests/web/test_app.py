"""The web app in-process: every page, its JSON twin, escaping, CSP, bad queries."""

from __future__ import annotations

from conftest_web import HOSTILE


def test_story_list_html_and_json(client):
    r = client.get("/stories")
    assert r.status_code == 200
    assert "Trump-Kim talks collapse" in r.text
    j = client.get("/stories.json").json()
    ids = [s["id"] for s in j["stories"]]
    assert set(ids) == {"s-summit", "s-port", "s-x"}
    summit = next(s for s in j["stories"] if s["id"] == "s-summit")
    assert sorted(summit["outlets"]) == ["Daily Planet", "Evening Star", "Wire Copy"]


def test_story_list_orders_and_filters(client):
    by_size = client.get("/stories.json?order=size").json()["stories"]
    assert by_size[0]["id"] == "s-summit"
    only = client.get("/stories.json?outlet=Marlow%20Mercury").json()["stories"]
    assert [s["id"] for s in only] == ["s-port"]
    dated = client.get("/stories.json?since=2024-01-01").json()["stories"]
    assert {s["id"] for s in dated} == {"s-port", "s-x"}
    kim = client.get("/stories.json?entity=per-kim").json()["stories"]
    assert [s["id"] for s in kim] == ["s-summit"]
    assert client.get("/stories.json?order=bogus").status_code == 422


def test_story_page_has_summary_citations_quotes_entities(client):
    j = client.get("/stories/s-summit.json").json()
    assert j["summary"], "a story page carries a cited summary"
    for sent in j["summary"]:
        assert sent["sources"], "every summary sentence cites a source"
    assert "Sanders" in j["quotes"]
    assert any(e["id"] == "per-trump" for e in j["entities"])
    html = client.get("/stories/s-summit").text
    assert "/articles/" in html and "hl=" in html and "#passage" in html
    assert "Sanders" in html


def test_article_page_highlights_passage_and_shows_furniture(client):
    r = client.get("/articles/a1?hl=0-20")
    assert r.status_code == 200
    assert '<mark id="passage">Talks between Donald</mark>' in r.text
    assert "Listen Live" in r.text  # what was removed is shown
    assert "copy" in client.get("/articles/a3").text.lower()
    assert client.get("/articles/a1?hl=oops").status_code == 400
    j = client.get("/articles/a1.json").json()
    assert j["article"]["outlet"] == "Daily Planet" and j["story"] == "s-summit"
    assert [d["article_id"] for d in j["copies"]] == ["a3"]


def test_entity_page(client):
    j = client.get("/entities/per-trump.json").json()
    assert j["name"] == "Donald Trump" and j["label"] == "PER"
    assert set(j["stories"]) == {"s-summit", "s-x"}
    assert "Donald Trump" in client.get("/entities/per-trump").text
    sanders = client.get("/entities/per-sanders.json")
    assert sanders.status_code == 404  # quoted but never tagged as an entity


def test_search_highlights_and_bad_syntax_is_a_message(client):
    j = client.get("/search.json?q=sanctions").json()
    assert [h["id"] for h in j["hits"]] == ["a2"]
    assert "<mark>sanctions</mark>" in client.get("/search?q=sanctions").text
    bad = client.get('/search?q="unbalanced AND (&advanced=true')
    assert bad.status_code == 400 and "could not be run" in bad.text
    assert client.get("/search.json?q=AND OR (&advanced=true").status_code == 400
    # Without "advanced" the same text is words: never a syntax error.
    assert client.get('/search?q="unbalanced AND (').status_code == 200


def test_not_found_pages(client):
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/stories/nope.json").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/entities/nope.json").status_code == 404


def test_hostile_article_is_escaped_and_csp_set(client):
    r = client.get("/articles/x1")
    assert "<script>window" not in r.text and 'onerror="window' not in r.text
    assert "&lt;script&gt;" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert HOSTILE not in client.get("/stories").text


def test_openapi_lists_json_twins(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/stories.json", "/stories/{story_id}.json", "/articles/{article_id}.json",
              "/entities/{entity_id}.json", "/search.json"):  # fmt: skip
        assert p in paths
