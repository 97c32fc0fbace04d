"""Sparse weighted term vectors with online document frequencies (content words and entities)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

SparseVec = dict[str, float]


class OnlineIdf:
    """Document frequencies that grow as articles arrive; ``idf`` reflects what was seen so far.

    With ``prior_docs`` > 0, a background of that many pseudo-documents whose word statistics
    come from general English (``wordfreq``) is mixed in: a small corpus (a few dozen articles,
    all on one topic) then still knows that "obama" is rarer than "said".
    """

    def __init__(self, prior_docs: float = 0.0) -> None:
        self.n_docs = 0
        self.df: dict[str, int] = {}
        self.prior_docs = prior_docs

    def add(self, terms: Iterable[str]) -> None:
        self.n_docs += 1
        df = self.df
        for t in terms:
            df[t] = df.get(t, 0) + 1

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        if self.prior_docs <= 0.0:
            return math.log((self.n_docs + 1) / (df + 1)) + 1.0
        prior = self.prior_docs
        return math.log((self.n_docs + prior + 1) / (df + prior * background_doc_prob(term) + 1)) + 1.0


#: Typical article length in words, to turn a word frequency into a document frequency.
_DOC_WORDS = 400.0
_FREQ: dict[str, float] | None = None


def background_doc_prob(term: str) -> float:
    """Share of general-English documents that contain ``term`` (phrases: their rarest word)."""
    global _FREQ
    if _FREQ is None:
        from wordfreq import get_frequency_dict

        _FREQ = get_frequency_dict("en")
    freq = _FREQ
    f = min(freq.get(w, 0.0) for w in term.split()) if " " in term else freq.get(term, 0.0)
    return 1.0 - math.exp(-f * _DOC_WORDS)


def weigh(counts: Mapping[str, float], idf: OnlineIdf, top_k: int) -> SparseVec:
    """Sublinear-tf x idf weights, the ``top_k`` heaviest terms kept, L2-normalised."""
    weights = [(t, (1.0 + math.log(c)) * idf.idf(t)) for t, c in counts.items() if c > 0]
    if len(weights) > top_k:
        weights.sort(key=lambda tw: (-tw[1], tw[0]))
        weights = weights[:top_k]
    norm = math.sqrt(sum(w * w for _, w in weights))
    if norm == 0.0:
        return {}
    return {t: w / norm for t, w in weights}


def norm(vec: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))


def dot(small: Mapping[str, float], big: Mapping[str, float]) -> float:
    if len(small) > len(big):
        small, big = big, small
    get = big.get
    return sum(w * get(t, 0.0) for t, w in small.items())


def add_into(acc: dict[str, float], vec: Mapping[str, float], scale: float = 1.0) -> None:
    for t, w in vec.items():
        acc[t] = acc.get(t, 0.0) + scale * w


def truncate(vec: dict[str, float], top_k: int) -> dict[str, float]:
    """The ``top_k`` heaviest entries (ties broken by term, for run-to-run stability)."""
    if len(vec) <= top_k:
        return vec
    items = sorted(vec.items(), key=lambda tw: (-tw[1], tw[0]))[:top_k]
    return dict(items)
