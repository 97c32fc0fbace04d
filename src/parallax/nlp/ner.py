"""Named-entity tagging (PER, ORG, LOC, MISC) with the model shipped in the package.

The default model (``models/ner_minilm``) is all-MiniLM-L6-v2 fine-tuned on CoNLL-2003 as a
token classifier, with the case of each word as an extra input, run by onnxruntime; it is
trained by ``training/train_ner_minilm.py`` (card: ``models/NER_MODEL_CARD.md``) and loaded
from package data only: nothing is downloaded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from parallax.model import Entity
from parallax.nlp.ner_words import (
    MAX_PIECES,
    TAGS,
    WordPieces,
    central_window,
    encode_window,
    spans_of,
    viterbi,
    windows,
    words,
)
from parallax.words import is_common_word

log = logging.getLogger(__name__)

#: Labels the shipped model emits.
LABELS = ("PER", "ORG", "LOC", "MISC")

ONNX_DIR = Path(__file__).resolve().parent / "models" / "ner_minilm"
# Word pieces of context kept on each side of a window's middle (windows overlap by twice this). CoNLL dev
# F1 is the same with 16 and 32 (0.929); 16 reads 15% fewer pieces.
_MARGIN = 16


class EntityTagger(Protocol):
    """Finds named entities in raw text; offsets index the text given."""

    def tag(self, text: str) -> list[Entity]: ...

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]: ...


# Closed-class words that open sentences ("Nonetheless, ...", "Everything should ...") and that a
# model trained on capitalisation cues (CoNLL) tags as names when they are capitalised.
_CONNECTIVES = frozenset(
    [
        "nonetheless",
        "nevertheless",
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "additionally",
        "instead",
        "still",
        "yet",
        "indeed",
        "regardless",
        "overall",
        "thus",
        "hence",
        "therefore",
        "accordingly",
        "otherwise",
        "likewise",
        "similarly",
        "besides",
        "anyway",
        "whether",
        "everything",
        "nothing",
        "something",
        "anything",
    ]
)
# English function words (pronouns, determiners, prepositions, conjunctions, auxiliaries).
_FUNCTION_WORD_LIST = """a about above after again against all almost also although always am among an and another any
    are around as at be because been before being below between both but by can cannot could did do does
    doing down during each either enough even ever every few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just least less many may me might
    more most much must my myself neither never no nor not now of off often on once one only or other
    others our ours ourselves out over own per perhaps quite rather really same several shall she should
    since so some such than that the their theirs them themselves then there these they this those though
    through throughout thus to too toward towards under unless until up upon us very was we well were what
    whatever when whenever where wherever whether which while who whoever whole whom whose why will with
    within without would yet you your yours yourself yourselves"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
_OPENER_BEFORE = frozenset(".!?\n\"“‘'([:;")


def drop_capitalised_openers(text: str, ents: list[Entity]) -> list[Entity]:
    """Drop one-word "entities" that are function words or adverbs capitalised by opening a sentence.

    Kept when the same word is an entity elsewhere in the text, not at a sentence start
    ("May said" is kept when "Theresa May" or "... Mrs May" appears too).
    """

    def opener(e: Entity) -> bool:
        before = text[: e.start].rstrip()
        return not before or before[-1] in _OPENER_BEFORE

    def function_word(word: str) -> bool:
        low = word.lower()
        if not word.istitle() or not word.isalpha():
            return False
        if low in _FUNCTION_WORDS or low in _CONNECTIVES:
            return True
        # frequent -ly adverbs ("Particularly", "Highly"); names such as Kelly or Beverly are rarer words
        return low.endswith("ly") and len(low) >= 6 and is_common_word(low)

    suspects = [e for e in ents if " " not in e.text and opener(e) and function_word(e.text)]
    if not suspects:
        return ents
    confirmed = {w for e in ents if not (" " not in e.text and opener(e)) for w in e.text.split()}
    drop = {id(e) for e in suspects if e.text not in confirmed}
    return [e for e in ents if id(e) not in drop]


