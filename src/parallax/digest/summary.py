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

import parallax.digest.summary_rules as rules
from parallax.digest.text import (
    BYLINE,
    FURNITURE,
    URL,
    all_stems,
    content_stems,
    is_stopword,
    split_sentences,
    stem,
)
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
    # short items (headline + lead): the title says what the item is about, the lead is its summary
    "title_sim",
    "own_title_sim",
    "short_doc",
    "lead_short",
    "title_sim_short",
    "bi_support",
    "bi_title",
]
SHORT_DOC_WORDS = 150  # an item at most this long is a headline + lead, not a full article

# Leading dateline ("HANOI -- ", "WASHINGTON (AP) — ") and discourse connectives dropped in compression.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}(?:\s*\([A-Za-z .]+\))?\s*(?:--|—|–|-)\s+(?=\S)")
_CONNECTIVE = re.compile(r"^(?:But|And|However|Meanwhile|Still|Also|So|Yet)\s*,?\s+(?=[A-Za-z\"“])")
_TOKEN = re.compile(r"\w+")
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
    doc_words: int = 0
    clean: bool = True  # may stand in a summary (``summary_rules.clean_candidate``)
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
    clean: bool = True  # apply ``summary_rules`` (labels, split quotes, opinions, referents, story state)


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> dict[str, Any]:
    """The shipped model file: ``weights`` (full articles) and ``short`` (headline + lead stories)."""
    p = Path(path)
    if p.is_file():
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
        return data
    log.warning("summary model %s missing; using default weights", p)
    return {"weights": {"pos_inv": 1.0, "centroid": 1.0, "support": 0.5, "lexrank": 0.5, "is_first": 0.3}}


def load_weights(path: str = str(MODEL_PATH)) -> dict[str, float]:
    """Learned feature weights for full articles; a hand-set fallback keeps the summarizer usable."""
    return {k: float(v) for k, v in load_model(path)["weights"].items()}


