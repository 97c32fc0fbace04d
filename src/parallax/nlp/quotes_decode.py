"""Quote decoding: the tagger's Source / Cue / Content labels of a paragraph -> attributions.

Spans are grouped (a content takes the nearest cue of its paragraph, the cue the nearest
source), then post-processed: direct quotes repaired, contents extended to the clause end,
orphan contents given a cue, a missing source found as the clause subject, split quotes merged.
Each post-processing step can be switched off in ``STEPS`` (for the ablation benchmark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parallax.nlp.quotes_features import CLOSE_QUOTES, OPEN_QUOTES, Block


@dataclass(slots=True)
class Attribution:
    """A raw attribution before speaker resolution (spans are character offsets)."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    direct: bool
    #: a quoted passage without its own cue that continues the previous attribution (same source)
    continued: bool = False
    #: the content's pieces when it is split by its cue ('"A," she said, "B."'); else just ``content``
    parts: list[tuple[int, int]] = field(default_factory=list)


def _spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) runs of a BIO sequence (an I- after O opens a span)."""
    out: list[tuple[str, int, int]] = []
    for i, lab in enumerate(labels):
        if lab == "O":
            continue
        bio, role = lab.split("-", 1)
        if bio == "I" and out and out[-1][0] == role and out[-1][2] == i:
            out[-1] = (role, out[-1][1], i + 1)
        else:
            out.append((role, i, i + 1))
    return out


def _assemble(text: str, block: Block, labels: list[str], prev: Attribution | None) -> list[Attribution]:
    spans = _spans(labels)
    toks = block.tokens
    cues = [(s, e) for r, s, e in spans if r == "CUE"]
    sources = [(s, e) for r, s, e in spans if r == "SOURCE"]
    regions = _quoted_regions(block.words)
    out: list[Attribution] = []
    for role, s0, e0 in spans:
        if role != "CONTENT":
            continue
        if e0 - s0 < 2 and not cues:
            continue
        s, e = _snap_to_quotes(s0, e0, regions)
        # a content's own cue and source are never inside it ("discussed" inside a quotation)
        cue = _nearest((s, e), [c for c in cues if c[1] <= s or c[0] >= e], block)
        if cue is not None and STEPS.get("extend"):
            s, e = _extend(s, e, cue, labels, block)
        c_start, c_end = toks[s].start, toks[e - 1].end
        content_text = text[c_start:c_end]
        direct = _is_direct(content_text)
        if cue is None:
            if not direct or prev is None:
                continue  # a content span with no cue is kept only as a quoted continuation
            out.append(Attribution((c_start, c_end), None, prev.source, True, continued=True))
            continue
        src = _source(cue, (s, e), sources, block)
        out.append(
            Attribution(
                (c_start, c_end),
                (toks[cue[0]].start, toks[cue[1] - 1].end),
                (toks[src[0]].start, toks[src[1] - 1].end) if src else None,
                direct,
            )
        )
    if STEPS.get("orphans"):
        used = {a.cue for a in out}
        for c in cues:
            cue_chars = (toks[c[0]].start, toks[c[1] - 1].end)
            if cue_chars in used:
                continue
            span = _orphan_content(c, labels, block)
            if span is None:
                continue
            src = _source(c, span, sources, block, same_sentence=False)
            out.append(
                Attribution(
                    (toks[span[0]].start, toks[span[1] - 1].end),
                    cue_chars,
                    (toks[src[0]].start, toks[src[1] - 1].end) if src else None,
                    False,
                )
            )
        out.sort(key=lambda a: a.content[0])
    return _merge_split_quotes(out) if STEPS.get("merge") else out


def _source(
    cue: tuple[int, int],
    content: tuple[int, int],
    sources: list[tuple[int, int]],
    block: Block,
    same_sentence: bool = True,
) -> tuple[int, int] | None:
    """The cue's tagged source outside its content (in its sentence), else its sentence's subject."""
    src = _nearest(cue, [x for x in sources if x[1] <= content[0] or x[0] >= content[1]], block)
    if same_sentence and src is not None and block.sent_ids[src[0]] != block.sent_ids[cue[0]]:
        src = None  # a source in another sentence belongs to another attribution more often than not
    if src is not None and STEPS.get("junk") and _junk(block.words[src[0] : src[1]]):
        src = None
    if src is None and STEPS.get("subject"):
        src = _subject(cue, content, block)
    return src


_JUNK_WORDS = frozenset(
    ["and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "as", "so", "then", "also"]
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _junk(words: list[str]) -> bool:
    """A tagged source that names nobody: a function word, an -ly adverb, a month, a dateline ('WASHINGTON')."""
    if len(words) != 1:
        return False
    w = words[0]
    return (
        w.lower() in _JUNK_WORDS
        or (w.islower() and w.endswith("ly"))
        or w.lower() in _MONTHS
        or (w.isupper() and len(w) > 3)
    )


def _merge_split_quotes(atts: list[Attribution]) -> list[Attribution]:
    """One attribution for the pieces of one cue's content: quotation pieces around it ('"A," she said, "B."'), or pieces a few characters apart."""
    out: list[Attribution] = []
    for a in atts:
        last = out[-1] if out else None
        if last is not None and a.content[0] < last.content[1]:
            # two tagged pieces snapped to the same quotation: one content
            last.content = (last.content[0], max(last.content[1], a.content[1]))
            if last.parts:
                last.parts[-1] = (last.parts[-1][0], last.content[1])
            continue
        if (
            last is not None
            and a.cue is not None
            and a.cue == last.cue
            and ((a.direct and last.direct) or a.content[0] - last.content[1] <= PARAMS["merge_gap"])
        ):
            last.parts = (last.parts or [last.content]) + [a.content]
            last.content = (last.content[0], a.content[1])
            continue
        out.append(a)
    return out


