"""Main-text candidates from a parsed HTML tree (trafilatura, run once per page).

trafilatura's fast cascade (no readability/justext comparison) is both quicker and, on news pages,
as good as its full cascade; the full cascade is only worth its cost when the fast result is short,
which is where its fallbacks recover text. The tree is parsed once by the caller and reused.
"""

from __future__ import annotations

import logging
from copy import copy
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.external import compare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes, tree_cleaning
from trafilatura.settings import Document, Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

LOGGER = logging.getLogger(__name__)

#: Below this many characters the fast extraction is retried with trafilatura's fallbacks.
SHORT_TEXT = 1000


@dataclass(slots=True)
class BodyCandidate:
    """An extracted body tree (trafilatura XML) and how it was obtained."""

    body: _Element | None
    text: str
    method: str


def _run(tree: HtmlElement, url: str | None, fast: bool) -> BodyCandidate:
    try:
        # no URL: it would only absolutise link targets, which we never output (and it costs)
        doc = trafilatura.bare_extraction(
            tree,
            url=None,
            fast=fast,
            include_comments=False,
            include_links=True,
            include_tables=True,
            with_metadata=False,
        )
    except Exception as err:  # trafilatura raises on some malformed trees
        LOGGER.warning("trafilatura failed on %s: %s", url, err)
        doc = None
    method = "fast" if fast else "full"
    if not isinstance(doc, Document) or doc.body is None:
        return BodyCandidate(None, "", method)
    return BodyCandidate(doc.body, doc.text or "", method)


_FALLBACK_OPTIONS = Extractor(fast=False, comments=False, links=True, tables=True)


def _fallbacks(tree: HtmlElement, cand: BodyCandidate) -> BodyCandidate:
    """trafilatura's readability/justext comparison applied to the fast result (no second main pass)."""
    if cand.body is None:
        return cand
    try:
        raw = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
        raw = prune_unwanted_nodes(raw, REMOVE_COMMENTS_AND_LISTS_XPATH)
        cleaned = tree_cleaning(copy(raw), copy(_FALLBACK_OPTIONS))
        body, text = compare_extraction(cleaned, raw, cand.body, cand.text, copy(_FALLBACK_OPTIONS))
    except Exception as err:  # the fallbacks are best effort
        LOGGER.debug("fallback extraction failed: %s", err)
        return cand
    return BodyCandidate(body, text, "fallback")


def main_body(tree: HtmlElement, url: str | None = None) -> BodyCandidate:
    """The article body: fast cascade, plus trafilatura's fallbacks when it comes back short."""
    cand = _run(tree, url, fast=True)
    if cand.body is None:
        return _run(tree, url, fast=False)
    if len(cand.text) < SHORT_TEXT:
        alt = _fallbacks(tree, cand)
        if len(alt.text) > len(cand.text):
            return alt
    return cand
