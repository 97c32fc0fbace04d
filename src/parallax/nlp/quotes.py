"""Quotes with speakers: direct and reported speech, "according to", statements, interviews.

Three parts (``quotes_features``, ``quotes_decode``, ``quotes_patterns``), joined here:

* a CRF tagger (CRFsuite, trained on PolNeAR train by ``training/train_quotes.py``) labels
  Source / Cue / Content tokens, from word features and (feature version 5) the entity model's
  hidden states (``quotes_states``); spans are then grouped into attributions (a content takes
  the nearest cue of its paragraph, the cue the nearest source);
* an interview reader: in a transcript whose paragraphs open with a speaker label
  ("Dr. Ching Chang: …", "Sputnik: …"), the interviewer is the label whose turns are
  questions and every other label's turns are quotes of that speaker.

Pronoun sources ("he said") are resolved to the last person entity before them; the
speaker offsets are then None (the name comes from elsewhere) and ``speaker_entity_id``
carries the entity.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.model import Entity, Quote
from parallax.nlp.quotes_blend import Blend, LinearCrf, fingerprint
from parallax.nlp.quotes_decode import (
    STEPS,
    Attribution,
    _assemble,
    _repair_direct,
    _spans,
    _subject,
)
from parallax.nlp.quotes_features import OPEN_QUOTES, Block, WordClasses, block_features, blocks
from parallax.nlp.quotes_filters import drop_non_quotes
from parallax.nlp.quotes_patterns import (
    headline_attribution,
    interview_turns,
    interviewer_labels,
    signed_quotes,
)
from parallax.nlp.quotes_speakers import clean_source, name_speaker
from parallax.nlp.quotes_states import StateProjection, add_state_features, token_states

# Re-exported: the tests and the ablation benchmark reach them here.
__all__ = [
    "STEPS",
    "Attribution",
    "QuoteExtractor",
    "_spans",
    "_subject",
    "default_extractor",
    "headline_attribution",
    "interview_turns",
    "load_classes",
    "signed_quotes",
]

if TYPE_CHECKING:
    from parallax.nlp.ner import OnnxEntityTagger

log = logging.getLogger(__name__)

_States = tuple[np.ndarray, np.ndarray]  # one block's projected token states: numeric, cluster ids

MODEL_DIR = Path(__file__).resolve().parent / "models"
#: the blend's summed weight tables, precomputed from the two CRF files (``build_blend``)
BLEND_TABLES = "quotes_blend.npz"


class QuoteExtractor:
    """Find quotes and their speakers in an article text."""

    def __init__(self, model_dir: Path | str | None = None, tagger: OnnxEntityTagger | None = None) -> None:
        """``tagger``: the entity model whose hidden states feature version 5 reads (default: the shipped one,
        which keeps the states of the articles it last tagged, so the annotator's NER pass is reused)."""
        import pycrfsuite

        model_dir = Path(model_dir) if model_dir else MODEL_DIR
        self.lexicon: dict[str, float] = json.loads((model_dir / "quotes_lexicon.json").read_text())
        meta_path = model_dir / "quotes_meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        self.feature_version = int(meta.get("feature_version", 1))
        #: None: Viterbi labels; else per-token posterior labels with P(O) scaled by this factor
        #: (< 1 trades precision for recall; chosen on a train-internal fold, see the model card)
        self.o_weight: float | None = meta.get("o_weight")
        self.classes = load_classes(model_dir / "quotes_words.json") if self.feature_version >= 3 else None
        self.projection = (
            StateProjection.load(model_dir / "quotes_states.npz") if self.feature_version >= 5 else None
        )
        self._ner = tagger
        if self.projection is not None:
            if self._ner is None:
                from parallax.nlp.ner import default_tagger

                self._ner = default_tagger()
            self._ner.keep_states = True  # the annotator's entity pass then keeps what this model reads
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_dir / "quotes_crf.bin"))
        self._labels = [lab for lab in self._tagger.labels() if lab != "O"]
        #: v5 with a word-only (v3) CRF next to it: the labels are the Viterbi path of the weighted sum of the
        #: two models' scores (``quotes_blend``; the weight chosen on train folds, see the model card)
        self.blend_weight: float | None = meta.get("blend_weight")
        self._blend: Blend | None = None
        if self.blend_weight is not None and self.projection is not None:
            self._blend = _load_blend(
                model_dir, list(self._tagger.labels()), self.blend_weight, self.projection
            )

    # -- raw attributions -------------------------------------------------------------------

    def attributions(self, text: str) -> list[Attribution]:
        """Attributions found by the interview reader and the CRF, in text order."""
        turns, skip = interview_turns(text)
        signed, signed_spans = signed_quotes(text)
        out = turns + signed
        skip = skip + signed_spans
        head = headline_attribution(text) if STEPS.get("headline") else None
        if head is not None and head.source and not any(s <= head.content[0] < e for s, e in skip):
            out.append(head)
            skip.append((head.source[0], head.content[1]))
        prev: Attribution | None = None
        asking = interviewer_labels(text) if turns else set()
        bl = blocks(text)
        states = self._block_states(text, bl)
        for bi, block in enumerate(bl):
            if any(s <= block.tokens[0].start < e for s, e in skip):
                continue
            labels = self.block_labels(block, bi, states[bi] if states else None)
            if STEPS.get("repair"):
                labels = _repair_direct(block, labels, self.lexicon)
            found = drop_non_quotes(text, _assemble(text, block, labels, prev), asking)
            out.extend(found)
            prev = found[-1] if found else None
        if STEPS.get("clean"):
            for a in out:
                if a.source is not None:
                    a.source = clean_source(text, *a.source) or a.source
        out.sort(key=lambda a: a.content[0])
        return out

    def block_labels(self, block: Block, index: int, states: _States | None = None) -> list[str]:
        """The tagger's BIO labels of one block (``index``: its position in the article; ``states``:
        its tokens' projected entity-model states, which feature version 5 needs)."""
        feats = block_features(block, self.lexicon, index, self.feature_version, self.classes)
        if self.projection is None:
            return self._tag(feats)
        if states is None:
            raise ValueError("feature version 5 tags a block with its entity-model states")
        if self._blend is not None:
            return self._blend.tag(feats, states[0], states[1], block.sent_ids)
        return self._tag(add_state_features(feats, states[0], states[1], block.sent_ids))

    def _block_states(self, text: str, bl: list[Block]) -> list[_States] | None:
        """Each block's projected token states (feature version 5), else None."""
        if self.projection is None:
            return None
        assert self._ner is not None  # set with the projection
        spans, states = self._ner.word_states(text)
        z, cl = self.projection.project(token_states(spans, states, [t for b in bl for t in b.tokens]))
        out: list[_States] = []
        at = 0
        for b in bl:
            out.append((z[at : at + len(b.tokens)], cl[at : at + len(b.tokens)]))
            at += len(b.tokens)
        return out

    def _tag(self, feats: list[list[str]] | list[dict[str, float]]) -> list[str]:
        if self.o_weight is None:
            return list(self._tagger.tag(feats))
        tagger = self._tagger
        tagger.set(feats)
        labels = self._labels
        sure = 1.0 / (1.0 + self.o_weight)  # from this P(O) on, no other label can outweigh O
        out: list[str] = []
        for t in range(len(feats)):
            p_o = tagger.marginal("O", t)
            if p_o >= sure:
                out.append("O")
                continue
            best, best_p = "O", p_o * self.o_weight
            for lab in labels:
                p = tagger.marginal(lab, t)
                if p > best_p:
                    best, best_p = lab, p
            out.append(best)
        return out

    # -- quotes ---------------------------------------------------------------------------

    def extract(self, text: str, entities: list[Entity] | None = None) -> list[Quote]:
        """Quotes of ``text``; ``entities`` (sorted or not) name and resolve the speakers."""
        ents = sorted(entities or [], key=lambda e: e.start)
        quotes: list[Quote] = []
        for a in self.attributions(text):
            cue = text[a.cue[0] : a.cue[1]] if a.cue else None
            first: Quote | None = None
            for s, e in _pieces(text, a):
                q = Quote(s, e, None, cue=cue, direct=a.direct)
                if first is not None:
                    q.speaker, q.speaker_start, q.speaker_end = (
                        first.speaker,
                        first.speaker_start,
                        first.speaker_end,
                    )
                    q.speaker_entity_id = first.speaker_entity_id
                elif a.continued and quotes:
                    # the speaker comes from the previous quote: no offsets of its own
                    q.speaker, q.speaker_entity_id = quotes[-1].speaker, quotes[-1].speaker_entity_id
                elif a.source is not None:
                    name_speaker(text, q, a.source, ents)
                first = first or q
                quotes.append(q)
        return quotes


