"""Store reads and writes: articles, duplicates, stories, aliases, later stages' records."""

from __future__ import annotations

import threading

import pytest
from store_helpers import make_article

from parallax.model import (
    Annotation,
    Citation,
    Comparison,
    Digest,
    Duplicate,
    Entity,
    Quote,
    Sentence,
    Story,
    SummarySentence,
    TimeExpr,
    TimelineEvent,
)
from parallax.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "p.db") as s:
        yield s


def test_article_round_trip_and_insert_or_ignore(store):
    a = make_article(1)
    assert store.add_article(a) is True
    assert store.add_article(make_article(1, title="changed")) is False
    assert store.article(a.id) == a
    assert store.articles(["nope", a.id]) == [a]
    assert store.count_articles() == 1


def test_iter_articles_in_insertion_order(store):
    with store.transaction():
        for i in (5, 3, 9):
            store.add_article(make_article(i))
    assert [a.id for a in store.iter_articles(batch=2)] == ["art-00005", "art-00003", "art-00009"]


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make_article(1))
        raise RuntimeError("boom")
    assert store.count_articles() == 0


def _story_fixture(store: Store) -> None:
    with store.transaction():
        for i in range(4):
            store.add_article(make_article(i))
            store.set_membership(f"art-{i:05d}", "s-a" if i < 3 else "s-b")
        store.add_duplicate(Duplicate("art-00002", "art-00001", 0.93, False))
        store.refresh_stories(["s-a", "s-b"])


def test_stories_list_with_articles_outlets_and_duplicates(store):
    _story_fixture(store)
    entries = {e.story.id: e for e in store.stories()}
    a = entries["s-a"]
    assert a.story.article_ids == ["art-00000", "art-00001", "art-00002"]
    assert a.story.outlets == ["outlet0", "outlet1", "outlet2"]
    assert a.story.first_published.startswith("2019-02-01")
    assert a.story.last_published.startswith("2019-02-03")
    assert a.story.title == "Summit report 0"  # earliest canonical article
    j = a.to_json()
    assert set(j) >= {"id", "title", "outlets", "articles"}
    assert [x["duplicate_of"] for x in j["articles"]] == [None, None, "art-00001"]
    assert set(j["articles"][0]) == {"id", "title", "outlet", "url", "published", "duplicate_of"}
    assert store.duplicates_of("art-00001")[0].article_id == "art-00002"
    assert [e.story.id for e in store.stories(order="size")] == ["s-a", "s-b"]
    assert [e.story.id for e in store.stories()] == ["s-b", "s-a"]  # most recent first
    assert [e.story.id for e in store.stories(outlet="outlet1")] == ["s-a"]
    assert [e.story.id for e in store.stories(min_articles=2)] == ["s-a"]
    with pytest.raises(ValueError):
        store.stories(order="bogus")


def test_recluster_forwards_old_ids(store):
    _story_fixture(store)
    store.apply_recluster(
        {"s-a": "s-a", "s-b": "s-a"},
        [Story("s-a", ["art-00000", "art-00001", "art-00002", "art-00003"])],
    )
    assert store.count_stories() == 1
    assert store.resolve_story_id("s-b") == "s-a"
    assert len(store.story("s-b").articles) == 4  # an old link still finds the story
    # A later split brings s-b back: it is live again, not forwarded.
    store.apply_recluster({"s-a": "s-a"}, [Story("s-a", ["art-00000"]), Story("s-b", ["art-00003"])])
    assert store.resolve_story_id("s-b") == "s-b"
    assert store.story_of("art-00003") == "s-b"
    assert store.story("s-zzz") is None


def test_alias_chains_stay_one_hop(store):
    _story_fixture(store)
    store.apply_recluster({"s-b": "s-c", "s-a": "s-c"}, [Story("s-c", ["art-00000", "art-00003"])])
    store.apply_recluster({"s-c": "s-d"}, [Story("s-d", ["art-00000", "art-00003"])])
    assert store.resolve_story_id("s-b") == "s-d"
    rows = dict(store.db.execute("SELECT old_id, new_id FROM story_aliases").fetchall())
    assert rows == {"s-a": "s-d", "s-b": "s-d", "s-c": "s-d"}


