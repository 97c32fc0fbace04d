from __future__ import annotations

from parallax.stories import DuplicateIndex
from parallax.stories.text import exact_key, normalize_text


def test_normalised_exact_key_ignores_case_and_spacing():
    assert exact_key("Hello,  World!\n") == exact_key("hello world")
    assert normalize_text("É  Tout-à-fait") == "é tout à fait"


def test_exact_and_near_copies_point_at_the_original(articles):
    idx = DuplicateIndex()
    assert idx.check_add("nepal", articles["nepal"].text) is None
    exact = idx.check_add("nepal_exact", articles["nepal_exact"].text)
    assert exact is not None and exact.exact and exact.canonical_id == "nepal"
    near = idx.check_add("nepal_copy", articles["nepal_copy"].text)
    assert near is not None and not near.exact and near.canonical_id == "nepal"
    assert 0.5 <= near.similarity <= 1.0


def test_same_event_other_outlet_is_not_a_copy(articles):
    idx = DuplicateIndex()
    assert idx.check_add("nepal", articles["nepal"].text) is None
    assert idx.check_add("nepal_other", articles["nepal_other"].text) is None
    assert idx.check_add("ecuador", articles["ecuador"].text) is None
