"""Incremental story clustering with stable ids (single pass over candidates, optional merge pass).

Each article is first checked for being a copy (``DuplicateIndex``); a copy joins its
canonical article's story. Otherwise the article is compared with the stories that share a
blocking key with it (its heaviest content terms and entities, via an inverted index), never with
the whole corpus. Similarity mixes content words (tf-idf cosine with the story centroid), named
entities (same on entity vectors: two earthquakes share topic words but not places or
people) and time (a story only takes articles published near its own dates). Below the
threshold the article opens a new story, whose id is derived from that first article's id.
"""

from __future__ import annotations

import heapq
import io
import logging
import math
import pickle
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from parallax.model import Annotation, Article, Assignment, Duplicate, Story, content_id
from parallax.stories.dedup import DedupConfig, DuplicateIndex
from parallax.stories.features import Features as _Features
from parallax.stories.features import Packed as _Packed
from parallax.stories.features import marks, meaning_passage, pair_similarity, stated_weekdays, word_count
from parallax.stories.regroup import average_linkage, candidate_pairs, contrasted, meaning_pairs
from parallax.stories.state import (
    ClusterConfig,
    _annotations_by_id,
    _dedup_text,
    _entity_text,
    _heaviest,
    _mid_day,
    _span_days,
    _StoryState,
    _too_short,
)
from parallax.stories.text import annotation_entities, article_day, cheap_entities, content_terms, parse_day
from parallax.stories.vectors import OnlineIdf, SparseVec, add_into, dot, norm, truncate, weigh

log = logging.getLogger(__name__)

_FORMAT = b"PXSA1"  # header of ``to_bytes`` blobs; bump when the pickled state changes shape