def _orphan_content(cue: tuple[int, int], labels: list[str], block: Block) -> tuple[int, int] | None:
    """A content for a cue the tagger found without one: the rest of its sentence after
    "said that" / "said:", else the sentence before ", X said." ."""
    words, sid = block.words, block.sent_ids
    n = len(words)
    k = cue[1]
    if k < n and sid[k] == sid[cue[0]] and (words[k].lower() in ("that", ":", ",") or words[k][:1].isalnum()):
        if words[k][:1].isalnum() and words[k].lower() != "that":
            k -= 1  # "said Clinton will ...": the content starts right after the cue
        e = k + 1
        while e < n and sid[e] == sid[k] and labels[e] in ("O", "B-CONTENT", "I-CONTENT"):
            e += 1
        first = k if words[k] == "that" else k + 1
        if STEPS.get("orphan_adverbial") and first < e and _adverbial(words, first):
            return None  # 'spoke on Thursday': what follows the cue is a circumstance, not what was said
        if e > k + 3:
            return (k if words[k] == "that" else k + 1, e - 1 if words[e - 1] in _END_PUNCT else e)
        return None
    i = cue[0] - 1
    while i >= 0 and sid[i] == sid[cue[0]] and labels[i] != "O" and not labels[i].endswith("CONTENT"):
        i -= 1  # the source before the cue
    if i >= 0 and words[i] == "," and sid[i] == sid[cue[0]]:
        s = i
        while s > 0 and sid[s - 1] == sid[i] and labels[s - 1] == "O":
            s -= 1
        if i - s >= 3:
            return s, i
    return None


_DETERMINERS = frozenset(["The", "A", "An", "This", "That", "These", "Those", "Some", "Many", "Most"])
_VERBISH = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "was",
        "are",
        "were",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "did",
        "does",
        "do",
        "also",
        "not",
        "who",
        "which",
        "that",
        "said",
        "says",
        "told",
    ]
)
#: capitalised sentence openers that are not a subject
_FUNCTION_OPENERS = frozenset(
    [
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "as",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "however",
        "meanwhile",
        "still",
        "also",
        "then",
        "there",
        "here",
        "what",
        "why",
        "how",
        "where",
        "yes",
        "no",
        "asked",
    ]
)
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "it"])