def is_short_story(articles: list[Article]) -> bool:
    """A story of headline + lead items (the median item is at most ``SHORT_DOC_WORDS`` words)."""
    sizes = sorted(len(a.text.split()) for a in articles if a.text.strip())
    return bool(sizes) and sizes[len(sizes) // 2] <= SHORT_DOC_WORDS


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
    """Drop a leading interview label, dateline or connective (a token subsequence of ``text``)."""
    out = rules.strip_label(text)[0]
    out = _DATELINE.sub("", out, count=1)
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
        n_words = len(art.text.split())
        for i, (s, e, t) in enumerate(kept):
            cand = Candidate(d, art.id, s, e, t, i, len(kept), content_stems(t), n_words)
            cand.clean = not cfg.clean or rules.clean_candidate(t, art.text, s)
            out.append(cand)
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


def _title_sims(
    x: Any, vec: TfidfVectorizer, cands: list[Candidate], titles: list[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of each sentence with all titles (their centroid) and with its own article's title."""
    n = len(cands)
    stems = [content_stems(t) if t else [] for t in titles]
    if not any(stems):
        return np.zeros(n), np.zeros(n)
    tx = vec.transform([st or ["_empty_"] for st in stems])
    per = np.asarray((x @ tx.T).toarray())  # sentence x title
    cent = np.asarray(tx.mean(axis=0)).ravel()
    cent /= np.linalg.norm(cent) or 1.0
    allt = np.asarray(x @ cent).ravel()
    own = np.array([per[i, c.doc] if c.doc < per.shape[1] else 0.0 for i, c in enumerate(cands)])
    return allt, own


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Stemmed word pairs of ``text`` that are not both stopwords (the units ROUGE-2 counts)."""
    toks = [t for t in _TOKEN.findall(text.lower())]
    return {
        (stem(a), stem(b)) for a, b in itertools.pairwise(toks) if not (is_stopword(a) and is_stopword(b))
    }


def _bigram_feats(cands: list[Candidate], titles: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: how many of its word pairs other articles (text or title) use, and titles use."""
    sent_bi = [_bigrams(c.text) for c in cands]
    docs_of: dict[tuple[str, str], set[int]] = {}
    for c, b in zip(cands, sent_bi, strict=True):
        for x in b:
            docs_of.setdefault(x, set()).add(c.doc)
    title_bi = [_bigrams(t) if t else set() for t in titles]
    present = {c.doc for c in cands}
    for d, tb in enumerate(title_bi):
        for x in tb if d in present else ():
            docs_of.setdefault(x, set()).add(d)
    all_titles = set().union(*title_bi) if title_bi else set()
    sup = np.zeros(len(cands))
    tit = np.zeros(len(cands))
    for i, (c, b) in enumerate(zip(cands, sent_bi, strict=True)):
        sup[i] = sum(len(docs_of[x]) - (c.doc in docs_of[x]) for x in b)
        tit[i] = len(b & all_titles)
    return np.sqrt(sup), np.sqrt(tit)


def featurize(
    cands: list[Candidate], n_docs: int, cfg: SummaryConfig, titles: list[str | None] | None = None
) -> np.ndarray:
    """Fill ``Candidate.feats`` and return the sentence-by-sentence cosine matrix.

    ``titles`` (one per article, by ``Candidate.doc``) feed the title features; they are never candidates.
    """
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
    tsim, own = _title_sims(x, vec, cands, titles or [])
    bsup, btit = _bigram_feats(cands, titles or [])
    lex = _lexrank(sim)
    order = np.argsort(-cent)
    rank = np.empty(len(cands))
    rank[order] = np.arange(len(cands))
    others = max(1, len(set(docs.tolist())) - 1)
    for i, c in enumerate(cands):
        row = sim[i][docs != c.doc]
        supp = (
            len(set(docs[docs != c.doc][row >= cfg.support_threshold].tolist())) / others if row.size else 0.0
        )
        c.feats = _features(c, n_docs)
        short = float(0 < c.doc_words <= SHORT_DOC_WORDS)
        c.feats.update(
            centroid=float(cent[i]),
            doc_centroid=float(doc_cent[i]),
            lexrank=float(lex[i]),
            support=supp,
            max_other=float(row.max()) if row.size else 0.0,
            rank_centroid=1.0 / (1 + rank[i]),
            title_sim=float(tsim[i]),
            own_title_sim=float(own[i]),
            short_doc=short,
            lead_short=short * float(c.pos == 0),
            title_sim_short=short * float(tsim[i]),
            bi_support=float(bsup[i]),
            bi_title=float(btit[i]),
        )
    return sim


def _features(c: Candidate, n_docs: int) -> dict[str, float]:
    """The features of one sentence that need no other sentence."""
    n_words = len(c.text.split())
    return {
        "bias": 1.0,
        "pos_inv": 1.0 / (1 + c.pos),
        "pos_rel": c.pos / max(1, c.n_in_doc),
        "is_first": float(c.pos == 0),
        "log_len": math.log(n_words),
        "short": float(n_words < 12),
        "long": float(n_words > 40),
        "quote_start": float(c.text.lstrip()[:1] in "\"“'‘"),
        "has_quote": float(any(q in c.text for q in '"“”')),
        "first_person": float(bool(_FIRST_PERSON.search(c.text))),
        "digits": sum(ch.isdigit() for ch in c.text) / max(1, len(c.text)),
        "caps": sum(w[:1].isupper() for w in c.text.split()) / n_words,
        "log_docs": math.log(n_docs),
        # headlines and captions carry no terminal punctuation
        "no_end_punct": float(c.text.rstrip()[-1:] not in ".!?\"'”’)"),
    }


def feature_matrix(cands: list[Candidate]) -> np.ndarray:
    return np.array([[c.feats[f] for f in FEATURES] for c in cands], dtype=float)


class Summarizer:
    """Cited extractive summary of the articles of one story."""

    def __init__(
        self,
        config: SummaryConfig | None = None,
        weights: dict[str, float] | None = None,
        short: dict[str, Any] | None = None,
    ) -> None:
        """``weights`` score sentences of full articles; ``short`` (``weights``, ``mmr_lambda``) those of
        headline + lead stories. Both default to the shipped model; ``short={}`` turns the regime off."""
        self.config = config or SummaryConfig()
        model = load_model() if weights is None or short is None else {}
        self.weights = weights if weights is not None else {k: float(v) for k, v in model["weights"].items()}
        self.short = short if short is not None else model.get("short", {})
        self._budget = self.config.max_words  # word budget of the summary being built
        self._short_story = False
        self._names: dict[str, str] = {}  # surname -> full name, over the story's articles
        self._newest: int | None = None  # the newest article of a developing story

    def score(self, cands: list[Candidate]) -> None:
        weights = self.short["weights"] if self._short_story and self.short else self.weights
        w = np.array([weights.get(f, 0.0) for f in FEATURES])
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
        sim = self.score_story(articles, cands)
        return self.pick(articles, cands, sim, budget)

    def score_story(self, articles: list[Article], cands: list[Candidate]) -> np.ndarray:
        """Features and scores of the story's candidates (the regime follows the story's kind);
        returns their cosine matrix."""
        sim = featurize(cands, len(articles), self.config, [a.title for a in articles])
        self._short_story = is_short_story(articles)
        self.score(cands)
        return sim

    def pick(
        self, articles: list[Article], cands: list[Candidate], sim: np.ndarray, budget: int
    ) -> list[SummarySentence]:
        """Select scored ``cands`` of ``articles`` (``sim``: their cosine matrix) under ``budget`` words
        and render them."""
        self._budget = budget
        self._prepare(articles, cands)
        chosen = self.select(cands, sim, budget)
        return self.render(cands, sim, chosen)

    def _prepare(self, articles: list[Article], cands: list[Candidate]) -> None:
        """Story-level rules: superseded states of a developing story, outlier figures, full names."""
        self._names = {}
        self._newest = None
        if not self.config.clean:
            return
        self._names = rules.full_names([a.text for a in articles])
        days = [rules.article_day(a.published) for a in articles]
        dated = [(d, i) for i, d in enumerate(days) if d is not None]
        if len(dated) >= 2 and max(dated)[0] > min(dated)[0]:
            newest_day, newest = max(dated)
            self._newest = newest
            art = articles[newest]
            lead = " ".join([art.title or "", *(c.text for c in cands if c.doc == newest and c.pos < 2)])
            for c in cands:
                if c.doc != newest and rules.superseded(c.text, days[c.doc], newest_day, lead):
                    c.clean = False
        for i in rules.outlier_figures([(c.doc, c.text) for c in cands]):
            cands[i].clean = False
        if not any(c.clean for c in cands):
            for c in cands:
                c.clean = True

    def select(self, cands: list[Candidate], sim: np.ndarray, budget: int) -> list[int]:
        """MMR under the word budget: best remaining score minus redundancy with what is chosen."""
        cfg = self.config
        lam = float(self.short.get("mmr_lambda", cfg.mmr_lambda)) if self._short_story else cfg.mmr_lambda
        scores = np.array([c.score for c in cands])
        spread = float(scores.max() - scores.min()) or 1.0
        norm = (scores - scores.min()) / spread
        chosen: list[int] = []
        used = 0
        alive = np.array([c.clean for c in cands], dtype=bool)
        # whole sentences only: one longer than the sentence cap counts as not fitting
        lengths = np.array([len(self._whole(c).split()) for c in cands])
        lengths[lengths > cfg.max_sentence_words] = budget + 1
        needs = [rules.surnames(self._whole(c), self._names) for c in cands]
        known: set[str] = set()
        # a developing story: the newest article's best sentence states where the story stands now
        first = alive & np.array([c.doc == self._newest for c in cands]) & (lengths <= budget)
        while alive.any():
            red = sim[:, chosen].max(axis=1) if chosen else np.zeros(len(cands))
            alive &= red < cfg.redundancy
            alive &= lengths <= budget - used
            ok = alive & np.array([not (n - known) for n in needs])
            if not chosen and (first & ok).any():
                ok &= first
            if not ok.any():
                break
            mmr = np.where(ok, (1 - lam) * norm - lam * red, -np.inf)
            best = int(np.argmax(mmr))
            chosen.append(best)
            known |= rules.introduced(self._whole(cands[best]), self._names)
            used += int(lengths[best])
            alive[best] = False
        if not chosen and cands:
            # no whole sentence fits the budget: the best one, cut (see ``_text``), rather than nothing
            chosen.append(int(np.argmax(norm)))
        return chosen

    def _introduce_first(self, cands: list[Candidate], order: list[int]) -> list[int]:
        """Move a sentence naming someone by surname after the sentence that gives the full name."""
        out = list(order)
        for i in order:
            need = rules.surnames(self._whole(cands[i]), self._names)
            if not need:
                continue
            intro = [j for j in out if need & rules.introduced(self._whole(cands[j]), self._names)]
            if intro and out.index(intro[0]) > out.index(i):
                out.remove(i)
                out.insert(out.index(intro[0]) + 1, i)
        return out

    def _whole(self, c: Candidate) -> str:
        return compress(c.text) if self.config.compress else c.text

    def _text(self, c: Candidate) -> str:
        text = self._whole(c)
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
            chosen = sorted(
                chosen,
                key=lambda i: (
                    cands[i].doc != self._newest,
                    cands[i].pos / max(1, cands[i].n_in_doc),
                    cands[i].doc,
                ),
            )
        chosen = self._introduce_first(cands, chosen)
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
