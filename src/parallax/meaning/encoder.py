"""Sentence and passage vectors from the shipped all-MiniLM-L6-v2 (weight-quantised ONNX, onnxruntime).

The model and its WordPiece tokenizer are package data (``models/``, built by
``training/export_meaning.py``; card in ``models/MODEL_CARD.md``), loaded lazily on first use so
that commands which never need meaning do not pay the ~0.3 s start-up. Vectors are L2-normalised
float32 rows: a dot product is the cosine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODELS = Path(__file__).resolve().parent / "models"
DIM = 384


class MeaningModel:
    """Encode texts into unit vectors; ``max_tokens`` word pieces per text (the rest is cut)."""

    def __init__(self, model_dir: Path = MODELS, *, threads: int | None = None, batch_size: int = 32) -> None:
        self.model_dir = model_dir
        # 0: onnxruntime's default (all cores); worker processes set OMP_NUM_THREADS=1 (they are the parallelism)
        self.threads = threads if threads is not None else int(os.environ.get("OMP_NUM_THREADS") or 0)
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Start the session now (it otherwise starts on the first ``encode``)."""
        self._load()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            tokenizer.no_padding()  # batches are padded here, to the shortest width that fits
            tokenizer.no_truncation()
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(
                str(self.model_dir / "minilm-l6-q4.onnx"), opts, providers=["CPUExecutionProvider"]
            )

    def encode(self, texts: Sequence[str], max_tokens: int = 128) -> np.ndarray:
        """One unit row per text (zeros for an empty text); texts are batched by length."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return out
        self._load()
        tok = self._tokenizer
        # Short texts first: batches of alike length waste little on padding.
        todo.sort(key=lambda i: len(texts[i]))
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            # Cut long texts by characters first: tokenizing a whole article to keep 128 pieces is waste.
            encs = tok.encode_batch([texts[i][: max_tokens * 8] for i in chunk])
            width = min(max_tokens, max(len(e.ids) for e in encs))
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for r, e in enumerate(encs):
                seq = e.ids[:width]
                if len(e.ids) > width:  # keep the closing [SEP] the model was trained with
                    seq = [*e.ids[: width - 1], e.ids[-1]]
                ids[r, : len(seq)] = seq
                mask[r, : len(seq)] = 1
            vecs = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            out[chunk] = vecs
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


_DEFAULT: MeaningModel | None = None


def default_model() -> MeaningModel:
    """The process-wide shipped model (loaded on first ``encode``)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = MeaningModel()
    return _DEFAULT
