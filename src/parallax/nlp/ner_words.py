"""What the transformer entity tagger reads: CoNLL-like words, their case, windows of word pieces.

Shared by the runtime tagger (``parallax.nlp.ner_onnx``) and its training script
(``training/train_ner_minilm.py``), so that a model sees the same units in both.
The word pieces come from an uncased WordPiece vocabulary; the case of each word is given to
the model as a separate id (the token-type input), because "Bay" and "bay" are one piece.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

#: IOB2 labels, in the order of the model's outputs.
TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")

# Case ids (the token-type input): 0 is for [CLS], [SEP] and padding.
LOWER, TITLE, UPPER, MIXED, DIGIT, OTHER = 1, 2, 3, 4, 5, 6
N_CASES = 7

# Words as CoNLL-2003 cut them: abbreviations keep their dots ("U.S.", "Mr."), clitics ("'s",
# "n't") and punctuation stand alone, hyphenated and apostrophe names stay whole ("Jong-un", "O'Neill").
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Co|Inc|Corp|Ltd|Prof|Mt|Ft|No|vs)\."
_WORD = re.compile(
    rf"(?:[A-Za-z]\.){{2,}}"  # U.S. / a.m.
    rf"|{_ABBREV}(?=\s|$)"
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial: "M. Smith"
    r"|\d+(?:st|nd|rd|th)\b"
    r"|[$+]?\d+(?:[-.,:/]\d+)*"  # 1,000  3.5  12:30  9/11  1996-08-22
    r"|-{2,}|\.{2,}"
    r"|n[’']t\b|[’'](?:s|re|ve|ll|d|m)\b"
    r"|\w+?(?=n[’']t\b)"  # "do" of "don't"
    r"|\w+(?:[-&]\w+|[’'](?![st]\b|re\b|ve\b|ll\b|d\b|m\b)\w+)*"
    r"|\S",
    re.IGNORECASE,
)


def words(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text``, CoNLL-2003 style."""
    return [m.span() for m in _WORD.finditer(text)]


def case_id(word: str) -> int:
    """The case class of one word (the model's only view of capitals: its pieces are lower-cased)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return DIGIT if any(c.isdigit() for c in word) else OTHER
    if all(c.islower() for c in letters):
        return LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return UPPER
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return TITLE
    return MIXED


def windows(piece_counts: Sequence[int], size: int, margin: int) -> list[tuple[int, int]]:
    """Word ranges ``(start, end)`` whose pieces fit ``size``; consecutive windows overlap by ~2 margins.

    A word longer than ``size`` pieces is a window of its own (its pieces are cut by the caller).
    """
    out: list[tuple[int, int]] = []
    n = len(piece_counts)
    start = 0
    while start < n:
        total, end = 0, start
        while end < n and (end == start or total + piece_counts[end] <= size):
            total += piece_counts[end]
            end += 1
        out.append((start, end))
        if end >= n:
            break
        # the next window starts 2 margins of pieces before this one ends (never later than `end`)
        back, nxt = 0, end
        while nxt - 1 > start + 1 and back + piece_counts[nxt - 1] <= 2 * margin:
            back += piece_counts[nxt - 1]
            nxt -= 1
        start = nxt
    return out


def central_window(spans: list[tuple[int, int]], n_words: int) -> list[int]:
    """For each word, the index of the window in which it lies farthest from an edge."""
    best = [-1] * n_words
    room = [-1.0] * n_words
    last = len(spans) - 1
    for w, (a, b) in enumerate(spans):
        for i in range(a, b):
            # the document's own ends are not window edges: no context is missing there
            left = float("inf") if w == 0 else i - a
            right = float("inf") if w == last else b - 1 - i
            r = min(left, right)
            if r > room[i]:
                room[i], best[i] = r, w
    return best


def _allowed() -> tuple[np.ndarray, np.ndarray]:
    n = len(TAGS)
    trans = np.zeros((n, n), dtype=np.float32)
    start = np.zeros(n, dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            start[j] = -np.inf
            for i, prev in enumerate(TAGS):
                if prev[2:] != tag[2:]:
                    trans[i, j] = -np.inf
    return trans, start


_TRANS, _START = _allowed()


def viterbi(log_probs: np.ndarray, breaks: Sequence[bool] | None = None) -> list[str]:
    """The best IOB2 tag sequence under per-word log-probabilities (no I- without its B-).

    ``breaks[t]``: word ``t`` opens a new line, so no entity runs across into it.
    """
    n = len(log_probs)
    if n == 0:
        return []
    score = log_probs[0] + _START
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + (_TRANS + _START if breaks is not None and breaks[t] else _TRANS)
        back[t] = cand.argmax(0)
        score = cand.max(0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return [TAGS[i] for i in reversed(path)]


def spans_of(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first word, end word, label)`` of each entity in an IOB2 sequence."""
    out: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            out.append((start, i, label))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]
    return out


#: Word pieces per window, without [CLS] and [SEP].
MAX_PIECES = 254
_CLS, _SEP, _UNK = 101, 102, 100


class WordPieces:
    """Word -> WordPiece ids of the shipped uncased vocabulary, cached (news repeats its words)."""

    def __init__(self, tokenizer_json: str | Path) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(tokenizer_json))
        self._tok.no_padding()
        self._tok.no_truncation()
        self._cache: dict[str, list[int]] = {}

    def pieces(self, words: Sequence[str]) -> list[list[int]]:
        """The piece ids of each word (``[UNK]`` for a word the vocabulary cannot spell)."""
        cache = self._cache
        new = list({w for w in words if w not in cache})
        if new:
            if len(cache) > 500_000:  # a crawl's vocabulary is unbounded; memory is not
                cache.clear()
            for w, enc in zip(new, self._tok.encode_batch(new, add_special_tokens=False), strict=True):
                cache[w] = enc.ids or [_UNK]
        return [cache[w] for w in words]


def encode_window(
    words: Sequence[str], pieces: Sequence[list[int]]
) -> tuple[list[int], list[int], list[int]]:
    """``(ids, case ids, first-piece position of each word or -1)`` of one window, with [CLS] and [SEP]."""
    ids, types, firsts = [_CLS], [0], []
    for word, ps in zip(words, pieces, strict=True):
        room = MAX_PIECES + 1 - len(ids)
        if room <= 0:
            firsts.append(-1)
            continue
        firsts.append(len(ids))
        ps = ps[:room]
        ids.extend(ps)
        types.extend([case_id(word)] * len(ps))
    ids.append(_SEP)
    types.append(0)
    return ids, types, firsts
