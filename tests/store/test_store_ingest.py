"""Ingest: idempotent reruns, resume after SIGKILL, errors recorded while the run goes on."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fake_assigner import FakeAssigner
from store_helpers import write_corpus

from parallax.model import Annotation, Entity
from parallax.pipeline.driver import ingest
from parallax.store import Store, StoreError
from parallax.store.lock import writer_lock

HERE = Path(__file__).parent


def _snapshot(db: Path) -> dict[str, object]:
    with Store(db, readonly=True) as s:
        members = s.db.execute("SELECT article_id, story_id FROM memberships").fetchall()
        groups: dict[str, set[str]] = {}
        for aid, sid in members:
            groups.setdefault(sid, set()).add(aid)
        return {
            "articles": {r[0] for r in s.db.execute("SELECT id FROM articles")},
            "partition": {frozenset(g) for g in groups.values()},
            "duplicates": set(s.db.execute("SELECT article_id, canonical_id FROM duplicates").fetchall()),
            "stories": s.count_stories(),
            "state": s.load_assigner_state(),
        }


def test_ingest_then_rerun_adds_nothing(tmp_path, fake_factory):
    ids = write_corpus(tmp_path / "in", n_files=3, per_file=20)
    db = tmp_path / "p.db"
    first = ingest([tmp_path / "in"], db, assigner_factory=fake_factory, batch_size=7)
    assert first.read == first.new == len(ids) == first.articles_total
    assert first.duplicates > 0 and first.errors == 0
    assert first.inputs_done == 3 and first.batches >= 2
    before = _snapshot(db)
    again = ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    assert (again.inputs_skipped, again.read, again.new, again.batches) == (3, 0, 0, 0)
    assert _snapshot(db) == before
    # A touched but unchanged file is recognised by its content hash.
    os.utime(tmp_path / "in" / "part000.jsonl", (1, 1))
    assert ingest([tmp_path / "in"], db, assigner_factory=fake_factory).inputs_skipped == 3


def test_changed_input_adds_only_its_new_articles(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=2, per_file=10)
    db = tmp_path / "p.db"
    # The fake's consolidation merges everything: off here, this test is about what is re-read.
    ingest([tmp_path / "in"], db, assigner_factory=fake_factory, recluster=False)
    with (tmp_path / "in" / "part001.jsonl").open("a") as fh:
        fh.write(
            json.dumps({"id": "late-1", "text": "storm late news about floods.", "title": "Storm late"})
            + "\n"
        )
    r = ingest([tmp_path / "in"], db, assigner_factory=fake_factory, recluster=False)
    assert (r.inputs_skipped, r.inputs_done, r.read, r.new, r.already_stored) == (1, 1, 11, 1, 10)
    with Store(db, readonly=True) as s:
        assert s.story_of("late-1") == "s-storm"
        state = FakeAssigner.from_bytes(s.load_assigner_state())
    assert sum(len(v) for v in state.members.values()) == 21  # nothing handed to the assigner twice


def test_bad_inputs_are_recorded_and_the_run_goes_on(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=1, per_file=5)
    (tmp_path / "in" / "broken.jsonl").write_text('{"id": "ok-1", "text": "summit fine."}\nnot json\n')
    (tmp_path / "in" / "empty.txt").write_text("")
    db = tmp_path / "p.db"
    seen = []
    r = ingest(
        [tmp_path / "in", tmp_path / "missing"], db, assigner_factory=fake_factory, on_error=seen.append
    )
    assert r.errors == 3 == len(seen) == len(r.error_list)
    assert r.inputs_failed == 3 and r.new == 6
    sources = {e.source for e in seen}
    assert str(tmp_path / "missing") in sources and any(s.endswith("broken.jsonl:2") for s in sources)
    with Store(db, readonly=True) as s:
        assert len(s.errors()) == 3
        assert s.has_article("ok-1")
    # Failed inputs are not marked done: they are retried (and still fail), good ones are skipped.
    r2 = ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    assert (r2.inputs_skipped, r2.inputs_failed, r2.new) == (1, 2, 0)


def test_store_files_inside_an_input_folder_are_not_ingested(tmp_path, fake_factory):
    write_corpus(tmp_path, n_files=1, per_file=3)
    r = ingest([tmp_path], tmp_path / "p.db", assigner_factory=fake_factory)
    assert r.inputs_total == 1 and r.errors == 0


def test_missing_assigner_state_is_rebuilt_from_stored_articles(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=2, per_file=10)
    db = tmp_path / "p.db"
    ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    before = _snapshot(db)
    with Store(db) as s:
        s.db.execute("DELETE FROM assigner_state")
    # Nothing new: the assigner is not even loaded.
    assert ingest([tmp_path / "in"], db, assigner_factory=fake_factory).batches == 0
    (tmp_path / "in" / "late.jsonl").write_text('{"id": "late-1", "text": "storm again."}\n')
    ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    after = _snapshot(db)
    storm = next(g for g in before["partition"] if "art-00001" in g)
    assert after["partition"] == (before["partition"] - {storm}) | {storm | {"late-1"}}
    state = FakeAssigner.from_bytes(after["state"])
    assert sum(len(v) for v in state.members.values()) == 21


def test_recluster_forwards_story_ids(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=1, per_file=8)
    db = tmp_path / "p.db"
    r = ingest([tmp_path / "in"], db, assigner_factory=fake_factory, recluster=True)
    assert r.stories_total == 1  # the fake merges everything on recluster
    with Store(db, readonly=True) as s:
        assert s.resolve_story_id("s-storm") == "s-league"
        assert len(s.story("s-summit").articles) == 8


def test_readonly_store_on_missing_db_for_listing(tmp_path):
    with pytest.raises(StoreError):
        Store(tmp_path / "none.db", readonly=True)


CRASH_SCRIPT = """
import sys, time
sys.path.insert(0, {here!r})
from parallax.pipeline.driver import ingest
from fake_assigner import factory

