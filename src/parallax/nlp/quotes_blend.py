"""Two linear-chain CRFs decoded as one: a log-linear blend of their scores (a product of experts).

The feature version 5 tagger reads the entity model's hidden states next to the word features; on its
own it flips some borderline tokens the word-only tagger (version 3) gets right. Decoding the weighted
sum ``w * score_v5(y) + (1 - w) * score_v3(y)`` of the two models' (unnormalised) sequence scores keeps
exact Viterbi decoding while the word-only model tempers the state evidence; ``w`` is chosen on the
PolNeAR train folds (``benchmarks/quotes_cv.py --blend``). The partition functions do not depend on
``y``, so this is the argmax of the product of the two models' distributions raised to ``w`` and ``1 - w``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

Items = Sequence[list[str]] | Sequence[dict[str, float]]


class LinearCrf:
    """A CRFsuite model's weights as arrays: per attribute a vector over the labels, and the transitions."""

    def __init__(self, path: Path, labels: list[str]) -> None:
        """``labels``: the label order of the score matrices (that of the model blended with)."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        index = {lab: k for k, lab in enumerate(labels)}
        self.labels = labels
        #: attribute -> row of ``weights``; an unknown attribute takes the last row (zeros)
        self.attrs: dict[str, int] = {}
        rows: list[np.ndarray] = []
        for (attr, lab), w in info.state_features.items():
            if attr not in self.attrs:
                self.attrs[attr] = len(rows)
                rows.append(np.zeros(len(labels)))
            rows[self.attrs[attr]][index[lab]] = w
        rows.append(np.zeros(len(labels)))
        self.weights = np.array(rows)
        self.trans = np.zeros((len(labels), len(labels)))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        tagger.close()

    def state_scores(self, items: Items) -> np.ndarray:
        """(tokens, labels) state scores of a sequence of feature lists or weighted feature dicts."""
        n = len(items)
        if n == 0:
            return np.zeros((0, len(self.labels)))
        get, unknown = self.attrs.get, len(self.weights) - 1
        # one gather and one cumulative sum for the whole block: a Python loop of vector additions per
        # attribute made the blend 8 times slower than the tagger
        ids = np.fromiter((get(a, unknown) for item in items for a in item), dtype=np.int64)
        contrib = self.weights[ids]
        if isinstance(items[0], dict):
            vals = np.fromiter((v for item in items for v in item.values()), dtype=np.float64)  # type: ignore[union-attr]
            contrib *= vals[:, None]
        ends = np.cumsum([len(item) for item in items])
        total = np.vstack([np.zeros((1, len(self.labels))), np.cumsum(contrib, axis=0)])
        return total[ends] - total[np.concatenate([[0], ends[:-1]])]


def viterbi(state: np.ndarray, trans: np.ndarray) -> list[int]:
    """The best label path of a linear chain (``state``: tokens x labels, ``trans``: from x to)."""
    n = len(state)
    if n == 0:
        return []
    score = state[0].copy()
    back = np.zeros(state.shape, dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + state[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def blend_viterbi(
    main: LinearCrf, other: LinearCrf, main_state: np.ndarray, other_state: np.ndarray, weight: float
) -> list[str]:
    """Viterbi labels of ``weight * main + (1 - weight) * other``, given each model's state scores."""
    state = weight * main_state + (1 - weight) * other_state
    trans = weight * main.trans + (1 - weight) * other.trans
    return [main.labels[k] for k in viterbi(state, trans)]


def blend_labels(
    main: LinearCrf, main_items: Items, other: LinearCrf, other_items: Items, weight: float
) -> list[str]:
    """Viterbi labels of the blend of ``main`` on ``main_items`` and ``other`` on ``other_items``."""
    return blend_viterbi(main, other, main.state_scores(main_items), other.state_scores(other_items), weight)


