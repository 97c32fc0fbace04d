"""The entity model's hidden states as quote-tagger features (feature version 5).

The shipped MiniLM entity tagger (``parallax.nlp.ner``) also outputs its last hidden layer;
each quote token takes the state of the entity-model word it starts in. A projection fitted
on PolNeAR train (``training/train_quotes_states.py``: standardise, PCA, k-means) turns a
state into a few numeric features and a cluster id, so the linear-chain CRF sees what the
encoder read from the context (reported clause or not, who is the subject) at no second
encoder pass: the annotator has already run the entity model on the article.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from parallax.model import Span

_PROBE = ("w1", "b1", "w2", "b2")


@dataclass(slots=True)
class StateProjection:
    """Standardise -> PCA (``components``) -> scaled numeric features, the nearest k-means centroid,
    and (when ``probe`` holds weights) a one-hidden-layer probe's P(O, Source, Cue, Content) of the token."""

    mean: np.ndarray
    components: np.ndarray
    scale: np.ndarray
    centroids: np.ndarray
    probe: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> StateProjection:
        """A projection saved by ``save``."""
        with np.load(path) as z:
            probe = {k: z[k] for k in _PROBE if k in z}
            return cls(z["mean"], z["components"], z["scale"], z["centroids"], probe)

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {
            "mean": self.mean,
            "components": self.components,
            "scale": self.scale,
            "centroids": self.centroids,
            **self.probe,
        }
        np.savez(path, **arrays)

    def project(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(numeric features (n, dims [+ 4 probe probabilities]), cluster ids (n,))`` of ``n`` states."""
        x = states.astype(np.float32) - self.mean
        z = x @ self.components.T
        d = (z * z).sum(1)[:, None] - 2 * z @ self.centroids.T + (self.centroids**2).sum(1)[None, :]
        num = z / self.scale
        if self.probe:
            p = self.probe
            logits = np.maximum(x @ p["w1"] + p["b1"], 0.0) @ p["w2"] + p["b2"]
            e = np.exp(logits - logits.max(1, keepdims=True))
            num = np.concatenate([num, e / e.sum(1, keepdims=True)], axis=1)
        return num, d.argmin(1)


def token_states(word_spans: list[tuple[int, int]], states: np.ndarray, toks: list[Span]) -> np.ndarray:
    """The state of each token: that of the entity-model word its first character lies in
    (else the word before it; the two tokenisers cut punctuation and clitics alike, mostly)."""
    starts = [a for a, _ in word_spans]
    idx = [max(bisect.bisect_right(starts, t.start) - 1, 0) for t in toks]
    if not word_spans:
        return np.zeros((len(toks), states.shape[1] if states.ndim == 2 else 0), dtype=np.float16)
    return states[idx]


def add_state_features(
    feats: list[list[str]], z: np.ndarray, clusters: np.ndarray, sent_ids: list[int]
) -> list[dict[str, float]]:
    """``feats`` as CRFsuite weighted items, with the numeric state features and the cluster ids of
    the token and its neighbours in the sentence."""
    n = len(feats)
    out: list[dict[str, float]] = []
    for i, f in enumerate(feats):
        item = dict.fromkeys(f, 1.0)
        for k, v in enumerate(z[i].tolist()):
            item[f"h{k}"] = v
        item[f"hc={clusters[i]}"] = 1.0
        for k in (-1, 1):
            j = i + k
            if 0 <= j < n and sent_ids[j] == sent_ids[i]:
                item[f"hc{k}={clusters[j]}"] = 1.0
        out.append(item)
    return out