def _subject(cue: tuple[int, int], content: tuple[int, int], block: Block) -> tuple[int, int] | None:
    """A speaker for a cue the tagger gave none: the name or pronoun right after it ('…,"
    said O'Neill.'), else the subject that opens the cue's sentence (a name, a pronoun or a
    determiner phrase)."""
    words, sid = block.words, block.sent_ids
    n = len(words)

    i = j = cue[1]
    while (
        j < n
        and sid[j] == sid[cue[0]]
        and j - i < 5
        and not content[0] <= j < content[1]
        and (words[j][:1].isupper() or (j != i and words[j] in ("-", ".")))
    ):
        j += 1
    if j == i and i < n and sid[i] == sid[cue[0]] and words[i].lower() in _SUBJECT_PRONOUNS:
        j = i + 1  # 'said he'
    if j > i and not content[0] <= i < content[1] and (j >= n or not words[j][:1].isalnum()):
        return (i, j)
    # the sentence opens with its subject and the cue follows: "Aaron Kall, …, compared", "The family … said"
    k = cue[0]
    while k > 0 and sid[k - 1] == sid[cue[0]]:
        k -= 1
    if k >= cue[0] or content[0] <= k < content[1]:
        return None
    first = words[k]
    limit = min(cue[0], k + 6, content[0] if content[0] > k else n)
    if first.lower() in _SUBJECT_PRONOUNS:
        return (k, k + 1)
    if first in _DETERMINERS:
        e = k + 1
        while e < limit and words[e][:1].isalnum() and words[e].lower() not in _VERBISH:
            e += 1
        poss = [i for i in range(k + 1, e + 1) if i < n and words[i] in ("'s", "’s")]
        if poss and e == cue[0]:
            e = poss[0]  # "The weather service's orange warning": the cue is a noun, its owner the source
    elif first[:1].isupper() and first.lower() not in _FUNCTION_OPENERS:
        e = k + 1
        while e < limit and (words[e][:1].isupper() or words[e] in (".", "-")):
            e += 1
    else:
        return None
    return (k, e) if e > k + (first in _DETERMINERS) else None


#: Post-processing steps after the tagger; switchable so ``benchmarks/quotes_polnear.py --ablate`` can
#: measure each one.
STEPS: dict[str, bool] = {
    "repair": False,
    "extend": False,
    "orphans": True,
    "merge": True,
    "subject": True,
    "headline": True,
    # the source span cut to the name ('Clarke, who has led …,' -> 'Clarke'), see ``quotes_speakers``
    "clean": False,
    # a transcript's interviewer is never quoted ('Sputnik discussed this issue with …')
    "interviewer": True,
    # an indirect content that is an adverbial right after its cue ('said as she left the building')
    "adverbial": True,
    # a background event in a temporal or causal clause ('after Pyongyang demanded sanctions be lifted')
    "eventive": False,
    # a quotation run on past its close through its own attribution ('"…," Cruz said after …')
    "runon": True,
    # such a quotation is cut at its close and attributed to its frame ('"…," union chair Mira Osk said')
    "frame": True,
    # a reported clause ends before a trailing ', which …' / ', who …' relative clause
    "relative": True,
    # a title-case line ('Jeb Bush To Pipe Down') is a headline, not a content
    "titles": False,
    # a tagged source that names nobody ('falsely', 'and', 'WASHINGTON') gives way to the subject
    "junk": False,
    # a cue without content takes none that opens with an adverbial ('spoke on Thursday')
    "orphan_adverbial": True,
}
#: Thresholds of the steps, chosen with the steps by ``benchmarks/quotes_cv.py`` on train folds.
PARAMS: dict[str, int] = {
    # pieces of one cue's content closer than this (characters) are one content, quoted or not: the
    # tagger often breaks a reported clause at a comma or a name ("that X, Y said, would …")
    "merge_gap": 30,
    # token distance added to a cue or source candidate in another sentence than the content
    "sentence_cost": 40,
}
_END_PUNCT = frozenset(".!?")
# first words of an adverbial phrase or clause: after a cue they open a circumstance, not a content
ADVERBIAL = frozenset(
    [
        "as",
        "while",
        "when",
        "after",
        "before",
        "during",
        "outside",
        "inside",
        "at",
        "in",
        "on",
        "near",
        "from",
    ]
)
# 'at least 60 firms had …' is a clause, not an adverbial
QUANTIFIER = re.compile(r"(?i)(?:at (?:least|most)|as (?:many|much|few|little)|in (?:fact|all|total))\b")


def _adverbial(words: list[str], i: int) -> bool:
    """Whether the words from ``i`` open an adverbial (not a quantifier such as 'at least')."""
    return words[i].lower() in ADVERBIAL and not QUANTIFIER.match(" ".join(words[i : i + 2]))


# a comma, dash or bracket in the untagged run usually ends the reported clause ("…, but was treated …")
_CLAUSE_BREAK = frozenset([",", ";", "(", ")", "-", "—", "--"])


def _extend(s: int, e: int, cue: tuple[int, int], labels: list[str], block: Block) -> tuple[int, int]:
    """Content after its cue runs to the end of the sentence; content before it from the sentence start.

    Only when no clause break lies in between, and only over tokens the tagger left outside any span (O), so another attribution is never eaten.
    """
    sid = block.sent_ids
    words = block.words
    if s >= cue[1]:
        j = e
        while (
            j < len(words)
            and sid[j] == sid[e - 1]
            and labels[j] == "O"
            and words[j] not in _END_PUNCT
            and words[j] not in _CLAUSE_BREAK
        ):
            j += 1
        if j >= len(words) or sid[j] != sid[e - 1] or words[j] in _END_PUNCT:
            e = j
    elif e <= cue[0]:
        i = s
        while i > 0 and sid[i - 1] == sid[s] and labels[i - 1] == "O" and words[i - 1] not in _CLAUSE_BREAK:
            i -= 1
        if i == 0 or sid[i - 1] != sid[s]:
            s = i
    return s, e