def test_annotation_round_trip(store):
    a = make_article(1)
    store.add_article(a)
    ann = Annotation(
        a.id,
        a.text,
        sentences=[Sentence(0, 10)],
        entities=[Entity(0, 6, "summit", "MISC", "e1")],
        quotes=[Quote(0, 5, None, cue="said", direct=False)],
        times=[TimeExpr(1, 4, "x", "2019-02-28"), TimeExpr(5, 6, "y", None)],
    )
    assert store.unannotated_ids() == [a.id]
    store.put_annotation(ann, model="test")
    assert store.annotation(a.id) == ann
    assert store.annotations([a.id, "missing"]) == {a.id: ann}
    assert store.unannotated_ids() == []


def test_digest_round_trip_and_staleness(store):
    _story_fixture(store)
    story = store.story("s-a").story
    cite = Citation("art-00000", 0, 5)
    digest = Digest(
        story=story,
        summary=[SummarySentence("Leaders met.", [cite])],
        comparison=Comparison(story.id, common=[], unique=[], contradictions=[], framing=[]),
        timeline=[TimelineEvent("2019-02-28", "Talks end", [cite])],
        quotes={"Kim": [("art-00000", Quote(1, 3, "Kim"))]},
    )
    store.put_digest(digest)
    assert store.digest("s-a") == digest
    assert store.digest("s-a", current_only=True) == digest
    store.set_membership("art-00003", "s-a")
    assert store.digest("s-a", current_only=True) is None
    assert store.digest("s-a") == digest


def test_concurrent_reader_sees_committed_batches_while_writer_works(tmp_path):
    path = tmp_path / "p.db"
    writer = Store(path)
    reader = writer.reader()
    seen: list[int] = []
    stop = threading.Event()

    def read_loop() -> None:
        while not stop.is_set():
            seen.append(reader.count_articles())
            reader.search("summit", limit=3)

    t = threading.Thread(target=read_loop)
    t.start()
    try:
        for batch in range(20):
            with writer.transaction():
                for i in range(batch * 25, batch * 25 + 25):
                    writer.add_article(make_article(i))
                # Mid-transaction the reader still sees the last commit only.
                assert reader.count_articles() == batch * 25
    finally:
        stop.set()
        t.join()
    assert reader.count_articles() == 500
    assert seen and all(n % 25 == 0 for n in seen)  # never a half-written batch
    assert seen == sorted(seen)
    reader.close()
    writer.close()


def test_a_snapshot_keeps_one_state_while_another_connection_commits(tmp_path):
    # Why: a story list and its members are two queries; a commit between them showed a story
    # with no members to a reader (seen under load in the concurrent-readers test).
    path = tmp_path / "p.db"
    with Store(path) as writer, writer.reader() as reader:
        writer.add_article(make_article(1))
        with reader.snapshot():
            assert reader.count_articles() == 1
            writer.add_article(make_article(2))
            assert reader.count_articles() == 1  # still the state the snapshot began with
            with reader.snapshot():  # re-entrant
                assert reader.count_articles() == 1
        assert reader.count_articles() == 2
        assert not reader.db.in_transaction


def test_entity_index_follows_annotations_and_filters_stories(store):
    _story_fixture(store)
    a0 = store.article("art-00000")
    ann = Annotation(
        a0.id,
        a0.text,
        entities=[Entity(0, 6, "summit", "MISC", "e-summit"), Entity(7, 9, "Kim", "PER", "e-kim")],
    )
    store.put_annotation(ann)
    store.put_annotation(Annotation("art-00003", "x", entities=[Entity(0, 3, "Kim Jong-un", "PER", "e-kim")]))
    assert store.entity_article_ids("e-kim") == ["art-00000", "art-00003"]
    assert {e[0]: e[3] for e in store.entities()} == {"e-kim": 2, "e-summit": 1}
    assert [e.story.id for e in store.stories(entity="e-summit")] == ["s-a"]
    assert {e.story.id for e in store.stories(entity="e-kim")} == {"s-a", "s-b"}
    # Re-annotating replaces the article's index rows.
    store.put_annotation(Annotation(a0.id, a0.text, entities=[]))
    assert store.stories(entity="e-summit") == []
    assert store.outlets() == ["outlet0", "outlet1", "outlet2"]


def test_story_date_filters_use_iso_prefixes(store):
    _story_fixture(store)  # s-a: 2019-02-01..03, s-b: 2019-02-04
    assert [e.story.id for e in store.stories(since="2019-02-04")] == ["s-b"]
    assert [e.story.id for e in store.stories(until="2019-02-03")] == ["s-a"]
    assert [e.story.id for e in store.stories(since="2019-02", until="2019-02")] == ["s-b", "s-a"]
    assert store.stories(since="2019-03") == []
