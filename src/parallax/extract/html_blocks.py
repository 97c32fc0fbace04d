"""Text blocks of an extracted article body and the features a boilerplate classifier reads.

The body is trafilatura's output tree (``p``, ``head``, ``list``/``item``, ``quote``, ``table``,
``code``; links kept as ``ref``). Every top-level element is one block, except lists, whose items
are separate blocks (a "related stories" list is often glued to the article). Features are
language-light: sizes, link density, position, punctuation, similarity to the page title, and a
few multilingual boilerplate cue words. No rule names a site.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml.etree import _Element

#: Block kinds, in the order of their one-hot feature columns.
KINDS = ("p", "head", "item", "quote", "table", "code", "other")

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_WORD = re.compile(r"\w+", re.UNICODE)

# Cue words of page furniture, several languages, looked up on the lower-cased head of a block:
# cue -> (whole words, word prefixes, phrases). Word-set lookups keep this cheap on every block.
_CUE_TABLE: dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]] = {
    "subscribe": (
        frozenset({"newsletter", "newsletters", "signup", "inbox"}),
        ("subscri", "inscri", "abonn", "anmelde", "registrier"),
        ("sign up", "sign-up", "signed up", "email address", "e-mail address"),
    ),
    "social": (
        frozenset(
            {
                "facebook",
                "twitter",
                "instagram",
                "whatsapp",
                "linkedin",
                "pinterest",
                "teilen",
                "partager",
                "tweet",
            }
        ),
        (),
        ("follow us", "share this", "share on"),
    ),
    "related": (
        frozenset({"related", "recommended", "trending"}),
        (),
        (
            "read more",
            "read also",
            "read next",
            "see also",
            "more from",
            "more on ",
            "more stories",
            "more news",
            "most read",
            "most popular",
            "you may also",
            "lesen sie auch",
            "mehr zum thema",
            "weitere artikel",
            "auch interessant",
            "lire aussi",
            "à lire",
            "voir aussi",
            "czytaj też",
            "czytaj także",
            "czytaj więcej",
            "leggi anche",
        ),
    ),
    "media": (
        frozenset(
            {
                "photo",
                "photos",
                "foto",
                "fotos",
                "picture",
                "image",
                "images",
                "bild",
                "credit",
                "getty",
                "afp",
                "reuters",
                "epa",
                "dpa",
                "shutterstock",
                "istock",
                "video",
                "caption",
                "illustration",
                "grafik",
            }
        ),
        (),
        ("ap photo",),
    ),
    "legal": (
        frozenset({"copyright", "impressum", "datenschutz", "privacy", "cookie", "cookies"}),
        (),
        ("©", "all rights reserved", "alle rechte", "tous droits", "terms of use", "terms of service"),
    ),
    "ad": (
        frozenset(
            {
                "advertisement",
                "advertising",
                "sponsored",
                "anzeige",
                "werbung",
                "publicité",
                "reklama",
                "promoted",
            }
        ),
        (),
        (),
    ),
    "comment": (
        frozenset({"comment", "comments", "reply", "antworten", "login", "einloggen"}),
        ("kommentar", "commentaire"),
        ("leave a reply", "log in", "sign in"),
    ),
    "date": (
        frozenset({"updated", "published", "aktualisiert", "veröffentlicht"}),
        (),
        ("min read",),
    ),
    "ui": (
        frozenset(
            {
                "click",
                "tap",
                "here",
                "menu",
                "search",
                "home",
                "next",
                "previous",
                "zurück",
                "weiter",
                "download",
                "print",
                "drucken",
                "more",
                "loading",
            }
        ),
        (),
        ("back to top",),
    ),
}
_BYLINE_FIRST = frozenset({"by", "von", "par", "por", "di", "door", "author", "autor", "autorin", "written"})
_DATE_RX = re.compile(
    r"\b(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|\d{1,2}\.? (januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember) \d{4})\b"
)
_CUE_NAMES = (*_CUE_TABLE, "byline")


def block_cues(short: str) -> set[str]:
    """Names of the furniture cues found in the head of a block."""
    low = short.lower()
    words = _WORD.findall(low)
    wset = set(words)
    found = set()
    for name, (vocab, prefixes, phrases) in _CUE_TABLE.items():
        if (
            not vocab.isdisjoint(wset)
            or (prefixes and any(w.startswith(prefixes) for w in words))
            or any(ph in low for ph in phrases)
        ):
            found.add(name)
    if "date" not in found and any(c.isdigit() for c in low) and _DATE_RX.search(low):
        found.add("date")
    if words and words[0] in _BYLINE_FIRST:
        found.add("byline")
    return found


FEATURE_NAMES: tuple[str, ...] = (
    *(f"kind_{k}" for k in KINDS),
    "log_words",
    "log_chars",
    "link_ratio",
    "n_links",
    "rel_pos",
    "idx_from_start",
    "idx_from_end",
    "share_chars",
    "share_words_cum_before",
    "ends_punct",
    "upper_ratio",
    "digit_ratio",
    "mean_word_len",
    "n_lines",
    "title_jaccard",
    "title_contained",
    "desc_jaccard",
    "repeated",
    *(f"cue_{c}" for c in _CUE_NAMES),
    "prev_log_words",
    "prev_link_ratio",
    "next_log_words",
    "next_link_ratio",
    "log_page_words",
    "n_blocks",
    "local_mean_log_words",
    "in_list_items",
)


@dataclass(slots=True)
class Block:
    """One block of extracted text, with the element it came from (for removal)."""

    kind: str
    text: str
    link_chars: int
    n_links: int
    element: _Element
    #: Number of sibling items when the block is a list item (else 0).
    list_size: int = 0


def _norm(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _elem_text(elem: _Element) -> tuple[str, int, int]:
    """Text of an element (``lb`` -> newline, table rows -> lines), link chars and link count."""
    parts: list[str] = []
    link_chars = 0
    n_links = 0

    def walk(el: _Element, in_link: bool) -> None:
        nonlocal link_chars, n_links
        tag = el.tag if isinstance(el.tag, str) else ""
        is_link = tag == "ref"
        if is_link:
            n_links += 1
        if tag == "lb":
            parts.append("\n")
        if el.text:
            parts.append(el.text)
            if in_link or is_link:
                link_chars += len(el.text.strip())
        for child in el:
            walk(child, in_link or is_link)
            if child.tail:
                parts.append(child.tail)
                if in_link or is_link:
                    link_chars += len(child.tail.strip())
        if tag == "row":
            parts.append("\n")
        elif tag == "cell":
            parts.append(" | ")
        elif tag in ("p", "head", "item", "quote", "list", "table", "code"):
            parts.append("\n")

    walk(elem, False)
    text = "".join(parts).replace(" | \n", "\n")
    return _norm(text), link_chars, n_links


def body_blocks(body: _Element) -> list[Block]:
    """Blocks of a trafilatura output body in document order (list items split)."""
    blocks: list[Block] = []
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            items = [it for it in child if it.tag == "item"]
            if items:
                for it in items:
                    text, lc, nl = _elem_text(it)
                    if text:
                        blocks.append(Block("item", text, lc, nl, it, len(items)))
                continue
        text, lc, nl = _elem_text(child)
        if child.tail and child.tail.strip():
            text = _norm(text + "\n" + child.tail)
        if not text:
            continue
        kind = tag if tag in KINDS else "other"
        blocks.append(Block(kind, text, lc, nl, child))
    return blocks


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def block_features(blocks: list[Block], title: str | None, description: str | None) -> list[list[float]]:
    """One feature row per block (columns as in ``FEATURE_NAMES``)."""
    n = len(blocks)
    toks_all = [_WORD.findall(b.text) for b in blocks]
    words = [len(t) for t in toks_all]
    chars = [max(1, len(b.text)) for b in blocks]
    total_chars = sum(chars) or 1
    total_words = sum(words) or 1
    title_toks = _tokens(title or "")
    desc_toks = _tokens(description or "")
    title_low = (title or "").strip().lower()
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.text] = counts.get(b.text, 0) + 1
    link_ratio = [min(1.0, b.link_chars / len(b.text)) if b.text else 0.0 for b in blocks]
    log_words = [math.log1p(w) for w in words]
    rows: list[list[float]] = []
    cum = 0
    for i, b in enumerate(blocks):
        text = b.text
        toks = {w.lower() for w in toks_all[i]}
        short = text[:300]
        # character classes on the head of the block only: enough signal, bounded cost
        n_alpha = sum(c.isalpha() for c in short)
        upper = sum(c.isupper() for c in short) / n_alpha if n_alpha else 0.0
        digits = sum(c.isdigit() for c in short) / len(short)
        wl = [len(w) for w in _WORD.findall(short)]
        cues = block_cues(short)
        stripped = text.rstrip()
        lo, hi = max(0, i - 2), min(n, i + 3)
        row = [1.0 if b.kind == k else 0.0 for k in KINDS]
        row += [
            log_words[i],
            math.log1p(len(text)),
            link_ratio[i],
            float(b.n_links),
            i / max(1, n - 1),
            float(min(i, 10)),
            float(min(n - 1 - i, 10)),
            chars[i] / total_chars,
            cum / total_words,
            1.0 if stripped[-1:] in ".!?\"”»'…:)" else 0.0,
            upper,
            digits,
            sum(wl) / len(wl) if wl else 0.0,
            float(text.count("\n") + 1),
            _jaccard(toks, title_toks),
            1.0 if title_low and (title_low in text.lower() or text.lower() in title_low) else 0.0,
            _jaccard(toks, desc_toks),
            1.0 if counts[text] > 1 else 0.0,
        ]
        row += [1.0 if name in cues else 0.0 for name in _CUE_NAMES]
        row += [
            log_words[i - 1] if i > 0 else -1.0,
            link_ratio[i - 1] if i > 0 else -1.0,
            log_words[i + 1] if i + 1 < n else -1.0,
            link_ratio[i + 1] if i + 1 < n else -1.0,
            math.log1p(total_words),
            float(n),
            sum(log_words[lo:hi]) / (hi - lo),
            float(b.list_size),
        ]
        rows.append(row)
        cum += words[i]
    return rows
