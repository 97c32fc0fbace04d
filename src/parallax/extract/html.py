"""HTML -> Article: main text, title, authors, date, site, language, dateline, canonical URL.

The page is parsed once; trafilatura's fast cascade proposes the body (its full cascade only when
that comes back short), then a small learned classifier (``training/train_html_blocks.py``)
drops blocks that read as page furniture: headline repeats, newsletter boxes, related-story
lists, captions. Metadata and date come from the same tree; container hints fill the gaps.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from htmldate.utils import load_html as load_html_keep_comments
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from parallax.extract.dates import find_published
from parallax.extract.html_blocks import FEATURE_NAMES, Block, block_features, body_blocks
from parallax.extract.html_recover import recover_paragraphs
from parallax.extract.html_text import main_body
from parallax.extract.ids import article_id
from parallax.extract.metadata import PageMeta, extract_metadata
from parallax.model import Article, RawRecord

LOGGER = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("models") / "html_blocks.onnx"
#: Blocks whose predicted probability of being article text is below this are dropped
#: (chosen on cross-validated predictions, see benchmarks/results/html_blocks_cv.json).
KEEP_THRESHOLD = 0.4


class HtmlExtractionError(ValueError):
    """The page could not be parsed as HTML."""


class OnnxBlockModel:
    """The shipped block classifier (``training/export_html_blocks.py``), run by onnxruntime.

    onnxruntime is loaded anyway for the meaning model; scikit-learn (the training library) takes
    ~1.5 s to import, more than extracting a page.
    """

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        # one page is a few dozen rows: threads cost more than they save
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.features = meta.get("features", "").split(",")
        self._input = self.session.get_inputs()[0].name

    def keep_probabilities(self, X: Any) -> list[float]:
        _, proba = self.session.run(None, {self._input: X})
        return [float(p) for p in proba[:, 1]]


@lru_cache(maxsize=1)
def _block_model() -> OnnxBlockModel | None:
    """The shipped block classifier, or None when it is missing or does not match the features."""
    if not MODEL_PATH.exists():
        LOGGER.warning("block model %s missing: boilerplate blocks are not filtered", MODEL_PATH)
        return None
    model = OnnxBlockModel(MODEL_PATH)
    if model.features != list(FEATURE_NAMES):
        LOGGER.warning("block model %s was trained on other features: ignored", MODEL_PATH)
        return None
    return model


def keep_probabilities(blocks: list[Block], meta: PageMeta, model: Any | None = None) -> list[float]:
    """Probability that each block is article text (1.0 for all when no model is available).

    ``model`` overrides the shipped classifier (cross-validation runs pass fold models, fitted
    scikit-learn classifiers).
    """
    model = model if model is not None else _block_model()
    if model is None or not blocks:
        return [1.0] * len(blocks)
    import numpy as np

    X = np.asarray(block_features(blocks, meta.title, meta.description), dtype=np.float64)
    if isinstance(model, OnnxBlockModel):
        return model.keep_probabilities(X.astype(np.float32))
    # One page is a few dozen rows: OpenMP threads cost far more than they save, and on a busy
    # machine their spin-waits made prediction ~100x slower. One thread, always; HistGradientBoosting
    # takes it as an argument (cheaper than a threadpool_limits context around every page).
    raw_predict = getattr(model, "_raw_predict", None)
    if raw_predict is not None:
        raw = np.asarray(raw_predict(X, n_threads=1), dtype=float).ravel()
        return [float(p) for p in 1.0 / (1.0 + np.exp(-raw))]
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        return [float(p) for p in model.predict_proba(X)[:, 1]]


def select_blocks(
    blocks: list[Block], probs: list[float], threshold: float = KEEP_THRESHOLD
) -> tuple[list[str], list[str]]:
    """Split blocks into (kept texts, removed texts); never drops every block of a page."""
    kept = [b.text for b, p in zip(blocks, probs, strict=True) if p >= threshold]
    removed = [b.text for b, p in zip(blocks, probs, strict=True) if p < threshold]
    if not kept and blocks:
        return [b.text for b in blocks], []
    return kept, removed


def _detect_language(text: str) -> str | None:
    try:
        from parallax.extract.language import detect_language
    except ImportError:  # provided by the plain-text helper; absent in early trees
        return None
    try:
        return detect_language(text[:600])
    except Exception as err:
        LOGGER.debug("language detection failed: %s", err)
        return None


def _find_dateline(text: str) -> str | None:
    try:
        from parallax.extract.dateline import find_dateline
    except ImportError:
        return None
    try:
        return find_dateline(text)
    except Exception as err:
        LOGGER.debug("dateline detection failed: %s", err)
        return None


def parse_html(content: str | bytes) -> HtmlElement:
    """Parse a page once, comments kept (dates hide in them); raises ``HtmlExtractionError``."""
    try:
        tree = load_html_keep_comments(content)
    except Exception:  # htmldate's loader is stricter on odd input: fall back to trafilatura's
        tree = None
    if tree is None:
        tree = load_html(content)
    if tree is None:
        raise HtmlExtractionError("not parseable as HTML")
    return tree


def strip_comments(tree: HtmlElement) -> HtmlElement:
    """Remove comments and processing instructions in place (text extraction must not see them)."""
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return tree


def page_blocks(tree: HtmlElement, url: str | None) -> tuple[PageMeta, list[Block]]:
    """Metadata and candidate text blocks of a parsed page (before the classifier)."""
    meta = extract_metadata(tree, url)
    cand = main_body(tree, url)
    blocks = body_blocks(cand.body) if cand.body is not None else []
    return meta, recover_paragraphs(tree, blocks)


def extract_html(record: RawRecord, *, block_model: Any | None = None) -> Article:
    """Extract one HTML record into an Article (raises ``HtmlExtractionError`` on unparseable input).

    ``block_model`` replaces the shipped block classifier (for cross-validated evaluation).
    """
    tree = parse_html(record.content)
    url = record.url
    # the date search reads comments; everything after it works on the comment-free tree
    published = find_published(tree, url, record.published)
    meta, blocks = page_blocks(strip_comments(tree), url)
    kept, removed = select_blocks(blocks, keep_probabilities(blocks, meta, block_model))
    text = "\n\n".join(kept)
    language = _detect_language(text) if text else None
    return Article(
        id=article_id(record, text),
        source=record.source,
        text=text,
        url=url or meta.canonical_url,
        outlet=record.outlet or meta.sitename,
        title=meta.title or record.title,
        authors=meta.authors,
        published=published.value,
        published_confidence=published.confidence,
        dateline=_find_dateline(text) if text else None,
        language=language or meta.language,
        canonical_url=meta.canonical_url,
        removed=removed,
    )
