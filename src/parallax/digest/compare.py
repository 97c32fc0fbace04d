"""Cross-source comparison of one story: shared claims, unique claims, contradictions, framing.

Claims are sentences (questions and page furniture excluded). They are aligned across articles
by TF-IDF cosine over content stems fitted on the story. A claim is *unique* when no other
outlet has a sentence above ``unique_below`` that is its mutual best match (or above
``covered_at``). *Shared* groups link claims of different outlets above ``common_at`` and
keep those reported by most outlets. *Contradictions* come from three detectors:

* fact slots of mutual best pairs: the two sentences share their frame (non-slot content
  stems) and one number, date (month, weekday, year), name or the negation differs, where the
  changed value keeps its context or the frames are near-identical;
* quantity slots (``quantities.py``): related sentences count the same noun with different
  values ("121 votes" vs "a 112-vote lead");
* a "reason" slot: one outlet says no reason was given for an event, another gives a cause.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from parallax.digest.framing import framing_of
from parallax.digest.quantities import quantities, quantity_conflict
from parallax.digest.text import BYLINE, FURNITURE, URL, content_stems, is_stopword, split_sentences, stem
from parallax.model import Annotation, Article, Claim, Comparison, Contradiction
from parallax.outlets import name_of as outlet_of
from parallax.words import MONTHS, NUMBER_WORDS, WEEKDAYS

_MONTHS = frozenset(m.rstrip(".") for m in MONTHS)
_DAYS = frozenset(WEEKDAYS) | {"yesterday", "today", "tomorrow"}
# Number words that are values; scale words (hundred, million, dozens) are multipliers or vague amounts.
_NUMBER_WORDS = frozenset(NUMBER_WORDS)
# Number words as digits, so "six" and "6" are the same value.
_NUMBER_VALUE = {w: str(v) for w, v in NUMBER_WORDS.items()}
_NEGATORS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"}
_TOK = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z][A-Za-z'’-]*")

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
    """Thresholds of the comparison (tuned on ``benchmarks/compare_pairs.py`` train pairs)."""

    unique_below: float = 0.35  # best cross-outlet cosine under this: the claim is unique
    covered_at: float = 0.6  # a cross-outlet match this close covers a claim even if not mutual
    common_at: float = 0.4  # cosine linking two claims into a shared group
    contradiction_at: float = 0.3  # mutual best pairs above this are checked for slot conflicts
    same_frame: float = 0.5  # shared non-slot content stems / the larger sentence's
    near_identical: float = 0.8  # frame overlap at which any single swapped value is a conflict
    same_frame_negation: float = 0.7  # negation flips need a closer frame (paraphrases negate freely)
    quantity_related: float = 0.25  # cosine at which two sentences' counts of one noun are compared
    quantity_close: float = 0.4  # above it, the counts are taken to measure the same thing
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


def _tokens(text: str) -> list[str]:
    """Lower-cased tokens with typographic apostrophes unified and possessive 's dropped."""
    out = []
    for t in _TOK.findall(text.replace("’", "'")):
        low = t.lower().rstrip("'-") or t.lower()
        if low.endswith("'s") and len(low) > 2:
            low = low[:-2]
        out.append(_NUMBER_VALUE.get(low, low))
    return out


def _slot_of(tok: str, raw: str, first: bool) -> tuple[str, str] | None:
    """``(slot, value)`` of one token, or None for an ordinary word."""
    if raw[0].isdigit():
        v = tok.replace(",", "").rstrip(".")
        return ("date", v) if re.fullmatch(r"(1[89]|20)\d\d", v) else ("number", v)
    if tok in _MONTHS or tok in _DAYS:
        return "date", tok[:3]
    if tok in _NUMBER_WORDS or tok.isdigit():
        return "number", tok
    if tok in _NEGATORS or tok.endswith("n't"):
        return "negation", tok
    if raw[0].isupper() and len(raw) > 1 and not (first and is_stopword(raw)):
        return "name", tok
    return None


