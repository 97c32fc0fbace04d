"""Recover article paragraphs the base extraction missed in split article bodies.

Pages often cut one article into several sibling containers (ads or embeds in between); the base
extractor then keeps only the first. A paragraph left out is recovered when its parent container
has the same tag and class as the containers of at least two extracted paragraphs, and it reads
as prose (long enough, few links, ends like a sentence, not inside navigation or a figure).
Recovered paragraphs are inserted after the last extracted paragraph that precedes them and are
still judged by the block classifier like any other block.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from parallax.extract.html_blocks import Block

MIN_CHARS = 80
MAX_LINK_RATIO = 0.3
_FURNITURE = {
    "nav",
    "aside",
    "footer",
    "header",
    "figure",
    "figcaption",
    "form",
    "button",
    "noscript",
    "label",
}
_SENTENCE_END = tuple(".!?\"”»'…)")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _norm(text)[:60]


def _sig(el: HtmlElement | None) -> tuple[str, str] | None:
    if el is None or not el.get("class"):
        return None
    return (str(el.tag), " ".join(sorted(el.get("class", "").split())))


def _in_furniture(el: HtmlElement) -> bool:
    return any(anc.tag in _FURNITURE for anc in el.iterancestors())


def recover_paragraphs(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """``blocks`` with missed sibling-container paragraphs inserted in document order."""
    if len(blocks) < 2:
        return blocks
    index: dict[str, int] = {}
    for i, b in enumerate(blocks):
        for line in b.text.split("\n"):
            index.setdefault(_key(line), i)
    paras: list[tuple[HtmlElement, str, int | None]] = []
    sig_count: dict[tuple[str, str], int] = {}
    matched_parents: set[HtmlElement] = set()
    for p in tree.iter("p"):
        text = _norm(p.text_content())
        if len(text) < 20:
            continue
        hit = index.get(text[:60])
        paras.append((p, text, hit))
        if hit is not None:
            parent = p.getparent()
            sig = _sig(parent)
            if sig is not None:
                sig_count[sig] = sig_count.get(sig, 0) + 1
                matched_parents.add(parent)
    content_sigs = {s for s, c in sig_count.items() if c >= 2}
    if not content_sigs:
        return blocks
    inserts: dict[int, list[Block]] = {}
    last = -1
    for p, text, hit in paras:
        if hit is not None:
            last = max(last, hit)
            continue
        parent = p.getparent()
        if last < 0 or parent in matched_parents or _sig(parent) not in content_sigs:
            continue
        if len(text) < MIN_CHARS or not text.endswith(_SENTENCE_END):
            continue
        link_chars = sum(len(_norm(a.text_content())) for a in p.iter("a"))
        if link_chars / len(text) > MAX_LINK_RATIO or _in_furniture(p):
            continue
        n_links = sum(1 for _ in p.iter("a"))
        inserts.setdefault(last, []).append(Block("p", text, link_chars, n_links, p))
    if not inserts:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        out.append(b)
        out.extend(inserts.get(i, []))
    return out
