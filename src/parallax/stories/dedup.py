"""Exact and near-duplicate detection: normalised-text hash + MinHash/LSH over word shingles."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from parallax.model import Duplicate
from parallax.stories.text import exact_key, word_shingles

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DedupConfig:
    """Knobs of the near-duplicate index (tuned on ``benchmarks/dedup_wire.py``)."""

    num_perm: int = 128
    shingle_size: int = 3
    #: LSH recall threshold; candidates are then checked against ``min_similarity``.
    lsh_threshold: float = 0.4
    #: Estimated Jaccard (or containment of the shorter text) needed to call two articles copies.
    min_similarity: float = 0.5
    min_containment: float = 0.8
    #: Only the first words are shingled: enough to recognise a copy, and long texts stay cheap.
    max_words: int = 1500
    #: Texts with fewer shingles are only deduplicated exactly (MinHash is too noisy on them).
    min_shingles: int = 20


class DuplicateIndex:
    """Incremental duplicate finder: ``check_add`` an article, get its ``Duplicate`` or None.

    Only canonical (first-seen) articles enter the index, so a copy always points at the
    original and chains of copies do not form.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=self.config.lsh_threshold, num_perm=self.config.num_perm)
        self._sigs: dict[str, tuple[np.ndarray, int]] = {}  # article id -> (hash values, #shingles)
        self._perms: tuple[np.ndarray, np.ndarray] | None = None
        self._scheme: str | None = None

    def __len__(self) -> int:
        return len(self._exact)

    def _minhash(self, shingles: set[bytes]) -> MinHash:
        if self._perms is None:  # datasketch draws them from a fixed seed: make them once
            proto = MinHash(num_perm=self.config.num_perm)
            self._perms, self._scheme = proto.permutations, proto.scheme
        m = MinHash(num_perm=self.config.num_perm, permutations=self._perms, scheme=self._scheme)
        m.update_batch(sorted(shingles))
        return m

    def check_add(self, article_id: str, text: str) -> Duplicate | None:
        """The duplicate record of ``article_id`` if it copies an indexed article; else index it."""
        key = exact_key(text)
        canon = self._exact.get(key)
        if canon is not None:
            return Duplicate(article_id, canon, 1.0, True)
        shingles = word_shingles(text, self.config.shingle_size, self.config.max_words)
        n = len(shingles)
        if n >= self.config.min_shingles:
            mh = self._minhash(shingles)
            best = self._best_match(mh, n)
            if best is not None:
                return Duplicate(article_id, best[0], round(best[1], 4), False)
            self._lsh.insert(article_id, mh, check_duplication=False)
            self._sigs[article_id] = (mh.hashvalues.astype(np.uint32), n)
        self._exact[key] = article_id
        return None

    def _best_match(self, mh: MinHash, n: int) -> tuple[str, float] | None:
        cfg = self.config
        best: tuple[str, float] | None = None
        hv = mh.hashvalues.astype(np.uint32)
        for cand in self._lsh.query(mh):
            other, m = self._sigs[cand]
            jac = float(np.mean(hv == other))
            # Containment of the shorter text in the longer (from Jaccard and the set sizes):
            # a trimmed copy or one with added furniture keeps a high containment.
            inter = jac * (n + m) / (1.0 + jac)
            contain = inter / max(1, min(n, m))
            if jac >= cfg.min_similarity or contain >= cfg.min_containment:
                score = max(jac, min(contain, 1.0))
                if best is None or score > best[1] or (score == best[1] and cand < best[0]):
                    best = (cand, score)
        return best