class OnnxEntityTagger:
    """EntityTagger running the shipped MiniLM token classifier (``models/ner_minilm``) on onnxruntime.

    Whole texts are read in overlapping windows of word pieces and each word takes its tags from
    the window where it has the most context on both sides, so long articles need no sentence
    splitting and tag as the model was trained (whole CoNLL documents). The model quantises its
    activations per call, so windows run one per call (``batch_size`` 1): a text's tags must not
    depend on the texts read with it, and unpadded windows cost less.
    """

    def __init__(
        self, path: str | Path = ONNX_DIR, *, threads: int | None = None, batch_size: int = 1
    ) -> None:
        path = Path(path)
        if not (path / "ner.onnx").is_file():
            raise FileNotFoundError(f"no entity model at {path} (train it with training/train_ner_minilm.py)")
        import onnxruntime as ort

        opts = ort.SessionOptions()
        # worker processes set OMP_NUM_THREADS=1: they are the parallelism, and onnxruntime's own pool
        # (all cores by default) would oversubscribe the machine
        opts.intra_op_num_threads = (
            threads if threads is not None else int(os.environ.get("OMP_NUM_THREADS") or 0)
        )
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self.path = path
        self.batch_size = batch_size
        self.labels: tuple[str, ...] = tuple(sorted({t[2:] for t in TAGS if t != "O"}))
        self._session = ort.InferenceSession(str(path / "ner.onnx"), opts, providers=["CPUExecutionProvider"])
        self._pieces = WordPieces(path / "tokenizer.json")
        self._lock = threading.Lock()  # the piece cache is not thread-safe
        #: the model also outputs its last hidden layer ("states"), which the quote tagger reads
        self.has_states = any(o.name == "states" for o in self._session.get_outputs())
        self._state_width = int(self._session.get_outputs()[-1].shape[-1]) if self.has_states else 0
        #: keep the states of each ``tag_many`` call (set by a quote model that reads them; off, no copy is made)
        self.keep_states = False
        # hidden states of the texts of the last ``tag_many`` call (the annotator extracts their
        # quotes right after): the quote tagger reuses them instead of running the encoder again
        self._states: dict[str, tuple[list[tuple[int, int]], np.ndarray]] = {}

    def tag(self, text: str) -> list[Entity]:
        """Entities of one text, in order, with character offsets into ``text``."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each text; the windows of all texts are batched together."""
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text {i} is {type(text).__name__}, not str")
        spans = [words(t) for t in texts]
        with self._lock:
            keep = self.keep_states and self.has_states
            tags, states = self._tag_words(
                [[t[a:b] for a, b in sp] for t, sp in zip(texts, spans, strict=True)],
                [line_breaks(t, sp) for t, sp in zip(texts, spans, strict=True)],
                keep,
            )
            if keep:
                self._states = {t: (sp, st) for t, sp, st in zip(texts, spans, states, strict=True)}
        out: list[list[Entity]] = []
        for text, sp, seq in zip(texts, spans, tags, strict=True):
            ents = [
                Entity(start=sp[a][0], end=sp[b - 1][1], text=text[sp[a][0] : sp[b - 1][1]], label=label)
                for a, b, label in spans_of(seq)
            ]
            out.append(drop_capitalised_openers(text, ents))
        return out

    def word_states(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """``(word spans, hidden states)`` of ``text``: one float16 row per word (its first piece, in
        the window where it has most context); kept from the last ``tag_many`` call, else computed."""
        if not self.has_states:
            raise ValueError(f"the entity model at {self.path} has no 'states' output")
        with self._lock:
            hit = self._states.get(text)
        if hit is None:
            self.keep_states = True
            self.tag_many([text])
            with self._lock:
                hit = self._states[text]
        return hit

    def _tag_words(
        self, docs: list[list[str]], breaks: list[list[bool]], keep_states: bool = False
    ) -> tuple[list[list[str]], list[np.ndarray]]:
        """IOB2 tags of each document's words, and their hidden states (empty without that output)."""
        jobs = []  # (doc, window index, word start, ids, types, firsts)
        best: list[list[int]] = []
        for d, ws in enumerate(docs):
            pieces = self._pieces.pieces(ws)
            spans = windows([len(p) for p in pieces], MAX_PIECES, _MARGIN)
            best.append(central_window(spans, len(ws)))
            for w, (a, b) in enumerate(spans):
                jobs.append((d, w, a, *encode_window(ws[a:b], pieces[a:b])))
        scores = [np.zeros((len(ws), len(TAGS)), dtype=np.float32) for ws in docs]
        width_s = self._state_width if keep_states else 0
        outputs = ["logits", "states"] if width_s else ["logits"]
        states = [np.zeros((len(ws), width_s), dtype=np.float16) for ws in docs]
        jobs.sort(key=lambda j: len(j[3]))  # alike lengths batch with little padding
        for start in range(0, len(jobs), self.batch_size):
            chunk = jobs[start : start + self.batch_size]
            width = max(len(j[3]) for j in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros_like(ids)
            for r, j in enumerate(chunk):
                ids[r, : len(j[3])] = j[3]
                types[r, : len(j[4])] = j[4]
            out = self._session.run(
                outputs,
                {"input_ids": ids, "attention_mask": (ids != 0).astype(np.int64), "token_type_ids": types},
            )
            logits = out[0]
            logp = logits - np.logaddexp.reduce(logits, axis=-1, keepdims=True)
            for r, (d, w, a, _, _, firsts) in enumerate(chunk):
                for k, pos in enumerate(firsts):
                    if pos >= 0 and best[d][a + k] == w:
                        scores[d][a + k] = logp[r, pos]
                        if width_s:
                            states[d][a + k] = out[1][r, pos]
        return [viterbi(s, b) for s, b in zip(scores, breaks, strict=True)], states


def line_breaks(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each word, whether a line break lies between it and the word before (names do not run across)."""
    return [i > 0 and "\n" in text[spans[i - 1][1] : a] for i, (a, _) in enumerate(spans)]


_DEFAULT_LOCK = threading.Lock()


def default_tagger() -> OnnxEntityTagger:
    """The shipped CoNLL-2003 model, loaded once per process from package data (thread-safe: a
    command may start loading it in the background while it reads its inputs)."""
    with _DEFAULT_LOCK:
        return _load_default()


@lru_cache(maxsize=1)
def _load_default() -> OnnxEntityTagger:
    log.debug("loading NER model from %s", ONNX_DIR)
    return OnnxEntityTagger(ONNX_DIR)