def _pieces(text: str, a: Attribution) -> list[tuple[int, int]]:
    """One span per quotation of a direct quote split by its attribution ('"A," said X. "B."');
    else the whole content (a reported clause split by its cue reads as one)."""
    if len(a.parts) > 1 and all(text[s:e].lstrip()[:1] in OPEN_QUOTES for s, e in a.parts):
        return list(a.parts)
    return [a.content]


def _load_blend(model_dir: Path, order: list[str], weight: float, projection: StateProjection) -> Blend:
    """The v5 model of ``model_dir`` blended with its word-only model ``quotes_crf_words.bin``.

    The summed tables come from ``quotes_blend.npz`` when it was built from these very files: reading
    the two CRFs' weights through CRFsuite's text dump costs ~1.5 s, which every one-shot command paid.
    """
    stamp = _blend_inputs(model_dir, order, weight, projection)[2]
    cached = Blend.load(model_dir / BLEND_TABLES, stamp)
    if cached is not None:
        return cached
    log.warning("%s is missing or stale: building the blend from the CRF files (slow)", BLEND_TABLES)
    return build_blend(model_dir, order, weight, projection)[0]


def build_blend(
    model_dir: Path, order: list[str], weight: float, projection: StateProjection
) -> tuple[Blend, str]:
    """The blend of ``model_dir``'s two CRFs read from their files, and its fingerprint."""
    models, width, stamp = _blend_inputs(model_dir, order, weight, projection)
    main, words = (LinearCrf(m, order) for m in models)
    return Blend(main, words, weight, width, len(projection.centroids)), stamp


