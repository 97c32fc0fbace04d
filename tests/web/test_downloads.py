"""CSV and JSON download links on web pages, and the CSV they lead to."""

from __future__ import annotations

import csv
import io
import re


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+\.(?:csv|json)[^"]*)"', html)]


def test_story_list_links_to_csv_and_json_with_its_filters(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/stories?outlet=Marlow%20Mercury").text
    links = [h for h in _links(html) if h.startswith("/stories.")]
    assert {h.split("?")[0] for h in links} == {"/stories.csv", "/stories.json"}
    csv_link = next(h for h in links if h.startswith("/stories.csv"))
    r = client.get(csv_link)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = _csv(r.text)
    assert [row["id"] for row in rows] == ["s-port"] and rows[0]["outlets"] == '["Marlow Mercury"]'
    json_link = next(h for h in links if h.startswith("/stories.json"))
    assert [s["id"] for s in client.get(json_link).json()["stories"]] == ["s-port"]


def test_story_page_links_to_its_articles_csv(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/stories/s-summit").text
    assert "/stories/s-summit/articles.csv" in _links(html) and "/stories/s-summit.json" in _links(html)
    rows = _csv(client.get("/stories/s-summit/articles.csv").text)
    assert {r["id"]: r["outlet"] for r in rows} == {
        "a1": "Daily Planet",
        "a2": "Evening Star",
        "a3": "Wire Copy",
    }
    assert next(r for r in rows if r["id"] == "a3")["duplicate_of"] == "a1"
    assert client.get("/stories/nope/articles.csv").status_code == 404


def test_every_page_links_its_json_twin(client) -> None:  # type: ignore[no-untyped-def]
    for path in ["/stories", "/stories/s-summit", "/articles/a1", "/entities/per-trump", "/search?q=Hanoi"]:
        html = client.get(path).text
        twin = re.search(r'class="json-twin" href="([^"]+)"', html)
        assert twin, path
        assert client.get(twin.group(1).replace("&amp;", "&")).status_code == 200, path
