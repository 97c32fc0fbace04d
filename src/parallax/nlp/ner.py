"""Named-entity tagging (PER, ORG, LOC, MISC) with the spaCy model shipped in the package.

The default model (``models/ner_conll``) is a spaCy tok2vec CNN + transition-based
NER trained on CoNLL-2003 by ``training/train_ner.py``; see ``models/NER_MODEL_CARD.md``.
It is loaded from package data only: nothing is downloaded.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from parallax.model import Entity

log = logging.getLogger(__name__)

#: Labels the shipped model emits.
LABELS = ("PER", "ORG", "LOC", "MISC")

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner_conll"

# Texts are cut into chunks of at most this many characters at paragraph (else line,
# else sentence-ish) boundaries: bounds memory and keeps spaCy's max_length far away.
_CHUNK_CHARS = 20_000
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


class EntityTagger(Protocol):
    """Finds named entities in raw text; offsets index the text given."""

    def tag(self, text: str) -> list[Entity]: ...

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]: ...


def chunk_text(text: str, limit: int = _CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pieces of ``text`` no longer than ``limit`` characters, cut at breaks."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            # last break in the window's second half, so pieces stay reasonably long
            for m in pattern.finditer(window, limit // 2):
                cut = m.end()
            if cut:
                break
        if not cut:
            cut = limit
        out.append((start, text[start : start + cut]))
        start += cut
    if start < n or not out:
        out.append((start, text[start:]))
    return out


class SpacyEntityTagger:
    """EntityTagger backed by a spaCy pipeline directory (``tok2vec`` + ``ner``)."""

    def __init__(
        self, path: str | Path = MODEL_DIR, *, batch_size: int = 256, by_sentence: bool = True
    ) -> None:
        path = Path(path)
        if not (path / "config.cfg").is_file():
            raise FileNotFoundError(f"no spaCy NER model at {path} (train it with training/train_ner.py)")
        import spacy

        self.path = path
        self.batch_size = batch_size
        # The model was trained on single CoNLL sentences; tagging sentence by sentence matches that
        # (whole documents score ~2 F1 points lower on CoNLL dev: context leaks across sentence ends).
        self.by_sentence = by_sentence
        self.nlp: Any = spacy.load(path)
        self.nlp.max_length = max(self.nlp.max_length, 2 * _CHUNK_CHARS)
        ner: Any = self.nlp.get_pipe("ner")
        self.labels: tuple[str, ...] = tuple(ner.labels)
        # spaCy pipelines are not safe to share across threads (the tokenizer caches)
        self._lock = threading.Lock()

    def tag(self, text: str) -> list[Entity]:
        """Entities of one text, in order, with character offsets into ``text``."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each text; the texts are tagged in batches (faster than ``tag`` in a loop)."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text {i} is {type(text).__name__}, not str")
            for offset, chunk in self._pieces(text):
                if chunk.strip():
                    pieces.append((i, offset, chunk))
        results: list[list[Entity]] = [[] for _ in texts]
        with self._lock:
            docs = self.nlp.pipe((p[2] for p in pieces), batch_size=self.batch_size)
            for (i, offset, _), doc in zip(pieces, docs, strict=True):
                results[i].extend(self._entities(texts[i], doc, offset))
        return [drop_capitalised_openers(text, ents) for text, ents in zip(texts, results, strict=True)]

    def _pieces(self, text: str) -> Iterator[tuple[int, str]]:
        """``(offset, piece)`` units the model tags: sentences (or chunks), each of bounded length."""
        if not self.by_sentence:
            yield from chunk_text(text)
            return
        from parallax.nlp.segment import sentences

        for sent in sentences(text):
            piece = text[sent.start : sent.end]
            if len(piece) <= _CHUNK_CHARS:
                yield sent.start, piece
            else:
                for offset, chunk in chunk_text(piece):
                    yield sent.start + offset, chunk

    @staticmethod
    def _entities(text: str, doc: Any, offset: int) -> Iterator[Entity]:
        for ent in doc.ents:
            start, end = offset + ent.start_char, offset + ent.end_char
            # the model never saw whitespace tokens in training; keep spans tight
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                yield Entity(start=start, end=end, text=text[start:end], label=ent.label_)


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
_OPENER_BEFORE = frozenset(".!?\n\"“‘'([:;")


def drop_capitalised_openers(text: str, ents: list[Entity]) -> list[Entity]:
    """Drop one-word "entities" that are function words or adverbs capitalised by opening a sentence.

    Kept when the same word is an entity elsewhere in the text, not at a sentence start
    ("May said" is kept when "Theresa May" or "... Mrs May" appears too).
    """
    from spacy.lang.en.stop_words import STOP_WORDS
    from wordfreq import zipf_frequency

    def opener(e: Entity) -> bool:
        before = text[: e.start].rstrip()
        return not before or before[-1] in _OPENER_BEFORE

    def function_word(word: str) -> bool:
        low = word.lower()
        if not word.istitle() or not word.isalpha():
            return False
        if low in STOP_WORDS or low in _CONNECTIVES:
            return True
        # frequent -ly adverbs ("Particularly", "Highly"); names such as Kelly or Beverly are rarer words
        return low.endswith("ly") and len(low) >= 6 and zipf_frequency(low, "en") >= 4.5

    suspects = [e for e in ents if " " not in e.text and opener(e) and function_word(e.text)]
    if not suspects:
        return ents
    confirmed = {w for e in ents if not (" " not in e.text and opener(e)) for w in e.text.split()}
    drop = {id(e) for e in suspects if e.text not in confirmed}
    return [e for e in ents if id(e) not in drop]


@lru_cache(maxsize=1)
def default_tagger() -> SpacyEntityTagger:
    """The shipped CoNLL-2003 model, loaded once per process from package data."""
    log.debug("loading NER model from %s", MODEL_DIR)
    return SpacyEntityTagger(MODEL_DIR)