class Blend:
    """Two CRFs blended with a fixed weight, their weights summed once per attribute: the run-time form.

    ``main`` reads the word features and the projected entity-model states (``quotes_states``: numeric
    ``h0``, ``h1``, … and the cluster ids ``hc=``, ``hc-1=``, ``hc1=``), ``other`` the word features only.
    The labels are those of ``blend_labels`` on the weighted items of ``add_state_features`` (each word
    feature appears once per token in ``block_features``), without building the items: one look-up
    per word feature for both models and a matrix product for the states.
    """

    def __init__(self, main: LinearCrf, other: LinearCrf, weight: float, width: int, clusters: int) -> None:
        """``width``: numeric state features per token; ``clusters``: the number of cluster ids."""
        self.labels = main.labels
        index: dict[str, int] = {}
        for a in (*main.attrs, *other.attrs):
            index.setdefault(a, len(index))
        summed = np.zeros((len(index) + 1, len(self.labels)))
        for crf, w in ((main, weight), (other, 1 - weight)):
            at = np.fromiter((index[a] for a in crf.attrs), dtype=np.int64, count=len(crf.attrs))
            summed[at] += w * crf.weights[:-1]
        self.index, self.summed = index, summed
        unknown = len(main.weights) - 1

        def rows(names: list[str]) -> np.ndarray:
            return weight * main.weights[[main.attrs.get(n, unknown) for n in names]]

        self.numeric = rows([f"h{k}" for k in range(width)])
        self.cluster = {k: rows([f"hc{k}={c}" for c in range(clusters)]) for k in ("", "-1", "1")}
        self.trans = weight * main.trans + (1 - weight) * other.trans

    def save(self, path: Path, fingerprint: str) -> None:
        """Write the summed tables to ``path`` (npz), stamped with the ``fingerprint`` of their sources."""
        arrays: dict[str, np.ndarray] = {f"cluster{k}": v for k, v in self.cluster.items()}
        arrays.update(
            fingerprint=np.array(fingerprint), labels=np.array(self.labels), attrs=np.array(list(self.index)),
            summed=self.summed, numeric=self.numeric, trans=self.trans,
        )  # fmt: skip
        np.savez_compressed(path, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Blend | None:
        """The tables ``save`` wrote, or None when the file is missing or was built from other sources."""
        if not path.is_file():
            return None
        with np.load(path) as z:
            if str(z["fingerprint"]) != fingerprint:
                return None
            blend = cls.__new__(cls)
            blend.labels = [str(x) for x in z["labels"]]
            blend.index = {str(a): k for k, a in enumerate(z["attrs"].tolist())}
            blend.summed, blend.numeric, blend.trans = z["summed"], z["numeric"], z["trans"]
            blend.cluster = {k: z[f"cluster{k}"] for k in ("", "-1", "1")}
        return blend

    def tag(
        self, feats: list[list[str]], z: np.ndarray, clusters: np.ndarray, sent_ids: list[int]
    ) -> list[str]:
        """Viterbi labels of one block: its word features, projected states and cluster ids."""
        n = len(feats)
        if n == 0:
            return []
        get, unknown = self.index.get, len(self.summed) - 1
        ids = np.fromiter((get(a, unknown) for f in feats for a in f), dtype=np.int64)
        ends = np.cumsum([len(f) for f in feats])
        total = np.vstack([np.zeros((1, len(self.labels))), np.cumsum(self.summed[ids], axis=0)])
        state = total[ends] - total[np.concatenate([[0], ends[:-1]])]
        state += z @ self.numeric + self.cluster[""][clusters]
        sid = np.asarray(sent_ids)
        same = sid[1:] == sid[:-1]  # a neighbour's cluster counts within the sentence only
        state[1:][same] += self.cluster["-1"][clusters[:-1][same]]
        state[:-1][same] += self.cluster["1"][clusters[1:][same]]
        return [self.labels[k] for k in viterbi(state, self.trans)]


def fingerprint(
    models: Sequence[Path], labels: Sequence[str], weight: float, width: int, clusters: int
) -> str:
    """What a blend's tables are built from: the two CRF files' bytes and the settings."""
    h = hashlib.sha256()
    for path in models:
        h.update(path.read_bytes())
    h.update(repr((list(labels), weight, width, clusters)).encode())
    return h.hexdigest()