_QUOTE_END = frozenset([",", "?", "!", "…", "-", "—", "--"])
_SOURCE_SKIP = frozenset(["also", "has", "have", "had", "later", "then", "again", "once", "further"])


def _repair_direct(block: Block, labels: list[str], lexicon: dict[str, float]) -> list[str]:
    """Relabel the unambiguous direct-quote frame '"…," X said.' / '"…," said X.'.

    The tagger sometimes runs a quotation on through its attribution; this frame has one reading.
    """
    words = block.words
    n = len(words)
    out = list(labels)

    def cue_at(i: int) -> bool:
        return 0 <= i < n and lexicon.get(words[i].lower(), 0.0) >= 0.3

    def name_run(i: int, step: int) -> int:
        """Index after (step=1) the run of source-like words from ``i``; at most 6 words."""
        j = i
        while 0 <= j < n and abs(j - i) < 6 and (words[j][:1].isalnum()) and not cue_at(j):
            j += step
        return j

    for qs, qe in _quoted_regions(words):
        if qe - qs < 3 or words[qe - 1] not in _QUOTE_END:
            continue
        j = qe + 1
        src: tuple[int, int] | None = None
        cue: tuple[int, int] | None = None
        k = name_run(j, 1)
        m = k
        while m < n and words[m].lower() in _SOURCE_SKIP:
            m += 1
        if k > j and cue_at(m):
            src, cue = (j, k), (m, m + 1)
        elif cue_at(j):
            k = name_run(j + 1, 1)
            if k > j + 1:
                cue, src = (j, j + 1), (j + 1, k)
        if cue is None or src is None or labels[cue[0]].endswith("CUE"):
            continue  # no frame, or the tagger already read it
        end = max(cue[1], src[1])
        if end < n and words[end] not in (".", ",", ";", "?", "!", ":") and not cue_at(end - 1):
            continue
        for i in range(qs, qe + 1):
            out[i] = ("B-" if i == qs else "I-") + "CONTENT"
        for a, b, role in ((src[0], src[1], "SOURCE"), (cue[0], cue[1], "CUE")):
            for i in range(a, b):
                out[i] = ("B-" if i == a else "I-") + role
        if end < n and out[end] != "O" and out[end].endswith("CONTENT") and words[end] in (".", ","):
            out[end] = "O"
            i = end + 1
            while i < n and out[i] == "I-CONTENT":
                out[i] = "O"  # the run-on after the attribution is not this quote's content
                i += 1
    return out


def _quoted_regions(words: list[str]) -> list[tuple[int, int]]:
    """(open quote token, close quote token) pairs of a block."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, w in enumerate(words):
        if start < 0 and w in OPEN_QUOTES:
            start = i
        elif start >= 0 and w in CLOSE_QUOTES:
            out.append((start, i))
            start = -1
    return out


def _snap_to_quotes(s: int, e: int, regions: list[tuple[int, int]]) -> tuple[int, int]:
    """Widen a content span that starts or ends inside a quotation to the whole quotation."""
    for qs, qe in regions:
        if qs < s <= qe or qs <= e - 1 < qe:
            s, e = min(s, qs), max(e, qe + 1)
    return s, e


def _nearest(span: tuple[int, int], cands: list[tuple[int, int]], block: Block) -> tuple[int, int] | None:
    """The candidate closest to ``span`` (token distance; other sentences cost more)."""
    best, best_d = None, 10**9
    sid = block.sent_ids
    for c in cands:
        d = c[0] - span[1] if c[0] >= span[1] else span[0] - c[1] if c[1] <= span[0] else 0
        if sid[c[0]] != sid[min(span[0], len(sid) - 1)] and sid[c[0]] != sid[span[1] - 1]:
            d += PARAMS["sentence_cost"]
        if d < best_d:
            best, best_d = c, d
    return best


def _is_direct(content: str) -> bool:
    c = content.strip()
    opens, closes = tuple(OPEN_QUOTES), tuple(CLOSE_QUOTES)
    return bool(c) and (c.startswith(opens) or (c.endswith(closes) and any(q in c for q in opens)))