class StoryAssigner:
    """Stateful incremental clustering: ``add`` articles, read ``stories``, persist with ``to_bytes``.

    Ids are stable: a story's id is derived from its first article's id, so the same input in the
    same order gives the same ids, and a merge keeps the older story's id (``recluster`` returns
    the forwarding map of the ids that disappeared).
    """

    def __init__(self, config: ClusterConfig | None = None, dedup: DedupConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self._dedup = DuplicateIndex(dedup)
        self._idf = OnlineIdf(self.config.prior_docs)
        self._eidf = OnlineIdf(self.config.prior_docs)
        self._stories: dict[str, _StoryState] = {}
        self._story_of: dict[str, str] = {}  # article id -> story id (may lag merges: see _resolve)
        self._duplicates: dict[str, Duplicate] = {}
        self._postings: dict[str, list[str]] = {}
        self._forward: dict[str, str] = {}
        self._vecs: dict[str, _Packed] = {}  # canonical article id -> its vectors
        # article id -> (published, outlet, title): lets ``recluster`` rebuild stories exactly.
        self._meta: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._counter = 0

    # ------------------------------------------------------------------ public API

    def __len__(self) -> int:
        return len(self._story_of)

    def add(self, article: Article, annotation: Annotation | None = None) -> Assignment:
        """Assign one article (a copy joins its canonical's story); re-adding returns the old assignment."""
        return self.add_many([article], [annotation])[0]

    def add_many(
        self, articles: Sequence[Article], annotations: Sequence[Annotation | None] | None = None
    ) -> list[Assignment]:
        """Assign a batch in order; document frequencies see the whole batch first (better idf)."""
        cfg = self.config
        ann_by_id = _annotations_by_id(annotations)
        out: list[Assignment | None] = [None] * len(articles)
        todo: list[tuple[int, Article, Duplicate | None, Counter[str], Counter[str]]] = []
        seen: set[str] = set()
        empty: Counter[str] = Counter()
        for i, art in enumerate(articles):
            if art.id in self._story_of or art.id in seen:
                continue
            seen.add(art.id)
            self._meta[art.id] = (art.published, art.outlet, art.title)
            if _too_short(art, cfg):
                todo.append((i, art, None, empty, empty))  # furniture: alone, no vectors
                continue
            dup = self._dedup.check_add(art.id, _dedup_text(art))
            if dup is not None:
                if self._is_repeated_furniture(art, dup):
                    dup = None
                    todo.append((i, art, None, empty, empty))
                else:
                    todo.append((i, art, dup, empty, empty))
                continue
            terms = content_terms(art)
            ann = ann_by_id.get(art.id)
            ents = annotation_entities(ann) if ann is not None else cheap_entities(_entity_text(art))
            self._idf.add(terms)
            self._eidf.add(ents)
            todo.append((i, art, None, terms, ents))
        vectors = self._meaning_vectors([art for _, art, dup, terms, _ in todo if dup is None and terms])
        # Second pass, in input order: a copy's canonical is always assigned before the copy.
        for i, art, dup, terms, ents in todo:
            if dup is None and not terms:  # furniture (or a text without content words)
                out[i] = self._join(self._new_story(art), art, None, None)
                continue
            if dup is not None:
                dup = self._resolve_dup(dup)
                self._duplicates[art.id] = dup
                out[i] = self._join(self.story_id(dup.canonical_id), art, None, dup)
                continue
            feats = self._features(terms, ents, article_day(art))
            feats.words, feats.marks, feats.meaning = word_count(art), marks(art), vectors.get(art.id)
            feats.weekdays = stated_weekdays(art)
            sid = self._best_story(feats)
            if sid is None:
                sid = self._new_story(art)
            out[i] = self._join(sid, art, feats, None)
            self._vecs[art.id] = _Packed.pack(feats)
        # Re-added or repeated ids get their current assignment.
        return [a if a is not None else self.assignment(art.id) for a, art in zip(out, articles, strict=True)]

    def _meaning_vectors(self, articles: list[Article]) -> dict[str, np.ndarray]:
        if not self.config.meaning or not articles:
            return {}
        from parallax.meaning import default_model

        rows = default_model().encode([meaning_passage(a) for a in articles], self.config.meaning_tokens)
        return {a.id: row for a, row in zip(articles, rows, strict=True)}

    def assignment(self, article_id: str) -> Assignment:
        """The current assignment of an article already added (KeyError otherwise)."""
        return Assignment(article_id, self.story_id(article_id), self._duplicates.get(article_id))

    def story_id(self, article_id: str) -> str:
        """The current story id of an added article (follows merges)."""
        sid = self._resolve(self._story_of[article_id])
        self._story_of[article_id] = sid
        return sid

    def resolve(self, story_id: str) -> str:
        """The current id of a story id handed out earlier (merged stories forward to the survivor)."""
        return self._resolve(story_id)

    def duplicates(self) -> list[Duplicate]:
        return list(self._duplicates.values())

    def stories(self) -> list[Story]:
        """All stories, oldest first, with their articles in arrival order."""
        out = []
        for st in self._stories.values():
            out.append(
                Story(
                    id=st.id,
                    article_ids=list(st.article_ids),
                    outlets=list(st.outlets),
                    title=st.title,
                    first_published=st.first_published,
                    last_published=st.last_published,
                )
            )
        return out

    def recluster(self) -> dict[str, str]:
        """Refine: merge similar stories, move articles that fit another story better, merge again.

        Returns old story id -> current id for every story id that disappeared. The older story
        of a merge survives, so ids handed out earlier stay valid through ``resolve``.
        """
        before = set(self._stories)
        if self.config.batch_recluster and len(getattr(self, "_meta", ())) == len(self._story_of):
            self._regroup()  # final: a centroid merge after it would chain what linkage kept apart
        else:  # (also states saved before per-article metadata existed: they cannot be rebuilt)
            self._merge_pass()
            self._reassign_pass()
            self._merge_pass()
        return {old: self._resolve(old) for old in sorted(before - set(self._stories))}

    def _regroup(self) -> None:
        """Re-partition the canonical articles by blocked average linkage and rebuild the stories.

        A new group keeps the id of the old story it shares most articles with (each old id
        goes to one group at most, older stories first on ties); other groups get fresh ids, and
        every old id that disappears forwards to the group holding most of its articles.
        """
        ids = list(self._vecs)
        feats = [self._vecs[a].unpack() for a in ids]
        pairs = candidate_pairs([f.keys for f in feats], [f.day for f in feats], self.config.regroup)
        with_meaning = [i for i, f in enumerate(feats) if f.meaning is not None]
        if with_meaning:
            vectors = np.stack([feats[i].meaning for i in with_meaning])  # type: ignore[misc]
            near = meaning_pairs(vectors, self.config.regroup)
            pairs = sorted(set(pairs) | {(with_meaning[i], with_meaning[j]) for i, j in near})
        scores = [self._pair_similarity(feats[i], feats[j]) for i, j in pairs]
        weight = dict(zip(pairs, contrasted(len(ids), pairs, scores, self.config.regroup), strict=True))
        labels = average_linkage(len(ids), pairs, lambda i, j: weight[(i, j)], self.config.regroup.threshold)
        index = {a: i for i, a in enumerate(ids)}
        group_of: dict[str, int] = {}  # every article (copies too) -> group label; furniture: absent
        for aid in self._story_of:
            k = index.get(self._canonical(aid))
            if k is not None:
                group_of[aid] = labels[k]
        overlap: Counter[tuple[int, str]] = Counter()
        for aid, g in group_of.items():
            overlap[(g, self.story_id(aid))] += 1
        old = self._stories
        ranked = sorted(overlap.items(), key=lambda kv: (-kv[1], old[kv[0][1]].order, kv[0][0]))
        sid_of: dict[int, str] = {}
        taken: set[str] = set()
        for (g, sid), _ in ranked:
            if g not in sid_of and sid not in taken:
                sid_of[g] = sid
                taken.add(sid)
        # Rebuild: furniture stories stay as they are; groups become stories in arrival order.
        new = {st.id: st for st in old.values() if not any(a in group_of for a in st.article_ids)}
        for aid, g in group_of.items():
            known = sid_of.get(g)
            if known is None:
                known = sid_of[g] = self._fresh_id(aid, new)
            sid = known
            st = new.get(sid)
            if st is None:
                order = old[sid].order if sid in old else self._next_order()
                st = new[sid] = _StoryState(sid, order)
            self._fill(st, aid)
            packed = self._vecs.get(aid)
            if packed is not None:
                f = packed.unpack()
                self._absorb(st, f.content, f.entities, 1)
        best_new: dict[str, tuple[int, str]] = {}
        for (g, sid), n in overlap.items():
            if sid not in new and (sid not in best_new or n > best_new[sid][0]):
                best_new[sid] = (n, sid_of[g])
        for sid, (_, target) in best_new.items():
            self._forward[sid] = target
        self._stories = dict(sorted(new.items(), key=lambda kv: kv[1].order))
        self._postings = {}
        for st in self._stories.values():
            keys = [k for a in st.article_ids if a in self._vecs for k in self._vecs[a].keys]
            st.keys = set()
            self._post(st, keys)

    def _fill(self, st: _StoryState, aid: str) -> None:
        published, outlet, title = self._meta[aid]
        st.article_ids.append(aid)
        self._story_of[aid] = st.id
        if st.title is None and title:
            st.title = title
        if outlet and outlet not in st.outlets:
            st.outlets.append(outlet)
        day = parse_day(published)
        if day is not None:
            if st.first_day is None or day < st.first_day:
                st.first_day, st.first_published = day, published
            if st.last_day is None or day > st.last_day:
                st.last_day, st.last_published = day, published

    def _fresh_id(self, article_id: str, taken: dict[str, _StoryState]) -> str:
        sid = "s" + content_id("story", article_id)
        while sid in taken or sid in self._stories or sid in self._forward:
            sid = "s" + content_id("story", sid)
        return sid

    def _next_order(self) -> int:
        self._counter += 1
        return self._counter

    def _pair_similarity(self, a: _Features, b: _Features) -> float:
        return pair_similarity(a, b, self.config.pair, self.config.regroup.threshold)

    def _is_repeated_furniture(self, art: Article, dup: Duplicate) -> bool:
        """A short text copied verbatim onto another page is furniture unless both are dated close together."""
        if not dup.exact or len(art.text.split()) >= self.config.furniture_copy_words:
            return False  # an edited copy (furniture added, a paragraph dropped) is a wire copy
        day, other = article_day(art), parse_day(self._meta.get(dup.canonical_id, (None,))[0])
        return day is None or other is None or abs(day - other) > self.config.time_window_days

    def _merge_pass(self) -> None:
        cfg = self.config
        for st in sorted(self._stories.values(), key=lambda s: s.order):
            if st.id not in self._stories:
                continue
            cs = self._scale(norm(st.content), st.n)
            es = self._scale(norm(st.entities), st.n)
            content = {t: w / cs for t, w in st.content.items()} if cs else {}
            entities = {t: w / es for t, w in st.entities.items()} if es else {}
            # Blocking keys of the centroid, like an article's: the union of every member's keys
            # grows with the story, and the candidate scan with it (superlinear on big corpora).
            keys = ["t:" + t for t in _heaviest(content, cfg.block_terms)]
            keys += ["e:" + e for e in _heaviest(entities, cfg.block_entities)]
            feats = _Features(content, entities, keys, _mid_day(st.first_day, st.last_day))
            best: tuple[float, int, str] | None = None
            for cand in self._candidates(feats, exclude=st.id):
                other = self._stories[cand]
                if other.order > st.order:
                    continue  # each pair is looked at once, from the younger story
                score = self._similarity(feats, other, span=(st.first_day, st.last_day))
                if score >= cfg.merge_threshold and (best is None or (score, -other.order) > best[:2]):
                    best = (score, -other.order, cand)
            if best is not None:
                self._merge(st.id, best[2])

    def _reassign_pass(self) -> None:
        """Move each article to the story it fits best now that all stories exist (k-means-like step)."""
        cfg = self.config
        moved = 0
        for aid in list(self._vecs):
            feats = self._vecs[aid].unpack()
            own = self._stories[self.story_id(aid)]
            if own.n > 1:
                loo = _StoryState(
                    own.id, own.order, content=dict(own.content), entities=dict(own.entities), n=own.n - 1
                )
                add_into(loo.content, feats.content, -1.0)
                add_into(loo.entities, feats.entities, -1.0)
                loo.first_day, loo.last_day = own.first_day, own.last_day
                own_score = self._similarity(feats, loo)
            else:
                own_score = -1.0
            best: tuple[float, str] | None = None
            for sid in self._candidates(feats, exclude=own.id):
                score = self._similarity(feats, self._stories[sid])
                if best is None or score > best[0]:
                    best = (score, sid)
            if best is None or best[0] < cfg.threshold or best[0] <= own_score + cfg.move_margin:
                if own.n > 1 and own_score < cfg.split_below:  # fits nowhere: split it off
                    self._move(aid, own, self._stories[self._new_story_id(aid)], feats)
                    moved += 1
                continue
            self._move(aid, own, self._stories[best[1]], feats)
            moved += 1
        log.debug("reassign pass moved %d articles", moved)

    def _move(self, aid: str, src: _StoryState, dst: _StoryState, feats: _Features) -> None:
        members = [a for a in src.article_ids if a == aid or self._canonical(a) == aid]
        moving = set(members)
        keep = [a for a in src.article_ids if a not in moving]
        src.article_ids = keep
        add_into(src.content, feats.content, -1.0)
        add_into(src.entities, feats.entities, -1.0)
        src.n -= 1
        src.cnorm = -1.0
        for a in members:
            dst.article_ids.append(a)
            self._story_of[a] = dst.id
        self._absorb(dst, feats.content, feats.entities, 1)
        self._post(dst, feats.keys)
        if feats.day is not None:
            if dst.first_day is None or feats.day < dst.first_day:
                dst.first_day = feats.day
            if dst.last_day is None or feats.day > dst.last_day:
                dst.last_day = feats.day
        if not keep:  # emptied: its id forwards to where its last article went
            del self._stories[src.id]
            self._forward[src.id] = dst.id

    def _canonical(self, aid: str) -> str:
        dup = self._duplicates.get(aid)
        return dup.canonical_id if dup is not None else aid

    def to_bytes(self) -> bytes:
        """The whole state, compressed (load with ``from_bytes``; only load blobs you wrote)."""
        buf = io.BytesIO()
        pickle.dump(self.__dict__, buf, protocol=pickle.HIGHEST_PROTOCOL)
        return _FORMAT + zlib.compress(buf.getvalue(), 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryAssigner:
        if not data.startswith(_FORMAT):
            raise ValueError("not a StoryAssigner state (wrong header or format version)")
        obj = cls.__new__(cls)
        obj.__dict__.update(pickle.loads(zlib.decompress(data[len(_FORMAT) :])))
        obj.__dict__.setdefault("_meta", {})  # older states: ``recluster`` falls back to merge/move passes
        return obj

    # ------------------------------------------------------------------ internals

    def _features(self, terms: Counter[str], ents: Counter[str], day: int | None) -> _Features:
        cfg = self.config
        content = weigh(terms, self._idf, cfg.content_top_k)
        entities = weigh(ents, self._eidf, cfg.entity_top_k)
        keys = ["t:" + t for t in list(content)[: cfg.block_terms]]
        keys += ["e:" + e for e in list(entities)[: cfg.block_entities]]
        return _Features(content, entities, keys, day)

    def _candidates(self, feats: _Features, exclude: str | None = None) -> list[str]:
        hits: Counter[str] = Counter()
        cap = self.config.max_postings
        for key in feats.keys:
            plist = self._postings.get(key)
            if plist:
                hits.update(plist[-cap:] if len(plist) > cap else plist)
        resolved: Counter[str] = Counter()
        forward, stories = self._forward, self._stories
        for sid, n in hits.items():
            r = self._resolve(sid) if sid in forward else sid
            if r != exclude:
                resolved[r] += n
        k = self.config.max_candidates
        if len(resolved) > k:
            # Same result as ranking every candidate, but only the few that can make the cut are
            # sorted with the (slow, Python-level) tie-break key: hundreds per call at 100k articles.
            floor = heapq.nlargest(k, resolved.values())[-1]
            pool = [(sid, n) for sid, n in resolved.items() if n >= floor]
        else:
            pool = list(resolved.items())
        pool.sort(key=lambda kv: (-kv[1], stories[kv[0]].order))
        return [sid for sid, _ in pool[:k]]

    def _similarity(
        self, feats: _Features, st: _StoryState, span: tuple[int | None, int | None] | None = None
    ) -> float:
        cfg = self.config
        lo, hi = span if span is not None else (feats.day, feats.day)
        if _span_days(lo, hi, st.first_day, st.last_day) > cfg.max_story_days:
            return 0.0
        tf = self._time_factor(lo, hi, st)
        if tf < cfg.threshold * 0.5:  # too far apart in time to matter: skip the dot products
            return 0.0
        if st.cnorm < 0.0:  # cached; reset whenever the centroids change
            st.cnorm, st.enorm = norm(st.content), norm(st.entities)
        cn = self._scale(st.cnorm, st.n)
        cc = dot(feats.content, st.content) / cn if cn else 0.0
        if feats.entities and st.entities:
            en = self._scale(st.enorm, st.n)
            ce = dot(feats.entities, st.entities) / en if en else 0.0
            score = (1.0 - cfg.entity_weight) * cc + cfg.entity_weight * ce
        else:
            score = cc
        return score * tf

    def _scale(self, norm_value: float, n: int) -> float:
        """Divisor turning a story's summed vector into the one compared (centroid .. average link)."""
        g = self.config.linkage
        if g <= 0.0:
            return norm_value
        size = max(1, n)
        return float(size) if g >= 1.0 else norm_value ** (1.0 - g) * size**g

    def _time_factor(self, lo: int | None, hi: int | None, st: _StoryState) -> float:
        if lo is None or hi is None or st.first_day is None or st.last_day is None:
            return 1.0
        gap = max(0, st.first_day - hi, lo - st.last_day)
        if gap <= self.config.time_window_days:
            return 1.0
        return math.exp(-(gap - self.config.time_window_days) / self.config.time_scale_days)

    def _best_story(self, feats: _Features) -> str | None:
        best: tuple[float, str] | None = None
        for sid in self._candidates(feats):
            score = self._similarity(feats, self._stories[sid])
            if best is None or score > best[0]:
                best = (score, sid)
        if best is not None and best[0] >= self.config.threshold:
            return best[1]
        return None

    def _new_story(self, art: Article) -> str:
        return self._new_story_id(art.id)

    def _new_story_id(self, article_id: str) -> str:
        sid = "s" + content_id("story", article_id)
        while sid in self._stories or sid in self._forward:  # same first article id reused after a merge
            sid = "s" + content_id("story", sid)
        self._counter += 1
        self._stories[sid] = _StoryState(sid, self._counter)
        return sid

    def _join(self, sid: str, art: Article, feats: _Features | None, dup: Duplicate | None) -> Assignment:
        st = self._stories[sid]
        st.article_ids.append(art.id)
        self._story_of[art.id] = sid
        if st.title is None and art.title:
            st.title = art.title
        if art.outlet and art.outlet not in st.outlets:
            st.outlets.append(art.outlet)
        day = article_day(art)
        if day is not None:
            if st.first_day is None or day < st.first_day:
                st.first_day, st.first_published = day, art.published
            if st.last_day is None or day > st.last_day:
                st.last_day, st.last_published = day, art.published
        if feats is not None:
            self._absorb(st, feats.content, feats.entities, 1)
            self._post(st, feats.keys)
        return Assignment(art.id, sid, dup)

    def _absorb(self, st: _StoryState, content: SparseVec, entities: SparseVec, n: int) -> None:
        cfg = self.config
        add_into(st.content, content)
        add_into(st.entities, entities)
        st.n += n
        st.cnorm = -1.0
        # Truncate lazily (amortised): centroids keep their heaviest terms only.
        if len(st.content) > 2 * cfg.centroid_top_k:
            st.content = truncate(st.content, cfg.centroid_top_k)
        if len(st.entities) > 2 * cfg.centroid_top_k:
            st.entities = truncate(st.entities, cfg.centroid_top_k)

    def _post(self, st: _StoryState, keys: Iterable[str]) -> None:
        cap = self.config.max_postings
        for key in keys:
            if key in st.keys:
                continue
            st.keys.add(key)
            plist = self._postings.setdefault(key, [])
            plist.append(st.id)
            if len(plist) > 2 * cap:
                del plist[: len(plist) - cap]

    def _merge(self, young: str, old: str) -> None:
        src, dst = self._stories.pop(young), self._stories[old]
        self._forward[young] = old
        for aid in src.article_ids:
            self._story_of[aid] = old
        dst.article_ids.extend(src.article_ids)
        for outlet in src.outlets:
            if outlet not in dst.outlets:
                dst.outlets.append(outlet)
        if dst.title is None:
            dst.title = src.title
        if src.first_day is not None and (dst.first_day is None or src.first_day < dst.first_day):
            dst.first_day, dst.first_published = src.first_day, src.first_published
        if src.last_day is not None and (dst.last_day is None or src.last_day > dst.last_day):
            dst.last_day, dst.last_published = src.last_day, src.last_published
        self._absorb(dst, src.content, src.entities, src.n)
        self._post(dst, sorted(src.keys))

    def _resolve(self, sid: str) -> str:
        root = sid
        while root in self._forward:
            root = self._forward[root]
        while sid != root:  # path compression
            nxt = self._forward[sid]
            self._forward[sid] = root
            sid = nxt
        return root

    def _resolve_dup(self, dup: Duplicate) -> Duplicate:
        canon = self._duplicates.get(dup.canonical_id)
        if canon is not None:  # never point at a copy: point at its original
            return Duplicate(dup.article_id, canon.canonical_id, dup.similarity, dup.exact)
        return dup


def cluster_articles(
    articles: Iterable[Article],
    annotations: Iterable[Annotation | None] | None = None,
    *,
    config: ClusterConfig | None = None,
    refine: bool = True,
) -> list[Assignment]:
    """One-shot clustering of ``articles`` (input order); final story ids after the merge pass."""
    arts = list(articles)
    assigner = StoryAssigner(config)
    assigner.add_many(arts, list(annotations) if annotations is not None else None)
    if refine:
        assigner.recluster()
    return [assigner.assignment(a.id) for a in arts]