def is_claim(text: str, min_words: int = 4) -> bool:
    """A sentence that states something: enough words, not a question, not page furniture."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < min_words or text.rstrip("\"'”’ ").endswith("?"):
        return False
    if sum(any(c.islower() for c in w) for w in words) < 2:
        return False
    return not (BYLINE.match(text.strip()) or URL.search(text) or FURNITURE.search(text))


def slots(text: str) -> dict[str, Counter[str]]:
    """Fact-slot values of a sentence (multisets of normalised tokens).

    ``number`` holds numerals, ``date`` months, weekdays and years, ``name`` capitalised
    words, ``negation`` one ``negated`` mark when negators are odd in number.
    """
    raws = _TOK.findall(text.replace("’", "'"))
    out: dict[str, Counter[str]] = {k: Counter() for k in ("number", "date", "name", "negation")}
    neg = 0
    for i, (raw, tok) in enumerate(zip(raws, _tokens(text), strict=True)):
        hit = _slot_of(tok, raw, i == 0)
        if hit is None:
            continue
        if hit[0] == "negation":
            neg += 1
        else:
            out[hit[0]][hit[1]] += 1
            if hit[0] == "date" and hit[1].isdigit():
                out["number"][hit[1]] += 1  # a year is also a number
    if neg % 2:
        out["negation"]["negated"] += 1
    return out


def _masked(text: str) -> set[str]:
    """Content stems of the words that fill no fact slot (the sentence's frame)."""
    raws = _TOK.findall(text.replace("’", "'"))
    return {
        stem(tok)
        for i, (raw, tok) in enumerate(zip(raws, _tokens(text), strict=True))
        if _slot_of(tok, raw, i == 0) is None and not is_stopword(tok)
    }


def _substituted(a: list[str], b: list[str], xs: list[str], ys: list[str]) -> bool:
    """True when a value of ``xs`` in ``a`` and one of ``ys`` in ``b`` share a neighbouring word.

    A changed fact keeps its context ("near Springfield on" vs "near Shelbyville on"); a
    paraphrase that merely mentions other names or numbers usually does not.
    """
    pa = [i for i, t in enumerate(a) if t in xs or t[:3] in xs]
    pb = [j for j, t in enumerate(b) if t in ys or t[:3] in ys]

    def same(i: int, j: int) -> bool:
        return 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j] and a[i] not in xs

    for i in pa:
        for j in pb:
            prev, nxt = same(i - 1, j - 1), same(i + 1, j + 1)
            # a function word alone ("the", "in") is too weak a context; a content word or both sides is not
            if (prev and nxt) or (prev and not is_stopword(a[i - 1])) or (nxt and not is_stopword(a[i + 1])):
                return True
    return False


def slot_conflict(a: str, b: str, cfg: CompareConfig) -> tuple[str, str] | None:
    """``(slot, explanation)`` when ``a`` and ``b`` state the same fact with different values."""
    ma, mb = _masked(a), _masked(b)
    shared = len(ma & mb)
    frame = shared / max(1, len(ma), len(mb))
    if shared < cfg.min_shared or frame < cfg.same_frame:
        return None
    sa, sb = slots(a), slots(b)
    ta, tb = _tokens(a), _tokens(b)
    for slot in ("date", "number", "name"):
        va, vb = sa[slot], sb[slot]
        if slot == "name":  # a name repeated in one sentence is still one name changed
            only_a, only_b = sorted((va - vb).elements()), sorted((vb - va).elements())
        else:  # numbers and dates: which values are stated, not how often
            only_a, only_b = sorted(set(va) - set(vb)), sorted(set(vb) - set(va))
        if slot == "name" and (len(only_a) > 2 or len(only_b) > 2):
            continue  # many different names: a paraphrase or another fact, not one changed name
        if not (only_a and only_b):
            continue
        # one value swapped in an otherwise identical frame, or a swap that keeps its context
        if (len(only_a) == len(only_b) == 1 and frame >= cfg.near_identical) or _substituted(
            ta, tb, only_a, only_b
        ):
            return slot, f"{slot}: {', '.join(only_a)} vs {', '.join(only_b)}"
    if sa["negation"] != sb["negation"] and frame >= cfg.same_frame_negation:
        # "not clear" vs "unclear" is the same statement
        sa_words, sb_words = set(ta), set(tb)
        if any(w.startswith("un") and w[2:] in sb_words for w in sa_words) or any(
            w.startswith("un") and w[2:] in sa_words for w in sb_words
        ):
            return None
        which = "first" if sa["negation"] else "second"
        return "negation", f"negation: only the {which} sentence is negated"
    return None


