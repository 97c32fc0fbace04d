"""Batch re-grouping of articles: sparse average-linkage agglomeration over blocked candidate pairs.

Candidates come from an inverted index over each article's blocking keys (heaviest terms and
entities), looked up only among articles published within ``window_days`` of it; a key shared by
more than ``max_key_articles`` articles in that window tells nothing and is skipped, and each
article keeps its ``neighbors`` best-sharing candidates. So the pass costs
O(articles x neighbors), never O(n^2). Pairs are scored with the same mix as the assigner
(content and entity cosines, decayed by the time gap), weighed against each article's best
candidate scores (``contrasted``), and clusters merge, best pair first,
while their average pairwise similarity (pairs never scored count as 0) stays >= ``threshold``.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import numpy as np


@dataclass(slots=True)
class RegroupConfig:
    """Knobs of the batch pass (threshold and contrast chosen on the pools of ``stories_pools.py``)."""

    threshold: float = 0.06
    neighbors: int = 30
    #: Each article also meets its ``meaning_neighbors`` nearest by meaning vector, found by
    #: random-hyperplane hashing (``lsh_tables`` tables; as many bits as put about
    #: ``lsh_bucket`` articles in a bucket): paraphrased headlines share few words, so word
    #: keys alone miss them.
    meaning_neighbors: int = 10
    lsh_tables: int = 8
    lsh_bucket: int = 32
    max_bucket: int = 400
    max_key_articles: int = 300
    window_days: float = 10.0
    #: A pair counts by how far it stands out from its two articles' surroundings: its score is
    #: multiplied by (score / background) ** ``contrast``, an article's background being the
    #: mean of its ``background_top`` best candidate scores (at least ``background_floor`` x
    #: ``threshold``). In a crowded topic (one campaign, one war) every article scores high with
    #: many others, so a loose pair there counts less; a pair that stands out from sparse
    #: surroundings (a paraphrased headline) counts more. Chosen with ``threshold`` across the
    #: pools of ``benchmarks/stories_pools.py`` (``stories_diag.py --grid``); 0 disables it.
    contrast: float = 1.5
    background_top: int = 5
    background_floor: float = 0.25

    def __setstate__(self, state: tuple[None, dict[str, object]]) -> None:
        """Unpickle a saved assigner's config; fields added since it was saved take their defaults."""
        saved = state[1]  # pickle gives a slotted object's state as (None, {slot: value})
        for f in fields(self):
            setattr(self, f.name, saved.get(f.name, f.default))


