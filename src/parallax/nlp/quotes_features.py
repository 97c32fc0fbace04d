"""Token features for the attribution tagger (shared by training and inference).

An article is cut into blocks (paragraphs or lines, see ``segment``); each block is one
sequence for the CRF. Features are strings (binary features, cheapest for crfsuite):
the word and its neighbours, shape, quotation state, and sentence-level context from a
cue lexicon learned on PolNeAR train (how often a word form is part of a Cue span),
e.g. "a strong cue word comes later in this sentence, after a comma" — what lets a
linear-chain model open a content span at the start of '"…," Sanders said.'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from parallax.model import Span
from parallax.nlp.segment import _blocks, _split_block, tokens

OPEN_QUOTES = frozenset(['"', "“", "«", "„", "``", "''"])
CLOSE_QUOTES = frozenset(['"', "”", "»", "''"])
#: marks that open or close depending on the state
TOGGLE_QUOTES = frozenset(['"', "''"])
_SUFFIXES = re.compile(r"(ing|ed|es|s)$")
_FUNCTION_WORDS = (
    "that , . : ; the a an he she they it who which whether when if because as and but or to of in on for"
)
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "—": "-", "–": "-"})


def norm_word(w: str) -> str:
    """Lower-cased word with outlet typography (curly quotes, dashes) folded."""
    return w.lower().translate(_NORMALISE)


@dataclass(slots=True)
class WordClasses:
    """Per-word classes from static vectors (``training/train_quotes_words.py``)."""

    clusters: Mapping[str, int]
    #: P(word is in a Cue span) estimated from its vector (generalises to unseen cue verbs)
    vcue: Mapping[str, float]


@dataclass(slots=True)
class Block:
    """One CRF sequence: tokens (offsets into the article text) and their sentence index."""

    tokens: list[Span]
    sent_ids: list[int]
    words: list[str]


def blocks(text: str) -> list[Block]:
    """The article's blocks with tokens; a block is a paragraph or a separate line."""
    out: list[Block] = []
    for b_start, b_end in _blocks(text):
        toks: list[Span] = []
        sids: list[int] = []
        for si, (s, e) in enumerate(_split_block(text, b_start, b_end)):
            for t in tokens(text, s, e):
                toks.append(t)
                sids.append(si)
        if toks:
            out.append(Block(toks, sids, [text[t.start : t.end] for t in toks]))
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude inflection-free key so 'says'/'said'/'saying' share lexicon evidence partly."""
    w = word.lower()
    return _SUFFIXES.sub("", w) if len(w) > 4 else w


def _bucket(p: float) -> str:
    if p >= 0.5:
        return "4"
    if p >= 0.2:
        return "3"
    if p >= 0.05:
        return "2"
    if p > 0.0:
        return "1"
    return "0"


@lru_cache(maxsize=65536)
def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "XX"
    if w[:1].isupper():
        return "Xx"
    if w[:1].isdigit():
        return "d"
    if w[:1].isalpha():
        return "x"
    return w if len(w) == 1 else "p"


_TokFeats = tuple[tuple[str, ...], ...]
#: per word form: the features that depend on the word alone, for each position they are used
#: at (own, -2, -1, +1, +2, cluster -1, 0, +1); keyed by (lexicon, classes) identity
_TOKEN_CACHE: dict[tuple[int, int], tuple[object, object, dict[str, _TokFeats]]] = {}


def _token_features(
    words: list[str], lexicon: Mapping[str, float], classes: WordClasses | None
) -> list[_TokFeats]:
    key = (id(lexicon), id(classes))
    entry = _TOKEN_CACHE.get(key)
    if entry is None or entry[0] is not lexicon or entry[1] is not classes:
        entry = (lexicon, classes, {})
        _TOKEN_CACHE[key] = entry
    cache = entry[2]
    if len(cache) > 200_000:
        cache.clear()
    out: list[_TokFeats] = []
    for word in words:
        tf = cache.get(word)
        if tf is None:
            w = norm_word(word)
            sh = _shape(word)
            cb = _bucket(lexicon.get(w, 0.0))
            own: tuple[str, ...] = ("w=" + w, "st=" + stem(w), "sh=" + sh, "cue=" + cb)
            if len(w) > 3:
                own += ("s3=" + w[-3:],)
            nb = tuple((f"w{k}=" + w, f"cue{k}=" + cb, f"sh{k}=" + sh) for k in (-2, -1, 1, 2))
            cls: tuple[tuple[str, ...], ...] = ()
            if classes is not None:
                c = str(classes.clusters.get(w, "-"))
                v = _bucket(classes.vcue.get(w, 0.0))
                cls = tuple((f"cl{k}={c}", f"vc{k}={v}") for k in (-1, 0, 1))
            tf = (own, *nb, *cls)
            cache[word] = tf
        out.append(tf)
    return out


#: Feature set of newly trained models (a model records its own in ``quotes_meta.json``).
FEATURE_VERSION = 3


def block_features(
    block: Block,
    lexicon: Mapping[str, float],
    para_index: int,
    version: int = FEATURE_VERSION,
    classes: WordClasses | None = None,
) -> list[list[str]]:
    """Feature strings for every token of ``block``.

    ``version`` 2 adds context conjunctions; 3 is version 1 plus word clusters and the
    vector-estimated cue probability of the word, its neighbours and the nearest cue (``classes``).
    """
    words = block.words
    n = len(words)
    # typography differs between outlets: ’ and ' (and “ ” ") are the same word for the model
    low = [norm_word(w) for w in words]
    cue = [lexicon.get(w, 0.0) for w in low]
    strong = [c >= (0.12 if version == 2 else 0.2) for c in cue]
    sid = block.sent_ids
    with_classes = version >= 3 and classes is not None
    ctx = _Context(low, [_shape(w) for w in words], sid, _inside_quotes(words), version, with_classes)
    _strong_cue_context(ctx, strong)
    if with_classes and classes is not None:
        _vector_cue_context(ctx, classes, strong)

    sent_first = [i == 0 or sid[i - 1] != sid[i] for i in range(n)]
    sent_last = [i == n - 1 or sid[i + 1] != sid[i] for i in range(n)]
    sent_cue: dict[int, int] = {}
    sent_len: dict[int, int] = {}
    for i in range(n):
        sent_len[sid[i]] = sent_len.get(sid[i], 0) + 1
        if strong[i]:
            sent_cue[sid[i]] = sent_cue.get(sid[i], 0) + 1
    pos_in_sent = 0
    feats: list[list[str]] = []
    para = "p0" if para_index == 0 else ("p1" if para_index < 3 else "p2")
    tf = _token_features(words, lexicon, classes if with_classes else None)
    for i in range(n):
        pos_in_sent = 0 if sent_first[i] else pos_in_sent + 1
        to_end = sent_len[sid[i]] - pos_in_sent - 1
        f = [
            "sc=" + str(min(sent_cue.get(sid[i], 0), 2)),
            "pos="
            + ("0" if pos_in_sent == 0 else "1" if pos_in_sent < 4 else "2" if pos_in_sent < 12 else "3"),
            "end=" + ("0" if to_end == 0 else "1" if to_end < 4 else "2" if to_end < 12 else "3"),
            "sidx=" + str(min(sid[i], 3)),
            "b",
            "q=" + str(int(ctx.inq[i])),
            para,
        ]
        f.extend(tf[i][0])
        for slot, k in ((1, -2), (2, -1), (3, 1), (4, 2)):
            j = i + k
            if 0 <= j < n and sid[j] == sid[i]:
                f.extend(tf[j][slot])
            else:
                f.append(f"w{k}=<S>")
        if with_classes:
            for slot, k in ((5, -1), (6, 0), (7, 1)):
                j = i + k
                if 0 <= j < n and sid[j] == sid[i]:
                    f.extend(tf[j][slot])
        if i > 0:
            f.append("bi-1=" + low[i - 1] + "|" + low[i])
        if i + 1 < n:
            f.append("bi+1=" + low[i] + "|" + low[i + 1])
        if sent_first[i]:
            f.append("sfirst")
        if sent_last[i]:
            f.append("slast")
        _cue_features(f, ctx, i, sent_first[i])
        feats.append(f)
    return feats


@dataclass(slots=True)
class _Context:
    """What ``block_features`` knows of a block beyond its tokens: quotation state and nearest cues."""

    low: list[str]
    shp: list[str]
    sid: list[int]
    inq: list[bool]
    version: int
    with_classes: bool
    right_cue: list[int] = field(default_factory=list)
    right_comma: list[bool] = field(default_factory=list)
    left_cue: list[int] = field(default_factory=list)
    left_that: list[bool] = field(default_factory=list)
    cl: list[str] = field(default_factory=list)
    vrc: list[int] = field(default_factory=list)
    vlc: list[int] = field(default_factory=list)


def _inside_quotes(words: list[str]) -> list[bool]:
    """Quotation state of each token: inside a double-quoted stretch of the block."""
    inq = [False] * len(words)
    state = False
    for i, w in enumerate(words):
        if w in OPEN_QUOTES and (w not in TOGGLE_QUOTES or not state):
            state = True
        elif w in CLOSE_QUOTES and state:
            inq[i] = True
            state = False
            continue
        inq[i] = state
    return inq


def _strong_cue_context(ctx: _Context, strong: list[bool]) -> None:
    """Nearest strong cue to the left / right inside the sentence, and whether a comma/colon lies between."""
    low, sid, n = ctx.low, ctx.sid, len(ctx.low)
    ctx.right_cue = right_cue = [-1] * n
    ctx.right_comma = right_comma = [False] * n
    nxt, comma = -1, False
    for i in range(n - 1, -1, -1):
        if i + 1 < n and sid[i + 1] != sid[i]:
            nxt, comma = -1, False
        right_cue[i] = nxt
        right_comma[i] = comma
        if strong[i]:
            nxt, comma = i, False
        elif low[i] in (",", ":"):
            comma = True
    ctx.left_cue = left_cue = [-1] * n
    ctx.left_that = left_that = [False] * n
    prv, that = -1, False
    for i in range(n):
        if i and sid[i - 1] != sid[i]:
            prv, that = -1, False
        left_cue[i] = prv
        left_that[i] = that
        if strong[i]:
            prv, that = i, False
        elif low[i] in ("that", ":", ","):
            that = that or prv >= 0


def _vector_cue_context(ctx: _Context, classes: WordClasses, strong: list[bool]) -> None:
    """Word clusters, and the nearest likely cue by the vector estimate (verbs the lexicon has not seen as cues)."""
    low, sid, n = ctx.low, ctx.sid, len(ctx.low)
    ctx.cl = [str(classes.clusters.get(w, "-")) for w in low]
    vp = [classes.vcue.get(w, 0.0) for w in low]
    vstrong = [p >= 0.5 and not s for p, s in zip(vp, strong, strict=True)]
    ctx.vrc = vrc = [-1] * n
    ctx.vlc = vlc = [-1] * n
    nxt = -1
    for i in range(n - 1, -1, -1):
        if i + 1 < n and sid[i + 1] != sid[i]:
            nxt = -1
        vrc[i] = nxt
        if vstrong[i]:
            nxt = i
    prv = -1
    for i in range(n):
        if i and sid[i - 1] != sid[i]:
            prv = -1
        vlc[i] = prv
        if vstrong[i]:
            prv = i


def _distance(d: int) -> str:
    return "1" if d == 1 else "2" if d <= 3 else "3" if d <= 8 else "4"


def _cue_features(f: list[str], ctx: _Context, i: int, sent_first: bool) -> None:
    """Append token ``i``'s features of the nearest cues (and, in version 2, their conjunctions) to ``f``."""
    low, w = ctx.low, ctx.low[i]
    rc = ctx.right_cue[i]
    if rc >= 0:
        f.append("rc=" + _distance(rc - i))
        f.append("rcw=" + low[rc])
        if ctx.right_comma[i]:
            f.append("rc_comma")
    else:
        f.append("rc=0")
    lc = ctx.left_cue[i]
    if lc >= 0:
        f.append("lc=" + _distance(i - lc))
        f.append("lcw=" + low[lc])
        if ctx.left_that[i]:
            f.append("lc_that")
    else:
        f.append("lc=0")
    if rc >= 0 and lc >= 0:
        f.append("between_cues")
    if ctx.with_classes:
        if rc >= 0:
            f.append("rccl=" + ctx.cl[rc])
        if lc >= 0:
            f.append("lccl=" + ctx.cl[lc])
        if ctx.vrc[i] >= 0:
            f.append("vrc=" + _distance(ctx.vrc[i] - i))
            f.append("vrccl=" + ctx.cl[ctx.vrc[i]])
        if ctx.vlc[i] >= 0:
            f.append("vlc=" + _distance(i - ctx.vlc[i]))
    if ctx.version == 2:
        # conjunctions a linear-chain model cannot form itself
        inq = int(ctx.inq[i])
        rcb = "n" if rc < 0 else ("c" if ctx.right_comma[i] else "y")
        lcb = "n" if lc < 0 else ("t" if ctx.left_that[i] else "y")
        f.append(f"ctx={inq}{rcb}{lcb}")
        f.append(f"ctxw={inq}{rcb}{lcb}|{w}" if w in _FUNCTION else f"ctxs={inq}{rcb}{lcb}|{ctx.shp[i]}")
        if rc >= 0:
            f.append(f"rcw2={low[rc]}|{rcb}|{int(sent_first)}")
        if lc >= 0:
            f.append(f"lcw2={low[lc]}|{lcb}")
