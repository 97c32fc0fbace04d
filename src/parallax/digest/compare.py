"""Cross-source comparison of one story: shared claims, unique claims, contradictions, framing.

Claims are sentences (questions, page furniture, corrections and editor's notes excluded). They are
aligned across outlets by meaning: cosines of the shared sentence model (``parallax.meaning``) and,
for each claim's best match in every other outlet's article, P(same fact) from the pair classifier
(``pairs.py``). A claim is *covered* when another outlet has a close match (``covered_at``) or a
best match judged the same fact; otherwise it is a *near miss* ("reworded" link) when a match
reaches ``reworded_at``, else *unique* if its match score (over its closest matches, those not copies of
another claim of its own article: cosine + ``lexical_weight`` x the IDF-weighted share of its content words
the match has) is under ``flag_below``: ranked (least matched first) and capped at ``unique_share`` of the
story's claims, each outlet's clearest first.
*Shared* facts are mutual best matches judged the same fact, grouped, kept when most outlets report
them. *Contradictions* come from exact rules (``conflicts.py``, ``quantities.py``) on pairs about
one fact, each with a confidence and the paragraph around both sides (the two sides of a contradiction
are never grouped as a shared fact):

* fact slots of mutual best pairs: one amount of money (compared by value: "$3.5 billion" = "$3,500
  million" != "$3.6 billion"), number, date, name (spelling variants are one name) or a negation of a
  shared word differs where the rest of the sentence agrees;
* polarity (``polarity.py``) of mutual best pairs sharing names or words: an action negated by one
  side and affirmed by the other in other words ("not planning to waive" / "considering lifting"), or
  states that exclude each other ("put on hold" / "abandoned");
* quantity slots: related sentences count the same noun, or money, with different values;
* a "reason" slot: one outlet says no reason was given for an event, another gives a cause.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parallax.digest.conflicts import shared_facts, slot_conflict, slots
from parallax.digest.framing import framing_of
from parallax.digest.pairs import default_classifier, features
from parallax.digest.polarity import polarity_conflict
from parallax.digest.quantities import quantities, quantity_conflict
from parallax.digest.text import BYLINE, FURNITURE, URL, content_stems, split_sentences
from parallax.meaning import default_model
from parallax.model import Annotation, Article, Claim, Comparison, Contradiction, Reworded
from parallax.outlets import name_of as outlet_of

__all__ = ["CompareConfig", "Comparer", "compare", "is_claim", "slot_conflict", "slots"]

# How often each rule's conflicts are real when both sides state one fact (read off compare_real.py errors).
_RULE_TRUST = {
    "money": 0.95,
    "number": 0.9,
    "date": 0.85,
    "name": 0.75,
    "polarity": 0.7,
    "negation": 0.6,
    "reason": 0.5,
}
_MONEY = {"dollars", "pounds", "euros"}
# Corrections and editor's notes describe the article, not the story.
_NOTICE = re.compile(
    r"(?i)^\W*(correction|clarification|editor'?s note|update)\b\s*[:.-]|^\W*(an earlier|a previous) version of this"
    r"|\bthis (article|story|report) (has been|was) (updated|corrected|amended)"
)

# "No reason was given", "did not say why", "without explanation" …
_NO_REASON = re.compile(
    r"(?i)\b(no (reason|explanation|cause)s?\b[^.]{0,60}\b(given|offered|provided|cited|announced|disclosed)"
    r"|(did not|didn't|declined to|refused to|would not|wouldn't) (say|explain|elaborate on|give a reason|disclose) (why|the reason)"
    r"|without (giving |offering )?(an? )?(reason|explanation)|reason[s]? (was|were|is|are) (not|unclear|unknown))"
)
# Causal links that give the reason for an event.
_CAUSE = re.compile(
    r"(?i)\b(because( of)?|due to|as a result of|owing to|the reason|after \w+(?: \w+){0,3} (demanded|insisted|refused|rejected|asked|sought)|over (demands?|disagreements?|a dispute))\b"
)


@dataclass(slots=True)
class CompareConfig:
    """Thresholds of the comparison (tuned on ``compare_pairs.py`` train pairs and ``compare_real.py``)."""

    unique_below: float = 0.5  # best cross-outlet cosine under this: the claim is unique
    covered_at: float = 0.8  # a cross-outlet match this close covers a claim even if not mutual
    reworded_at: float = 0.5  # an uncovered claim with a match this close is a near miss, not unique
    same_at: float = 0.5  # P(same fact) of the pair classifier that links two claims
    classify_at: float = 0.3  # best-match pairs under this cosine are not classified (P(same) = 0)
    unique_share: float = 0.3  # at most this share of a story's claims is listed unique
    # A claim's match score is max over its closest cross-outlet matches of cosine + lexical_weight x the
    # IDF-weighted share of its content words the match has (paraphrases the meaning model scores low share
    # the fact's rare words; words the whole story repeats weigh little). A match closer than copy_at to
    # another claim of the claim's own article is that claim's copy (a wire article trimmed by another
    # outlet) and is no evidence. Only claims scoring under flag_below are listed unique. Chosen by 5-fold
    # CV over the hand-labelled NeuS events a + c (compare_cv.py): unique precision 0.77 -> 0.855 out of
    # fold. The copy skip keeps compare_pairs.py removed-as-unique at 91.4% (93.5% before): without it a
    # dropped sentence's topic words shared with its neighbours hid it (35.9% with the earlier overlap).
    lexical_weight: float = 1.0
    flag_below: float = 0.65
    copy_at: float = 0.85
    unique_min: int = 1
    common_at: float = 0.5  # cosine linking two claims into a shared group
    contradiction_at: float = 0.5  # mutual best pairs above this are checked for slot conflicts
    same_frame: float = 0.5  # shared non-slot content stems / the larger sentence's
    near_identical: float = 0.8  # frame overlap at which any single swapped value is a conflict
    # Off: on the unlabelled Multi-News clusters all 8 polarity conflicts it raised were false (read by
    # hand); its 2 hits on the tuning events were in-sample. ``polarity.py`` stays for callers who opt in.
    polarity: bool = False
    same_frame_negation: float = 0.7  # negation flips need a closer frame (paraphrases negate freely)
    quantity_related: float = 0.5  # cosine at which two sentences' counts of one noun are compared
    quantity_close: float = 0.7  # above it, the counts are taken to measure the same thing
    majority: float = 0.5  # share of outlets a shared group must reach (at least 2)
    min_words: int = 4
    max_sentences_per_article: int = 150  # per-article floor of the sentence cap
    max_sentences: int = 3000  # story-wide sentence cap (similarity matrix size)
    min_shared: int = 3  # non-slot content stems two sentences must share to be about the same fact


@dataclass(slots=True)
class _Sent:
    idx: int
    doc: int
    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    stems: list[str] = field(default_factory=list)

    def claim(self) -> Claim:
        return Claim(self.article_id, self.outlet, self.start, self.end, self.text)


def _sentences(
    articles: list[Article], annotations: dict[str, Annotation], cfg: CompareConfig
) -> list[_Sent]:
    out: list[_Sent] = []
    # bound the story's similarity matrix: a share of max_sentences per article, never under the floor
    limit = max(cfg.max_sentences_per_article, cfg.max_sentences // max(1, len(articles)))
    for d, art in enumerate(articles):
        ann = annotations.get(art.id)
        spans = ann.sentences if ann and ann.sentences and ann.text == art.text else split_sentences(art.text)
        for sp in spans[:limit]:
            text = art.text[sp.start : sp.end]
            if not is_claim(text, cfg.min_words):
                continue
            out.append(
                _Sent(len(out), d, art.id, outlet_of(art), sp.start, sp.end, text, content_stems(text))
            )
    return out


def is_claim(text: str, min_words: int = 4) -> bool:
    """A sentence that states something: enough words, not a question, not page furniture."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < min_words or text.rstrip("\"'”’ ").endswith("?"):
        return False
    if sum(any(c.islower() for c in w) for w in words) < 2:
        return False
    t = text.strip()
    return not (BYLINE.match(t) or URL.search(t) or FURNITURE.search(t) or _NOTICE.search(t))