def candidate_pairs(
    keys: Sequence[Sequence[str]], days: Sequence[int | None], cfg: RegroupConfig
) -> list[tuple[int, int]]:
    """Pairs (i < j) of items sharing blocking keys, each item's ``neighbors`` best ones."""
    # Postings sorted by day (undated items first, they match everything).
    order = sorted(range(len(keys)), key=lambda i: (days[i] is not None, days[i] or 0, i))
    postings: dict[str, list[int]] = {}
    for i in order:
        for k in keys[i]:
            postings.setdefault(k, []).append(i)
    pdays: dict[str, list[int]] = {}
    undated: dict[str, int] = {}
    for k, plist in postings.items():
        nd = 0
        while nd < len(plist) and days[plist[nd]] is None:
            nd += 1
        undated[k] = nd
        pdays[k] = [days[i] or 0 for i in plist[nd:]]
    win = math.ceil(cfg.window_days)
    pairs: set[tuple[int, int]] = set()
    for i in range(len(keys)):
        shared: Counter[int] = Counter()
        d = days[i]
        for k in keys[i]:
            plist, nd = postings[k], undated[k]
            if d is None:
                span = plist
            else:
                dl = pdays[k]
                lo, hi = bisect_left(dl, d - win), bisect_right(dl, d + win)
                span = plist[:nd] + plist[nd + lo : nd + hi]
            if len(span) > cfg.max_key_articles:
                continue  # over-common key in this time window: blocks nothing
            for j in span:
                if j != i:
                    shared[j] += 1
        for j, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.neighbors]:
            pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def meaning_pairs(vectors: np.ndarray, cfg: RegroupConfig, seed: int = 0) -> list[tuple[int, int]]:
    """Pairs (i < j): each row's ``meaning_neighbors`` best cosines among rows sharing a hash bucket.

    Near-linear: a row is compared only with its buckets' members, about ``lsh_bucket`` of them
    (an over-full bucket is cut at ``max_bucket``). Seeded, so deterministic.
    """
    n = len(vectors)
    if n < 2 or cfg.meaning_neighbors <= 0:
        return []
    rng = np.random.default_rng(seed)
    bits = max(1, min(20, round(math.log2(max(2.0, n / cfg.lsh_bucket)))))
    best: list[dict[int, float]] = [{} for _ in range(n)]
    for _ in range(cfg.lsh_tables):
        planes = rng.standard_normal((vectors.shape[1], bits)).astype(np.float32)
        codes = (vectors @ planes > 0).astype(np.int64) @ (1 << np.arange(bits, dtype=np.int64))
        order = np.argsort(codes, kind="stable")
        bounds = np.flatnonzero(np.diff(codes[order])) + 1
        for members in np.split(order, bounds):
            if len(members) < 2:
                continue
            if len(members) > cfg.max_bucket:
                members = members[: cfg.max_bucket]  # an over-full bucket says little: bounded cost
            sims = vectors[members] @ vectors[members].T
            np.fill_diagonal(sims, -1.0)
            k = min(cfg.meaning_neighbors, len(members) - 1)
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            for r, i in enumerate(members):
                bi = best[int(i)]
                for c in top[r]:
                    bi[int(members[c])] = float(sims[r, c])
    pairs: set[tuple[int, int]] = set()
    for i, cand in enumerate(best):
        for j, _ in sorted(cand.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.meaning_neighbors]:
            pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def contrasted(
    n: int, pairs: Sequence[tuple[int, int]], scores: Sequence[float], cfg: RegroupConfig
) -> list[float]:
    """Each pair's score scaled by how it stands out from its articles' backgrounds (see ``contrast``)."""
    if cfg.contrast <= 0.0:
        return list(scores)
    near: list[list[float]] = [[] for _ in range(n)]
    for (i, j), s in zip(pairs, scores, strict=True):
        near[i].append(s)
        near[j].append(s)
    floor = cfg.background_floor * cfg.threshold
    background = [
        max(floor, sum(heapq.nlargest(cfg.background_top, v)) / min(cfg.background_top, len(v)))
        if v
        else floor
        for v in near
    ]
    return [
        s * (s / math.sqrt(background[i] * background[j])) ** cfg.contrast if s > 0.0 else 0.0
        for (i, j), s in zip(pairs, scores, strict=True)
    ]


def average_linkage(
    n: int, pairs: Sequence[tuple[int, int]], score: Callable[[int, int], float], threshold: float
) -> list[int]:
    """Cluster label (smallest member index) per item: merge while average linkage >= threshold."""
    nbr: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j in pairs:
        s = score(i, j)
        if s > 0.0:
            nbr[i][j] = s
            nbr[j][i] = s
    size = [1] * n
    alive = [True] * n
    parent = list(range(n))  # merge forest: a merged-away cluster points at its survivor
    heap = [(-s, i, j) for i in range(n) for j, s in nbr[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        link = nbr[a].get(b)
        if link is None or abs(-neg - link / (size[a] * size[b])) > 1e-12:
            continue  # stale entry (a side grew since it was pushed)
        if len(nbr[a]) < len(nbr[b]):
            a, b = b, a  # fold the smaller neighbourhood into the larger
        alive[b] = False
        del nbr[a][b]
        for c, w in nbr[b].items():
            if c == a:
                continue
            del nbr[c][b]
            nbr[a][c] = nbr[a].get(c, 0.0) + w
            nbr[c][a] = nbr[a][c]
        nbr[b] = {}
        size[a] += size[b]
        size[b] = 0
        parent[b] = a
        for c, w in nbr[a].items():
            avg = w / (size[a] * size[c])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return _labels(parent)


def _labels(parent: list[int]) -> list[int]:
    """Each item's cluster label: the smallest item index of its cluster."""
    root = []
    for i in range(len(parent)):
        r = i
        while parent[r] != r:
            r = parent[r]
        j = i
        while parent[j] != r:  # path compression keeps this linear
            parent[j], j = r, parent[j]
        root.append(r)
    first: dict[int, int] = {}
    for i, r in enumerate(root):
        first.setdefault(r, i)
    return [first[r] for r in root]
