"""A capital's entity page links to its country (issue 17), and stores written before the link still read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from parallax.model import Annotation, Article, Entity, Sentence
from parallax.nlp.entities import link_article
from parallax.store import Store

TEXT = "Pyongyang said talks with Washington would go on. North Korea wants sanctions lifted."


def _store(path: Path) -> list[Entity]:
    ents = []
    for name, label in [("Pyongyang", "ORG"), ("Washington", "LOC"), ("North Korea", "LOC")]:
        i = TEXT.index(name)
        ents.append(Entity(i, i + len(name), name, label))
    link_article(ents)
    store = Store(path)
    with store.transaction():
        store.add_article(
            Article(id="k1", source="t", text=TEXT, title="Talks go on", published="2019-03-01")
        )
        store.set_membership("k1", "s-k")
        store.put_annotation(Annotation("k1", TEXT, [Sentence(0, len(TEXT))], ents, [], []))
    store.close()
    return ents


def test_a_capital_page_links_to_its_country_when_the_store_knows_it(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    db = tmp_path / "k.db"
    pyongyang, washington, korea = _store(db)
    assert pyongyang.country_id == korea.entity_id != pyongyang.entity_id
    with TestClient(create_app(db)) as client:
        page = client.get(f"/entities/{pyongyang.entity_id}.json").json()
        assert page["name"] == "Pyongyang" and page["country"] == {
            "id": korea.entity_id,
            "name": "North Korea",
        }
        assert f"/entities/{korea.entity_id}" in client.get(f"/entities/{pyongyang.entity_id}").text
        # the United States is not in this store: no dangling link
        assert client.get(f"/entities/{washington.entity_id}.json").json()["country"] is None
        assert client.get(f"/entities/{korea.entity_id}.json").json()["country"] is None


def test_an_annotation_stored_without_country_ids_still_reads(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _store(db)
    con = sqlite3.connect(db)
    (data,) = con.execute("SELECT data FROM annotations").fetchone()
    old = json.loads(data)
    for e in old["entities"]:
        del e["country_id"]  # the record as a store written before the field has it
    con.execute("UPDATE annotations SET data = ?", (json.dumps(old),))
    con.commit()
    con.close()
    store = Store(db)
    ann = store.annotations(["k1"])["k1"]
    assert [e.country_id for e in ann.entities] == [None, None, None]
    assert ann.entities[0].text == "Pyongyang"