def write_blend_tables(model_dir: Path) -> Path:
    """Precompute ``BLEND_TABLES`` for the blended model of ``model_dir`` (training writes it)."""
    import pycrfsuite

    meta = json.loads((model_dir / "quotes_meta.json").read_text())
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_dir / "quotes_crf.bin"))
    order = list(tagger.labels())
    tagger.close()
    projection = StateProjection.load(model_dir / "quotes_states.npz")
    blend, stamp = build_blend(model_dir, order, float(meta["blend_weight"]), projection)
    blend.save(model_dir / BLEND_TABLES, stamp)
    return model_dir / BLEND_TABLES


def _blend_inputs(
    model_dir: Path, order: list[str], weight: float, projection: StateProjection
) -> tuple[list[Path], int, str]:
    models = [model_dir / "quotes_crf.bin", model_dir / "quotes_crf_words.bin"]
    width = len(projection.components) + (projection.probe["w2"].shape[1] if projection.probe else 0)
    return models, width, fingerprint(models, order, weight, width, len(projection.centroids))


def load_classes(path: Path) -> WordClasses:
    """Word clusters and vector cue estimates written by ``training/train_quotes_words.py``."""
    raw = json.loads(path.read_text())
    return WordClasses(raw["clusters"], raw["vcue"])


@lru_cache(maxsize=1)
def default_extractor() -> QuoteExtractor:
    """The shipped quote extractor (loaded once)."""
    return QuoteExtractor()
