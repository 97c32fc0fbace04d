"""FTS5 search: ranking, highlighted snippets, syntax errors as SearchQueryError."""

from __future__ import annotations

import pytest

from parallax.model import Article, ParallaxError
from parallax.store import SearchQueryError, Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "p.db") as s:
        s.add_article(
            Article(
                "a1",
                "x",
                "Trump and Kim met in Hanoi. The summit ended without a deal.",
                title="Hanoi summit",
            )
        )
        s.add_article(Article("a2", "y", "Floods hit the coast after the storm.", title="Storm damage"))
        s.add_article(
            Article("a3", "z", "Café owners protest. Economists <b>disagree</b>.", title="Protest in Zürich")
        )
        s.set_membership("a1", "s1")
        yield s


def test_search_ranks_and_highlights(store):
    hits = store.search("summit")
    assert [h.article_id for h in hits] == ["a1"]
    h = hits[0]
    assert h.story_id == "s1" and h.title == "Hanoi summit"
    assert ("summit", True) in h.segments
    assert "[summit]" in h.snippet()
    assert h.to_json()["snippet"] == h.snippet()


def test_search_operators_prefix_phrase_and_title_column(store):
    assert [h.article_id for h in store.search("flood*")] == ["a2"]
    assert [h.article_id for h in store.search('"without a deal"')] == ["a1"]
    assert [h.article_id for h in store.search("title:storm")] == ["a2"]
    assert store.search("summit NOT hanoi") == []
    # Diacritics fold: "cafe" finds "Café", "zurich" finds the title "Zürich".
    assert [h.article_id for h in store.search("cafe")] == ["a3"]
    assert [h.article_id for h in store.search("zurich")] == ["a3"]


def test_title_only_match_gets_highlighted_title(store):
    hits = store.search("zurich")
    assert any(hit for _, hit in hits[0].segments)


def test_markup_in_text_stays_text_in_segments(store):
    (hit,) = store.search("disagree")
    assert "".join(t for t, _ in hit.segments).count("<b>") == 1  # raw text, for the shell to escape


@pytest.mark.parametrize("bad", ['"unbalanced', "summit AND", "(summit", "nosuchcol:summit", "NEAR(", "*"])
def test_syntax_errors_are_parallax_errors(store, bad):
    with pytest.raises(SearchQueryError) as info:
        store.search(bad)
    assert isinstance(info.value, ParallaxError)
    assert bad in str(info.value)


def test_literal_mode_never_fails(store):
    # Operators and quotes are plain words here: "and" is in a1's text, "(" is no token.
    assert [h.article_id for h in store.search('summit AND "(', literal=True)] == ["a1"]
    assert store.search("summit floods", literal=True) == []
    assert [h.article_id for h in store.search("Hanoi summit", literal=True)] == ["a1"]
    with pytest.raises(SearchQueryError, match="empty"):
        store.search("   ")


def test_fts_follows_deletes_and_updates(store):
    store.db.execute("UPDATE articles SET text = 'Now about volcanoes.' WHERE id = 'a2'")
    assert store.search("floods") == []
    assert [h.article_id for h in store.search("volcanoes")] == ["a2"]
    store.db.execute("DELETE FROM articles WHERE id = 'a2'")
    assert store.search("volcanoes") == []
