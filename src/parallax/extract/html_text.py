"""Main-text candidates from a parsed HTML tree (trafilatura, run once per page).

trafilatura's fast cascade (no readability/justext comparison) is both quicker and, on news pages,
as good as its full cascade; the full cascade is only worth its cost when the fast result is short,
which is where its fallbacks recover text. The tree is parsed once by the caller and reused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.settings import Document

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
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
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


def main_body(tree: HtmlElement, url: str | None = None) -> BodyCandidate:
    """The article body: fast cascade, or the full cascade when the fast one comes back short."""
    cand = _run(tree, url, fast=True)
    if len(cand.text) < SHORT_TEXT:
        full = _run(tree, url, fast=False)
        if full.body is not None and len(full.text) > len(cand.text):
            return full
    return cand
