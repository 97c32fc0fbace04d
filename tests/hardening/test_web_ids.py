"""Issue 18 item 3: every article has a reachable page, whatever its id holds (RSS guids are URLs)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

GUID = "https://fjord.example/news/2024/06/02/ferry"
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Fjord Post</title><link>https://fjord.example/</link>
<item><title>Ferry service resumes after storm</title><link>{GUID}</link>
<guid isPermaLink="true">{GUID}</guid><pubDate>Sun, 02 Jun 2024 08:00:00 +0000</pubDate>
<description>&lt;p&gt;The ferry between Ålesund and Hareid resumed on Sunday after a two-day storm
closed the crossing, the operator said. Passengers queued from early morning.&lt;/p&gt;</description></item>
<item><title>Odd ids: 50% off?</title><link>https://fjord.example/a?b=c&amp;d=%2F#frag</link>
<guid isPermaLink="false">odd id/with space?and#hash%2F..</guid><pubDate>Sun, 02 Jun 2024 09:00:00 +0000</pubDate>
<description>&lt;p&gt;A second item whose id holds a slash, a space, a query mark, a hash and a percent
sign, so that every character a path treats specially is in it.&lt;/p&gt;</description></item>
</channel></rss>
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from parallax import api
    from parallax.web import create_app

    folder: Path = tmp_path_factory.mktemp("ids")
    (folder / "feed.xml").write_text(RSS, encoding="utf-8")
    report = api.ingest([folder / "feed.xml"], folder / "s.db")
    assert report.new == 2
    with TestClient(create_app(folder / "s.db")) as c:
        yield c


def _ids(client) -> list[str]:  # type: ignore[no-untyped-def]
    stories = client.get("/stories.json").json()["stories"]
    return [a["id"] for s in stories for a in s["articles"]]


def test_ids_hold_slashes(client) -> None:
    ids = _ids(client)
    assert GUID in ids and any("/" in i and "?" in i for i in ids)


def test_every_link_on_the_story_pages_is_reachable(client) -> None:
    followed = 0
    for story in client.get("/stories.json").json()["stories"]:
        page = client.get(f"/stories/{quote(story['id'], safe='')}")
        assert page.status_code == 200
        for href in re.findall(r'href="(/articles/[^"#]+)', page.text):
            href = href.replace("&amp;", "&")
            assert client.get(href).status_code == 200, href
            path, _, query = href.partition("?")
            twin = client.get(path + ".json" + ("?" + query if query else ""))
            assert twin.status_code == 200, href
            followed += 1
    assert followed >= 2


@pytest.mark.parametrize("encode", [lambda i: quote(i, safe=""), lambda i: quote(i, safe="/:")])
def test_article_pages_and_json_twins_by_encoded_or_raw_slashes(client, encode) -> None:  # type: ignore[no-untyped-def]
    for aid in _ids(client):
        page = client.get(f"/articles/{encode(aid)}")
        assert page.status_code == 200, aid
        twin = client.get(f"/articles/{encode(aid)}.json")
        assert twin.status_code == 200 and twin.json()["article"]["id"] == aid


def test_search_links_point_to_existing_pages(client) -> None:
    page = client.get("/search", params={"q": "ferry"})
    hrefs = re.findall(r'href="(/articles/[^"]+)"', page.text)
    assert hrefs and all(client.get(h).status_code == 200 for h in hrefs)
