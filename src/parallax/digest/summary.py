"""Cited extractive multi-document summaries.

Every candidate is a sentence span of a source article. Each candidate gets
features (position, length, TF-IDF centrality, LexRank, cross-document support:
how many other articles carry a similar sentence, quote/question/furniture cues)
and a linear score whose weights are learned from Multi-News
(``training/summary_scorer.py``, shipped as ``models/summary_scorer.json``).
Selection is MMR under a word budget; near-identical sentences from other
articles are merged into the chosen one as extra citations instead of being
repeated. A summary sentence is always its primary cited span, or that span
with a leading dateline or connective removed (a token subsequence of it).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from parallax.digest.text import BYLINE, FURNITURE, URL, all_stems, content_stems, split_sentences
from parallax.model import Annotation, Article, Citation, Sentence, SummarySentence

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("models") / "summary_scorer.json"

FEATURES = [
    "bias",
    "pos_inv",
    "pos_rel",
    "is_first",
    "log_len",
    "short",
    "long",
    "centroid",
    "doc_centroid",
    "lexrank",
    "support",
    "max_other",
    "quote_start",
    "has_quote",
    "first_person",
    "digits",
    "caps",
    "log_docs",
    "rank_centroid",
    "no_end_punct",
]

# Leading dateline ("HANOI -- ", "WASHINGTON (AP) — ") and discourse connectives dropped in compression.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}(?:\s*\([A-Za-z .]+\))?\s*(?:--|—|–|-)\s+(?=\S)")
_CONNECTIVE = re.compile(r"^(?:But|And|However|Meanwhile|Still|Also|So|Yet)\s*,?\s+(?=[A-Za-z\"“])")
_FIRST_PERSON = re.compile(r"\b(I|me|my|we|our|us)\b")


@dataclass(slots=True)
class Candidate:
    """One source sentence of the story, with its features."""

    doc: int
    article_id: str
    start: int
    end: int
    text: str
    pos: int
    n_in_doc: int
    stems: list[str]
    feats: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


@dataclass(slots=True)
class SummaryConfig:
    """Knobs of the summarizer (defaults tuned on Multi-News validation, train half)."""

    max_words: int = 200
    min_words: int = 8
    max_sentence_words: int = 70
    redundancy: float = 0.4  # cosine above which a candidate repeats a chosen sentence
    merge: float = 0.6  # cosine above which another article's sentence becomes an extra citation
    mmr_lambda: float = 0.5
    support_threshold: float = 0.3
    order: str = "position"  # "position" (relative position in sources) or "score"
    compress: bool = True
    need_end_punct: bool = True
    max_candidates: int = 2000  # bounds the similarity matrix of very large stories


@lru_cache(maxsize=4)
def load_weights(path: str = str(MODEL_PATH)) -> dict[str, float]:
    """Learned feature weights; a hand-set fallback keeps the summarizer usable without the file."""
    p = Path(path)
    if p.is_file():
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
        return {k: float(v) for k, v in data["weights"].items()}
    log.warning("summary model %s missing; using default weights", p)
    return {"pos_inv": 1.0, "centroid": 1.0, "support": 0.5, "lexrank": 0.5, "is_first": 0.3}


def is_content(text: str, cfg: SummaryConfig) -> bool:
    """False for questions, bylines, furniture, URLs and sentences too short or too long."""
    n = len(text.split())
    if n < cfg.min_words or n > cfg.max_sentence_words:
        return False
    s = text.strip()
    if s.endswith("?") or s.endswith('?"') or s.endswith("?”") or s.endswith(":"):
        return False
    if BYLINE.match(s) or URL.search(s) or FURNITURE.search(s):
        return False
    if cfg.need_end_punct and s[-1:] not in ".!\"'”’)…":
        return False  # headlines, captions, list items
    letters = sum(c.isalpha() for c in s)
    return not (letters < 0.45 * len(s) or not any(c.islower() for c in s))


def compress(text: str) -> str:
    """Drop a leading dateline or connective (the result is a token subsequence of ``text``)."""
    out = _DATELINE.sub("", text, count=1)
    out = _CONNECTIVE.sub("", out, count=1)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    return out if len(out.split()) >= 4 else text


def candidates(
    articles: list[Article], annotations: dict[str, Annotation] | None, cfg: SummaryConfig
) -> list[Candidate]:
    """Content sentences of every article (sentence spans from annotations when given)."""
    out: list[Candidate] = []
    for d, art in enumerate(articles):
        ann = (annotations or {}).get(art.id)
        sents: list[Sentence] = ann.sentences if ann and ann.sentences and ann.text == art.text else []
        if not sents:
            sents = split_sentences(art.text)
        spans = [(s.start, s.end, art.text[s.start : s.end]) for s in sents]
        kept = [k for k in spans if is_content(k[2], cfg)]
        if not kept:
            # no regular sentence (an unpunctuated transcript, one long block): any wordy span will do
            kept = [k for k in spans if len(k[2].split()) >= cfg.min_words and not FURNITURE.search(k[2])]
        for i, (s, e, t) in enumerate(kept):
            out.append(Candidate(d, art.id, s, e, t, i, len(kept), content_stems(t)))
    if len(out) > cfg.max_candidates:
        # big stories: keep the earliest sentences of every article (leads carry the news)
        out = sorted(out, key=lambda c: (c.pos, c.doc))[: cfg.max_candidates]
        out.sort(key=lambda c: (c.doc, c.pos))
    return out


def _lexrank(sim: np.ndarray, threshold: float = 0.1, damping: float = 0.85, iters: int = 50) -> np.ndarray:
    """Continuous LexRank (PageRank over the thresholded cosine graph), max-normalised."""
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    a = np.where(sim >= threshold, sim, 0.0)
    np.fill_diagonal(a, 0.0)
    rows = a.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    m = a / rows
    r = np.full(n, 1.0 / n)
    for _ in range(iters):
        r_new = (1 - damping) / n + damping * (m.T @ r)
        if np.abs(r_new - r).sum() < 1e-8:
            r = r_new
            break
        r = r_new
    return np.asarray(r / (r.max() or 1.0))


def featurize(cands: list[Candidate], n_docs: int, cfg: SummaryConfig) -> np.ndarray:
    """Fill ``Candidate.feats`` and return the sentence-by-sentence cosine matrix."""
    if not cands:
        return np.zeros((0, 0))
    vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True, norm="l2")
    try:
        x = vec.fit_transform([c.stems or ["_empty_"] for c in cands])
    except ValueError:
        return np.zeros((len(cands), len(cands)))
    sim = (x @ x.T).toarray()
    centroid = np.asarray(x.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    cent = np.asarray(x @ (centroid / norm)).ravel()
    docs = np.array([c.doc for c in cands])
    doc_cent = np.zeros(len(cands))
    for d in set(docs.tolist()):
        idx = np.where(docs == d)[0]
        dc = np.asarray(x[idx].mean(axis=0)).ravel()
        dc /= np.linalg.norm(dc) or 1.0
        doc_cent[idx] = np.asarray(x[idx] @ dc).ravel()
    lex = _lexrank(sim)
    order = np.argsort(-cent)
    rank = np.empty(len(cands))
    rank[order] = np.arange(len(cands))
    others = max(1, len(set(docs.tolist())) - 1)
    for i, c in enumerate(cands):
        other = docs != c.doc
        row = sim[i][other]
        supp = len(set(docs[other][row >= cfg.support_threshold].tolist())) / others if row.size else 0.0
        n_words = len(c.text.split())
        c.feats = {
            "bias": 1.0,
            "pos_inv": 1.0 / (1 + c.pos),
            "pos_rel": c.pos / max(1, c.n_in_doc),
            "is_first": float(c.pos == 0),
            "log_len": math.log(n_words),
            "short": float(n_words < 12),
            "long": float(n_words > 40),
            "centroid": float(cent[i]),
            "doc_centroid": float(doc_cent[i]),
            "lexrank": float(lex[i]),
            "support": supp,
            "max_other": float(row.max()) if row.size else 0.0,
            "quote_start": float(c.text.lstrip()[:1] in "\"“'‘"),
            "has_quote": float(any(q in c.text for q in '"“”')),
            "first_person": float(bool(_FIRST_PERSON.search(c.text))),
            "digits": sum(ch.isdigit() for ch in c.text) / max(1, len(c.text)),
            "caps": sum(w[:1].isupper() for w in c.text.split()) / n_words,
            "log_docs": math.log(n_docs),
            "rank_centroid": 1.0 / (1 + rank[i]),
            # headlines and captions carry no terminal punctuation
            "no_end_punct": float(c.text.rstrip()[-1:] not in ".!?\"'”’)"),
        }
    return sim


def feature_matrix(cands: list[Candidate]) -> np.ndarray:
    return np.array([[c.feats[f] for f in FEATURES] for c in cands], dtype=float)


class Summarizer:
    """Cited extractive summary of the articles of one story."""

    def __init__(self, config: SummaryConfig | None = None, weights: dict[str, float] | None = None) -> None:
        self.config = config or SummaryConfig()
        self.weights = weights if weights is not None else load_weights()
        self._budget = self.config.max_words  # word budget of the summary being built

    def score(self, cands: list[Candidate]) -> None:
        w = np.array([self.weights.get(f, 0.0) for f in FEATURES])
        if cands:
            for c, s in zip(cands, feature_matrix(cands) @ w, strict=True):
                c.score = float(s)

    def summarize(
        self,
        articles: list[Article],
        max_words: int | None = None,
        annotations: dict[str, Annotation] | None = None,
    ) -> list[SummarySentence]:
        """At most ``max_words`` words of cited sentences covering what most articles report."""
        cfg = self.config
        budget = cfg.max_words if max_words is None else max_words
        cands = candidates(articles, annotations, cfg)
        if not cands or budget <= 0:
            return []
        sim = featurize(cands, len(articles), cfg)
        self.score(cands)
        return self.pick(cands, sim, budget)

    def pick(self, cands: list[Candidate], sim: np.ndarray, budget: int) -> list[SummarySentence]:
        """Select scored ``cands`` (``sim``: their cosine matrix) under ``budget`` words and render them."""
        self._budget = budget
        chosen = self.select(cands, sim, budget)
        return self.render(cands, sim, chosen)

    def select(self, cands: list[Candidate], sim: np.ndarray, budget: int) -> list[int]:
        """MMR under the word budget: best remaining score minus redundancy with what is chosen."""
        cfg = self.config
        scores = np.array([c.score for c in cands])
        spread = float(scores.max() - scores.min()) or 1.0
        norm = (scores - scores.min()) / spread
        chosen: list[int] = []
        used = 0
        alive = np.ones(len(cands), dtype=bool)
        lengths = np.array([len(self._text(c).split()) for c in cands])
        while alive.any():
            red = sim[:, chosen].max(axis=1) if chosen else np.zeros(len(cands))
            alive &= red < cfg.redundancy
            alive &= lengths <= budget - used
            if not alive.any():
                break
            mmr = np.where(alive, (1 - cfg.mmr_lambda) * norm - cfg.mmr_lambda * red, -np.inf)
            best = int(np.argmax(mmr))
            chosen.append(best)
            used += int(lengths[best])
            alive[best] = False
        return chosen

    def _text(self, c: Candidate) -> str:
        text = compress(c.text) if self.config.compress else c.text
        words = text.split()
        limit = min(self.config.max_sentence_words, self._budget)
        if len(words) > limit:
            # an over-long fallback span is cut: a prefix is still a compression of the source
            text = " ".join(words[: max(1, limit - 1)]) + " …"
        return text

    def render(self, cands: list[Candidate], sim: np.ndarray, chosen: list[int]) -> list[SummarySentence]:
        """Summary sentences in reading order, each with its primary and merged citations."""
        cfg = self.config
        if cfg.order == "position":
            chosen = sorted(chosen, key=lambda i: (cands[i].pos / max(1, cands[i].n_in_doc), cands[i].doc))
        out: list[SummarySentence] = []
        for i in chosen:
            c = cands[i]
            cites = [Citation(c.article_id, c.start, c.end)]
            seen = {c.doc}
            for j in np.argsort(-sim[i]):
                j = int(j)
                if sim[i, j] < cfg.merge:
                    break
                o = cands[j]
                if o.doc not in seen:
                    seen.add(o.doc)
                    cites.append(Citation(o.article_id, o.start, o.end))
            out.append(SummarySentence(self._text(c), cites))
        return out


def summarize(
    articles: list[Article],
    max_words: int = 200,
    annotations: dict[str, Annotation] | None = None,
    config: SummaryConfig | None = None,
) -> list[SummarySentence]:
    """Cited summary of ``articles`` (one story) in at most ``max_words`` words."""
    return Summarizer(config).summarize(articles, max_words, annotations)


def sentence_target(text: str, ref_unigrams: set[str], ref_bigrams: set[tuple[str, str]]) -> float:
    """Training target: mean of unigram and bigram precision of ``text`` against a reference."""
    toks = all_stems(text)
    if not toks:
        return 0.0
    p1 = sum(t in ref_unigrams for t in toks) / len(toks)
    bi = list(itertools.pairwise(toks))
    p2 = sum(b in ref_bigrams for b in bi) / len(bi) if bi else 0.0
    return 0.5 * p1 + 0.5 * p2