class _Matrix:
    """Sentence vectors of a story's claims and their cosines, with same-outlet cells masked in ``cross``."""

    def __init__(self, sents: list[_Sent]) -> None:
        self.sents = sents
        vecs = default_model().encode([s.text for s in sents])
        self.sim = (vecs @ vecs.T).astype(np.float64)
        outlets = [s.outlet for s in sents]
        codes = {o: i for i, o in enumerate(dict.fromkeys(outlets))}
        self.n_outlets = len(codes)
        oc = np.array([codes[o] for o in outlets])
        self.cross = np.where(oc[:, None] == oc[None, :], -1.0, self.sim)
        self.docs = np.array([s.doc for s in sents])
        self.by_doc = {d: np.where(self.docs == d)[0] for d in sorted(set(self.docs.tolist()))}
        self.outlet_codes = oc


def _counterpart(m: _Matrix, j: int, doc: int) -> int:
    """The sentence of article ``doc`` closest to sentence ``j`` (the first on ties): a near miss must be its
    counterpart, or another sentence of the claim's own article is what ``j`` rewords and the claim stays
    unique; a match whose counterpart is another claim is that claim's copy."""
    own = m.by_doc[doc]
    return int(own[np.argmax(m.sim[j, own])])


def _best_pairs(m: _Matrix, cfg: CompareConfig) -> dict[tuple[int, int], tuple[float, bool]]:
    """Each claim's best match in every other outlet's article: ``(i, j) -> (P(same fact), mutual)``.

    Both orders of a pair are keys. P(same fact) comes from the pair classifier (``pairs.py``).
    """
    found: dict[tuple[int, int], bool] = {}
    for d1, i1 in m.by_doc.items():
        for d2, i2 in m.by_doc.items():
            if d1 == d2 or m.outlet_codes[i1[0]] == m.outlet_codes[i2[0]]:
                continue
            block = m.sim[np.ix_(i1, i2)]
            best12, best21 = block.argmax(axis=1), block.argmax(axis=0)
            for a, b in enumerate(best12):
                i, j = int(i1[a]), int(i2[b])
                mutual = int(best21[b]) == a
                found[(i, j)] = found.get((i, j), False) or mutual
                found[(j, i)] = found[(i, j)]
    keys = [k for k in found if k[0] < k[1] and m.sim[k] >= cfg.classify_at]
    clf = default_classifier()
    rows = [features(m.sents[i].text, m.sents[j].text, float(m.sim[i, j])) for i, j in keys]
    same: Any = clf.proba(rows)[:, clf.labels.index("same")] if rows else []
    p = {k: float(v) for k, v in zip(keys, same, strict=True)}
    return {k: (p.get((min(k), max(k)), 0.0), mutual) for k, mutual in found.items()}


