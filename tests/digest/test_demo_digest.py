"""The bundled fictional demo corpus (demo/README.md lists its ground truth) through the whole digest."""

from pathlib import Path

import pytest

from parallax import api

DEMO = Path(__file__).resolve().parents[2] / "demo" / "corpus"


@pytest.fixture(scope="module")
def demo_run():
    if not DEMO.is_dir():
        pytest.skip("demo corpus absent")
    return api.digest([DEMO], annotate=False)


def test_three_stories(demo_run):
    assert len(demo_run.digests) == 3
    sizes = sorted(len(d.story.article_ids) for d in demo_run.digests)
    assert sizes == [2, 4, 6]


def test_recount_margin_disagreement_is_found(demo_run):
    conflicts = [c for d in demo_run.digests for c in d.comparison.contradictions]
    assert any("112" in c.explanation and "121" in c.explanation for c in conflicts)
    # not a disagreement: 38 ships on Wednesday vs 41 on Thursday/Friday
    assert not any("38" in c.explanation and "41" in c.explanation for c in conflicts)


def test_every_summary_sentence_cites_a_story_article(demo_run):
    for d in demo_run.digests:
        assert d.summary
        ids = set(d.story.article_ids)
        assert all(s.sources and {c.article_id for c in s.sources} <= ids for s in d.summary)
