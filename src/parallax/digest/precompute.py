"""Story digests built ahead of reading: after an ingest, for every story whose members changed.

A digest costs seconds and grows faster than linearly with a story's size (the
comparison aligns every sentence pair across outlets), so a story page built on
demand would make its first reader wait. ``precompute_digests`` stores a current
digest for each story that lacks one; the web app then only reads it.

A large story is digested from a sample: its ``max_articles`` most central
original articles (closest to the story's TF-IDF centroid), one per outlet first
so the comparison still spans outlets. ``Digest.sample`` names them and pages say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from parallax.model import Article, Digest, StoryUpdate
from parallax.outlets import name_of
from parallax.stories.text import content_terms
from parallax.stories.vectors import OnlineIdf, add_into, dot, weigh

if TYPE_CHECKING:
    from parallax.digest.builder import DigestBuilder
    from parallax.store import Store, StoryEntry

#: Most articles one digest is built from; at 12 a digest takes ~1 s on one core.
DEFAULT_MAX_ARTICLES = 12


def central_articles(articles: list[Article], n: int) -> list[Article]:
    """The ``n`` most central of ``articles`` (all when there are no more), in their given order.

    Centrality is the cosine of an article's TF-IDF vector (idf fitted on the story)
    with the story's centroid. The most central article of each outlet comes first (if on
    topic), in order of centrality, then the most central of the rest.
    """
    if len(articles) <= n:
        return list(articles)
    idf = OnlineIdf()
    counts = [content_terms(a) for a in articles]
    for c in counts:
        idf.add(c)
    vecs = [weigh(c, idf, 200) for c in counts]
    centroid: dict[str, float] = {}
    for v in vecs:
        add_into(centroid, v)
    score = [dot(v, centroid) for v in vecs]
    ranked = sorted(range(len(articles)), key=lambda i: (-score[i], articles[i].id))
    # An outlet's article jumps the queue only when it is on topic (half the median centrality
    # or more): a stray article a clustering let in must not be digested for the outlet's sake.
    floor = 0.5 * score[ranked[len(ranked) // 2]]
    chosen: list[int] = []
    seen: set[str] = set()
    for i in ranked:
        outlet = name_of(articles[i])
        if outlet not in seen and score[i] >= floor:
            seen.add(outlet)
            chosen.append(i)
    chosen = chosen[:n]
    taken = set(chosen)
    chosen += [i for i in ranked if i not in taken][: n - len(chosen)]
    return [articles[i] for i in sorted(chosen)]


def build_story_digest(
    store: Store,
    entry: StoryEntry,
    *,
    max_articles: int = DEFAULT_MAX_ARTICLES,
    builder: DigestBuilder | None = None,
) -> Digest:
    """The digest of the stored story ``entry`` from its original (non-copy) articles, sampled
    down to ``max_articles`` central ones when it has more."""
    from parallax.digest.builder import DigestBuilder

    refs = [a for a in entry.articles if not a.duplicate_of] or entry.articles
    articles = store.articles([a.id for a in refs])
    used = central_articles(articles, max(1, max_articles))
    anns = store.annotations([a.id for a in used])
    digest = (builder or DigestBuilder()).story_digest(entry.story, used, anns)
    if len(used) < len(articles):
        digest.sample = [a.id for a in used]
    digest.update = _update(store, entry.story.id, articles, max(1, max_articles))
    return digest


def _update(store: Store, story_id: str, articles: list[Article], max_articles: int) -> StoryUpdate | None:
    """What the articles added since the story's previous digest say that its earlier articles did not.

    The previous digest names the members the reader has seen. With no new member (the story lost
    articles to a regroup), the previous update is kept while all its new articles are still members.
    """
    from parallax.digest.update import story_update  # the summarizer's libraries load in seconds

    previous = store.digest(story_id)
    if previous is None:
        return None
    seen = set(previous.story.article_ids)
    earlier = [a for a in articles if a.id in seen]
    later = [a for a in articles if a.id not in seen]
    if not later:
        kept = previous.update
        ids = {a.id for a in articles}
        return kept if kept is not None and set(kept.new_article_ids) <= ids else None
    earlier, later = central_articles(earlier, max_articles), central_articles(later, max_articles)
    return story_update(earlier, later, store.annotations([a.id for a in later]))


def precompute_digests(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    max_articles: int = DEFAULT_MAX_ARTICLES,
    on_progress: Callable[[int, int], None] | None = None,
    builder: DigestBuilder | None = None,
) -> int:
    """Build and store the digest of every story in ``story_ids`` (default: every story without a
    current digest, newest first); returns how many were built.

    ``on_progress(done, total)`` is called after each story. Each digest is committed
    on its own, so an interrupted run keeps what it built and a rerun does the rest.
    """
    from parallax.digest.builder import DigestBuilder

    ids = list(story_ids) if story_ids is not None else store.stale_digest_story_ids()
    builder = builder or DigestBuilder()
    done = 0
    for n, sid in enumerate(ids, 1):
        entry = store.story(sid)
        if entry is not None:
            store.put_digest(build_story_digest(store, entry, max_articles=max_articles, builder=builder))
            done += 1
        if on_progress:
            on_progress(n, len(ids))
    return done