def _match_scores(m: _Matrix, cfg: CompareConfig, candidates: int = 10) -> np.ndarray:
    """Each claim's match score: max over its closest cross-outlet claims of cosine + ``lexical_weight`` x overlap.

    Overlap is the IDF-weighted share of the claim's content stems that the match also has (IDF over the
    story's claims). A match closer than ``copy_at`` to another claim of the claim's own article is that
    claim's copy and is skipped; a claim left with no match scores 0. Only the ``candidates`` highest
    cosines are scored, so a story's cost stays linear in its claims.
    """
    n = len(m.sents)
    if cfg.lexical_weight == 0.0 and cfg.copy_at > 1.0:
        return m.cross.max(axis=1) if n else np.zeros(0)
    stems = [set(s.stems) for s in m.sents]
    df = Counter(t for st in stems for t in st)
    # words the whole story repeats (names, the topic) weigh little: shared topic is not shared fact
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    out = np.zeros(n)
    for i, row in enumerate(m.cross):
        top = np.argsort(-row)[:candidates]
        total = sum(idf[w] for w in stems[i])
        for j in top[row[top] > -1.0]:
            t = _counterpart(m, int(j), m.sents[i].doc)
            if t != i and m.sim[j, t] >= cfg.copy_at:
                continue
            shared = sum(idf[w] for w in stems[i] & stems[j]) / total if total else 0.0
            out[i] = max(out[i], row[j] + cfg.lexical_weight * shared)
    return out