def _groups(sents: list[_Sent], sim: np.ndarray, cfg: CompareConfig, n_outlets: int) -> list[list[Claim]]:
    """Claims linked across outlets (union-find over strong links) reported by most outlets."""
    parent = list(range(len(sents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.where(np.triu(sim, 1) >= cfg.common_at), strict=True):
        if sents[i].outlet != sents[j].outlet:
            parent[find(int(i))] = find(int(j))
    members: dict[int, list[_Sent]] = defaultdict(list)
    for s in sents:
        members[find(s.idx)].append(s)
    need = max(2, math.ceil(cfg.majority * n_outlets))
    groups = [g for g in members.values() if len({s.outlet for s in g}) >= need]
    groups.sort(key=lambda g: (-len({s.outlet for s in g}), min(s.doc for s in g), min(s.start for s in g)))
    return [[s.claim() for s in sorted(g, key=lambda s: (s.doc, s.start))] for g in groups]


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
        if not sents:
            return Comparison(story_id, [], [], [], framing)
        vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True)
        try:
            x = vec.fit_transform([s.stems or ["_empty_"] for s in sents])
            sim = (x @ x.T).toarray()
        except ValueError:
            sim = np.eye(len(sents))
        outlets = [s.outlet for s in sents]
        n_outlets = len(set(outlets))
        codes = {o: i for i, o in enumerate(dict.fromkeys(outlets))}
        oc = np.array([codes[o] for o in outlets])
        cross = np.where(oc[:, None] == oc[None, :], -1.0, sim)
        docs = np.array([s.doc for s in sents])
        unique = [s.claim() for s in sents if n_outlets > 1 and not self._covered(s, sents, sim, cross, docs)]
        contradictions: list[Contradiction] = []
        by_doc = {d: np.where(docs == d)[0] for d in sorted(set(docs.tolist()))}
        for d1, i1 in by_doc.items():
            for d2, i2 in by_doc.items():
                if d2 <= d1 or oc[i1[0]] == oc[i2[0]]:
                    continue
                block = sim[np.ix_(i1, i2)]
                best12, best21 = block.argmax(axis=1), block.argmax(axis=0)
                for a, b in enumerate(best12):
                    # mutual best matches only: each sentence is compared with its counterpart
                    if best21[b] != a or block[a, b] < cfg.contradiction_at:
                        continue
                    left, right = sents[int(i1[a])], sents[int(i2[b])]
                    hit = slot_conflict(left.text, right.text, cfg)
                    if hit:
                        contradictions.append(Contradiction(hit[0], left.claim(), right.claim(), hit[1]))
        contradictions.extend(self._quantity_conflicts(sents, sim, contradictions))
        contradictions.extend(_reason_conflicts(sents, sim))
        return Comparison(story_id, _groups(sents, sim, cfg, n_outlets), unique, contradictions, framing)

    def _quantity_conflicts(
        self, sents: list[_Sent], sim: np.ndarray, found: list[Contradiction]
    ) -> list[Contradiction]:
        """Related sentences of different outlets that count the same noun with different values."""
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
                    out.append(Contradiction("number", a.claim(), b.claim(), hit[1]))
        return out

    def _covered(
        self, s: _Sent, sents: list[_Sent], sim: np.ndarray, cross: np.ndarray, docs: np.ndarray
    ) -> bool:
        """True when another outlet has a sentence that matches ``s`` and is not a better match of a sibling.

        A match counts when it is mutual (its best partner in ``s``'s article is ``s``) or strong on its own
        (``covered_at``): a sentence that merely resembles the copy of a neighbour stays unique.
        """
        cfg = self.config
        if cross[s.idx].max() < cfg.unique_below:
            return False
        own = np.where(docs == s.doc)[0]
        for j in np.where(cross[s.idx] >= cfg.unique_below)[0]:
            if sim[s.idx, j] >= cfg.covered_at or int(own[np.argmax(sim[j, own])]) == s.idx:
                return True
        return False


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


def outlet_counts(comparison: Comparison) -> Counter[str]:
    """Number of unique claims per outlet (for reports)."""
    return Counter(c.outlet or c.article_id for c in comparison.unique)