def slow_annotator(article):
    time.sleep(0.01)  # slow enough to be killed mid-run
    return None

options = dict(annotator=slow_annotator, batch_size=15)
if {fake!r}:
    options["assigner_factory"] = factory
ingest([{corpus!r}], {db!r}, **options)
"""


def _kill_mid_run(corpus: Path, db: Path, fake: bool, at_least: int) -> int:
    script = CRASH_SCRIPT.format(here=str(HERE), corpus=str(corpus), db=str(db), fake=fake)
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)])
    deadline = time.monotonic() + 60
    count = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with Store(db, readonly=True) as s:
                    count = s.count_articles()
            except StoreError:
                count = 0  # not created / migrated yet
            if count >= at_least:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return count


@pytest.mark.parametrize("fake", [True, False], ids=["fake-assigner", "story-assigner"])
def test_resume_after_sigkill_matches_uninterrupted_run(tmp_path, fake_factory, fake):
    if not fake:
        pytest.importorskip("parallax.stories")
    corpus = tmp_path / "in"
    ids = write_corpus(corpus, n_files=6, per_file=40)
    options = {"assigner_factory": fake_factory} if fake else {}

    whole = tmp_path / "whole.db"
    ingest([corpus], whole, **options)

    crashed = tmp_path / "crashed.db"
    killed_at = _kill_mid_run(corpus, crashed, fake, at_least=60)
    assert 0 < killed_at < len(ids)
    partial = _snapshot(crashed)
    assert partial["articles"] < ids
    # Every committed article has its membership and the state that matches it.
    assert set().union(*partial["partition"]) == partial["articles"]

    r = ingest([corpus], crashed, **options)
    assert r.inputs_skipped >= 1 and r.new == len(ids) - len(partial["articles"])
    resumed, reference = _snapshot(crashed), _snapshot(whole)
    assert resumed["articles"] == reference["articles"] == ids
    assert resumed["partition"] == reference["partition"]
    assert resumed["duplicates"] == reference["duplicates"]
    if fake:
        state = FakeAssigner.from_bytes(resumed["state"])
        assert sorted(a for v in state.members.values() for a in v) == sorted(ids)


class BatchAnnotator:
    """Annotates in batches like parallax.nlp's Annotator; fails on articles whose text says so."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def annotate_many(self, articles):
        self.batches.append(len(articles))
        for a in articles:
            if "explode" in a.text:
                raise RuntimeError("tagger crashed")
            yield Annotation(a.id, a.text, entities=[Entity(0, 5, a.text[:5], "MISC")])


def test_annotator_runs_in_batches_and_a_failure_is_recorded(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=2, per_file=40)
    (tmp_path / "in" / "zz.jsonl").write_text('{"id": "bad-1", "text": "summit will explode the tagger."}\n')
    ann = BatchAnnotator()
    db = tmp_path / "p.db"
    r = ingest([tmp_path / "in"], db, assigner_factory=fake_factory, annotator=ann)
    assert max(ann.batches) == 32 and r.new == 81
    assert r.errors == 1 and "annotation failed" in r.error_list[0].reason
    assert r.inputs_failed == 0  # the article is stored and clustered, only unannotated
    with Store(db, readonly=True) as s:
        assert s.annotation("art-00003").entities[0].label == "MISC"
        assert s.annotation("bad-1") is None and s.has_article("bad-1")
        assert s.unannotated_ids() == ["bad-1"]


def test_a_second_writer_is_refused_while_one_ingests(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=1, per_file=3)
    db = tmp_path / "p.db"
    with writer_lock(str(db)), pytest.raises(StoreError, match="another ingest"):
        ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    assert ingest([tmp_path / "in"], db, assigner_factory=fake_factory).new == 3


