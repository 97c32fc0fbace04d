"""Batch re-grouping of articles: sparse average-linkage agglomeration over blocked candidate pairs.

Candidates come from an inverted index over each article's blocking keys (heaviest terms and
entities), looked up only among articles published within ``window_days`` of it; a key shared by
more than ``max_key_articles`` articles in that window tells nothing and is skipped, and each
article keeps its ``neighbors`` best-sharing candidates. So the pass costs
O(articles x neighbors), never O(n^2). Pairs are scored with the same mix as the assigner
(content and entity cosines, decayed by the time gap) and clusters merge, best pair first,
while their average pairwise similarity (pairs never scored count as 0) stays >= ``threshold``.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class RegroupConfig:
    """Knobs of the batch pass (tuned on a split of the Multi-News events, see ``stories_multinews``)."""

    threshold: float = 0.12
    neighbors: int = 30
    max_key_articles: int = 300
    window_days: float = 10.0


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