def _covered(
    s: _Sent, m: _Matrix, pairs: dict[tuple[int, int], tuple[float, bool]], cfg: CompareConfig
) -> bool:
    """True when another outlet states ``s``'s fact: a close match, or a mutual best match judged the same fact."""
    for j in np.where(m.cross[s.idx] >= cfg.unique_below)[0]:
        p_same, mutual = pairs.get((s.idx, int(j)), (0.0, False))
        if m.sim[s.idx, j] >= cfg.covered_at or (mutual and p_same >= cfg.same_at):
            return True
        own = m.by_doc[s.doc]
        if int(own[np.argmax(m.sim[j, own])]) == s.idx and p_same >= cfg.same_at:
            return True
    return False


def _groups(
    sents: list[_Sent],
    m: _Matrix,
    pairs: dict[tuple[int, int], tuple[float, bool]],
    cfg: CompareConfig,
    apart: set[tuple[int, int]],
) -> list[list[Claim]]:
    """Shared facts: claims linked as mutual best matches judged the same fact, reported by most outlets.

    Pairs in ``apart`` (the two sides of a contradiction) are never linked: they state different facts.
    """
    parent = list(range(len(sents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), (p_same, mutual) in pairs.items():
        # mutual best pairs only: chains through loose links joined unrelated statements
        if (
            i < j
            and mutual
            and m.sim[i, j] >= cfg.common_at
            and p_same >= cfg.same_at
            and (i, j) not in apart
        ):
            parent[find(i)] = find(j)
    members: dict[int, list[_Sent]] = defaultdict(list)
    for s in sents:
        members[find(s.idx)].append(s)
    need = max(2, math.ceil(cfg.majority * m.n_outlets))
    groups = [g for g in members.values() if len({s.outlet for s in g}) >= need]
    groups.sort(key=lambda g: (-len({s.outlet for s in g}), min(s.doc for s in g), min(s.start for s in g)))
    return [[s.claim() for s in sorted(g, key=lambda s: (s.doc, s.start))] for g in groups]


def _paragraph(text: str, start: int, end: int, limit: int = 600) -> str:
    """The paragraph around ``text[start:end]`` (blank-line or line separated), at most ``limit`` characters."""
    a = max(text.rfind("\n", 0, start) + 1, 0)
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    if b - a > limit:  # a long or unbroken text: the sentence with some context either side
        a, b = max(a, start - (limit - (end - start)) // 2), min(b, end + (limit - (end - start)) // 2)
    return text[a:b].strip()


def _finish(
    c: Contradiction, texts: dict[str, str], m: _Matrix, pairs: dict[tuple[int, int], tuple[float, bool]]
) -> None:
    """Set a contradiction's confidence (rule reliability x how surely both sides state one fact) and contexts."""
    idx = {(s.article_id, s.start): s.idx for s in m.sents}
    i, j = idx.get((c.left.article_id, c.left.start)), idx.get((c.right.article_id, c.right.start))
    about = 0.5
    if i is not None and j is not None:
        p_same = pairs.get((i, j), (None, False))[0]
        if p_same is None:
            p_same = float(
                default_classifier().pair_proba(c.left.text, c.right.text, float(m.sim[i, j]))["same"]
            )
        about = max(p_same, min(1.0, float(m.sim[i, j])))
    c.confidence = round(_RULE_TRUST.get(c.slot, 0.5) * (0.5 + 0.5 * about), 3)
    c.left_context = _paragraph(texts.get(c.left.article_id, ""), c.left.start, c.left.end)
    c.right_context = _paragraph(texts.get(c.right.article_id, ""), c.right.start, c.right.end)


def _polarity(a: _Sent, b: _Sent, cfg: CompareConfig) -> tuple[str, str] | None:
    """A polarity conflict (``polarity.py``) between two sentences that share names or words of one fact."""
    if shared_facts(a.text, b.text) < cfg.min_shared:
        return None
    return polarity_conflict(a.text, b.text)


def _reason_conflicts(sents: list[_Sent], sim: np.ndarray) -> list[Contradiction]:
    """A "no reason given" sentence vs another outlet's sentence that gives a cause for the same event."""
    out: list[Contradiction] = []
    by_doc: dict[int, list[_Sent]] = defaultdict(list)
    for s in sents:
        by_doc[s.doc].append(s)
    for s in sents:
        if not _NO_REASON.search(s.text):
            continue
        # the event the missing reason is about: this sentence and the one before it
        prev = [p for p in by_doc[s.doc] if p.end <= s.start][-1:]
        context = set(s.stems) | {t for p in prev for t in p.stems}
        best: tuple[float, _Sent] | None = None
        for o in sents:
            if o.outlet == s.outlet or not _CAUSE.search(o.text):
                continue
            overlap = len(context & set(o.stems))
            score = (
                overlap + float(sim[s.idx, o.idx]) + max((float(sim[p.idx, o.idx]) for p in prev), default=0)
            )
            if overlap and (best is None or score > best[0]):
                best = (score, o)
        if best:
            o = best[1]
            cause = _CAUSE.search(o.text)
            out.append(
                Contradiction(
                    "reason",
                    o.claim(),
                    s.claim(),
                    f"reason: one side gives a cause ('{cause.group(0) if cause else ''}…'), "
                    "the other says no reason was given",
                )
            )
    return out


class Comparer:
    """Compare the articles of one story across outlets."""

    def __init__(self, config: CompareConfig | None = None) -> None:
        self.config = config or CompareConfig()

    def compare(
        self,
        articles: list[Article],
        annotations: dict[str, Annotation] | None = None,
        story_id: str = "",
    ) -> Comparison:
        cfg = self.config
        anns = annotations or {}
        sents = _sentences(articles, anns, cfg)
        framing = [framing_of(outlet, arts, anns) for outlet, arts in _by_outlet(articles).items()]
        # Every finding pairs sentences of two outlets: with one outlet (a text dump without sources)
        # there is nothing to align, and encoding its sentences would be most of a digest's cost.
        if len({s.outlet for s in sents}) < 2:
            return Comparison(story_id, [], [], [], framing)
        m = _Matrix(sents)
        pairs = _best_pairs(m, cfg)
        unique, reworded = self._unique(m, pairs)
        contradictions: list[Contradiction] = []
        for (i, j), (_, mutual) in pairs.items():
            if mutual and i < j and m.sim[i, j] >= cfg.contradiction_at:
                hit = slot_conflict(sents[i].text, sents[j].text, cfg) or (
                    _polarity(sents[i], sents[j], cfg) if cfg.polarity else None
                )
                if hit:
                    contradictions.append(Contradiction(hit[0], sents[i].claim(), sents[j].claim(), hit[1]))
        contradictions.extend(self._quantity_conflicts(sents, m.sim, contradictions))
        contradictions.extend(_reason_conflicts(sents, m.sim))
        texts = {a.id: a.text for a in articles}
        for c in contradictions:
            _finish(c, texts, m, pairs)
        contradictions.sort(key=lambda c: -c.confidence)
        idx = {(s.article_id, s.start): s.idx for s in sents}
        apart = set()
        for c in contradictions:
            i, j = idx[(c.left.article_id, c.left.start)], idx[(c.right.article_id, c.right.start)]
            apart.add((min(i, j), max(i, j)))
        common = _groups(sents, m, pairs, cfg, apart)
        return Comparison(story_id, common, unique, contradictions, framing, reworded)

    def _unique(
        self, m: _Matrix, pairs: dict[tuple[int, int], tuple[float, bool]]
    ) -> tuple[list[Claim], list[Reworded]]:
        """Claims no other outlet reports, ranked and capped per story; near misses as reworded links."""
        cfg = self.config
        if m.n_outlets < 2:
            return [], []
        ranked: dict[str, list[tuple[float, _Sent]]] = defaultdict(list)
        reworded: list[Reworded] = []
        score = _match_scores(m, cfg)
        for s in m.sents:
            j = int(m.cross[s.idx].argmax())
            best = float(m.cross[s.idx, j])
            if _covered(s, m, pairs, cfg):
                continue
            if best >= cfg.reworded_at and _counterpart(m, j, s.doc) == s.idx:
                reworded.append(Reworded(s.claim(), m.sents[j].claim(), round(best, 3)))
            elif score[s.idx] < cfg.flag_below:
                ranked[s.outlet].append((float(score[s.idx]), s))
        return self._cap(ranked, len(m.sents)), reworded

    def _cap(self, ranked: dict[str, list[tuple[float, _Sent]]], n_claims: int) -> list[Claim]:
        """At most ``unique_share`` of the story's claims, least matched first: each outlet's
        clearest one, then the clearest of the rest (the cap holds per story, so it holds overall)."""
        cfg = self.config
        cap = max(cfg.unique_min, math.floor(cfg.unique_share * n_claims))
        order = {o: sorted(items, key=lambda x: (x[0], x[1].doc, x[1].start)) for o, items in ranked.items()}
        firsts = sorted(
            (items[0] for items in order.values() if items), key=lambda x: (x[0], x[1].doc, x[1].start)
        )
        rest = sorted(
            (x for items in order.values() for x in items[1:]), key=lambda x: (x[0], x[1].doc, x[1].start)
        )
        chosen = (firsts + rest)[:cap]
        # in reading order: by article, then position
        return [s.claim() for _, s in sorted(chosen, key=lambda x: (x[1].doc, x[1].start))]

    def _quantity_conflicts(
        self, sents: list[_Sent], sim: np.ndarray, found: list[Contradiction]
    ) -> list[Contradiction]:
        """Related sentences of different outlets that count the same noun (or money) with different values."""
        cfg = self.config
        seen = {(c.left.article_id, c.left.start, c.right.article_id, c.right.start) for c in found}
        counted = [s for s in sents if quantities(s.text)]
        out: list[Contradiction] = []
        for i, a in enumerate(counted):
            for b in counted[i + 1 :]:
                if a.outlet == b.outlet or sim[a.idx, b.idx] < cfg.quantity_related:
                    continue
                key = (a.article_id, a.start, b.article_id, b.start)
                if key in seen:
                    continue
                hit = quantity_conflict(a.text, b.text, close=sim[a.idx, b.idx] >= cfg.quantity_close)
                if hit:
                    seen.add(key)
                    slot = "money" if hit[0] in _MONEY else "number"
                    out.append(Contradiction(slot, a.claim(), b.claim(), hit[1]))
        return out


def _by_outlet(articles: list[Article]) -> dict[str, list[Article]]:
    out: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        out[outlet_of(a)].append(a)
    return dict(out)


def compare(
    articles: list[Article],
    annotations: dict[str, Annotation] | None = None,
    story_id: str = "",
    config: CompareConfig | None = None,
) -> Comparison:
    """Comparison of the articles of one story (see the module docstring for the method)."""
    return Comparer(config).compare(articles, annotations, story_id)