def test_snapshots_are_spaced_geometrically(tmp_path, fake_factory, monkeypatch):
    from parallax.pipeline.driver import Ingester

    write_corpus(tmp_path / "in", n_files=4, per_file=50)
    saved: list[int] = []
    real = Ingester._save_snapshot

    def counting(self, assigner):
        real(self, assigner)
        saved.append(self._covered)

    monkeypatch.setattr(Ingester, "_save_snapshot", counting)
    r = ingest([tmp_path / "in"], tmp_path / "p.db", assigner_factory=fake_factory, batch_size=10)
    assert r.batches >= 19
    # Not one per batch: each snapshot covers >= 1.5x the previous one, plus the final one.
    assert saved[-1] == r.articles_total and len(saved) <= 8
    assert all(b >= 1.5 * a for a, b in itertools.pairwise(saved[:-1]))


def test_resume_replays_articles_stored_after_the_snapshot(tmp_path, fake_factory, monkeypatch):
    from parallax.pipeline.driver import Ingester

    write_corpus(tmp_path / "in", n_files=3, per_file=12)
    files = sorted((tmp_path / "in").iterdir())
    db = tmp_path / "p.db"
    ingest([files[0]], db, assigner_factory=fake_factory, batch_size=5)
    # A run whose articles are committed but which dies before any new snapshot.
    monkeypatch.setattr(Ingester, "_save_snapshot", lambda self, assigner: None)
    ingest([files[1]], db, assigner_factory=fake_factory, batch_size=5)
    monkeypatch.undo()
    with Store(db, readonly=True) as s:
        assert len(FakeAssigner.from_bytes(s.load_assigner_state()).by_text) <= 12  # stale snapshot
    with Store(db) as s:  # a stored membership the replay disagrees with is put back in step
        late = s.db.execute("SELECT id FROM articles ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        s.db.execute("UPDATE memberships SET story_id = 's-wrong' WHERE article_id = ?", (late,))
    ingest([f for f in files], db, assigner_factory=fake_factory, batch_size=5)
    resumed = _snapshot(db)
    clean_db = tmp_path / "clean.db"
    ingest([f for f in files], clean_db, assigner_factory=fake_factory, batch_size=5)
    clean = _snapshot(clean_db)
    assert resumed["partition"] == clean["partition"] and resumed["duplicates"] == clean["duplicates"]
    state = FakeAssigner.from_bytes(resumed["state"])
    assert sum(len(v) for v in state.members.values()) == resumed["articles"].__len__()


def test_a_run_killed_before_consolidation_is_consolidated_by_the_next(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=2, per_file=10)
    db = tmp_path / "p.db"
    # As a run killed after its last commit and before consolidation leaves the store:
    ingest([tmp_path / "in"], db, assigner_factory=fake_factory, recluster=False)
    assert len(_snapshot(db)["partition"]) > 1  # the fake's stories, not yet merged
    again = ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    assert again.new == 0
    assert len(_snapshot(db)["partition"]) == 1  # the fake's consolidation merges everything
    before = _snapshot(db)
    ingest([tmp_path / "in"], db, assigner_factory=fake_factory)  # consolidated and nothing new: no-op
    assert _snapshot(db) == before


def test_rerun_with_annotation_fills_in_what_the_store_lacks(tmp_path, fake_factory):
    write_corpus(tmp_path / "in", n_files=2, per_file=5)
    db = tmp_path / "p.db"
    first = ingest([tmp_path / "in"], db, assigner_factory=fake_factory)
    with Store(db) as s:
        assert len(s.unannotated_ids()) == first.articles_total == 10
        sid = s.story_of("art-00003")
        assert sid is not None
        s.put_digest(_blank_digest(s, sid))
        assert s.digest(sid, current_only=True) is not None
    ann = BatchAnnotator()
    again = ingest([tmp_path / "in"], db, assigner_factory=fake_factory, annotator=ann)
    assert (again.inputs_skipped, again.new, again.annotated, again.errors) == (2, 0, 10, 0)
    with Store(db, readonly=True) as s:
        assert s.unannotated_ids() == [] and s.annotation("art-00003").entities[0].label == "MISC"
        assert s.digest(sid) is None  # built without the annotations: rebuilt on the next read
    assert ingest([tmp_path / "in"], db, assigner_factory=fake_factory, annotator=ann).annotated == 0


def _blank_digest(store, story_id):  # type: ignore[no-untyped-def]
    from parallax.model import Comparison, Digest

    entry = store.story(story_id)
    return Digest(
        story=entry.story, summary=[], comparison=Comparison(story_id, [], [], [], []), quotes={}, timeline=[]
    )
