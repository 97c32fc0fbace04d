"""Plain-text page dumps with line labels, built from the HTML benchmarks.

Pages are rendered to text the way a browser's ``innerText`` does (one line per block element,
a blank line around paragraphs, scripts/styles/hidden nodes dropped), which is what crawled
``.txt`` dumps look like. Each line is labelled content (1) or furniture (0) against the gold:

* article-extraction-benchmark: the gold article body. A line of >= 4 tokens is content when at
  least half of its 4-token shingles occur in the gold; a shorter line is judged by the shingles
  that straddle it and its neighbours (a subheading inside the body straddles gold text).
* trafilatura-eval: must-include / must-exclude snippets; only lines touching a snippet get a
  label (-1 = unlabelled, kept for context features but not trained or scored on).

Used by ``training/train_line_classifier.py`` and ``benchmarks/plaintext_lines.py``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_metrics import DATA, decode_html, read_gz

_TOKEN = re.compile(r"\w+", re.UNICODE)
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "select",
        "datalist",
        "canvas",
        "audio",
        "video",
        "map",
        "area",
        "source",
        "track",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "section",
        "summary",
        "table",
        "ul",
        "caption",
        "legend",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "pre",
        "html",
        "frameset",
        "noframes",
    ]
)
_CELL = frozenset(("td", "th"))
_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Page:
    """One rendered page: its lines (blank lines kept) and a label per line (-1 = unknown)."""

    key: str
    lines: list[str]
    labels: list[int]
    dataset: str


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def render_text(markup: str) -> str:
    """innerText-like rendering of an HTML page: blocks on their own lines, ``<p>`` between blank lines."""
    try:
        root = html.document_fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    out: list[str | int] = []  # str = text, int = required line breaks

    def walk(el: etree._Element, pre: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _SKIP or _hidden(el):
            if el.tail:
                out.append(el.tail if pre else _WS.sub(" ", el.tail))
            return
        breaks = 2 if tag == "p" else 1 if tag in _BLOCK else 0
        if breaks:
            out.append(breaks)
        if tag == "br":
            out.append("\n")
        if tag in _CELL:
            out.append(" ")
        inner_pre = pre or tag in ("pre", "textarea")
        if el.text:
            out.append(el.text if inner_pre else _WS.sub(" ", el.text))
        for child in el:
            walk(child, inner_pre)
        if breaks:
            out.append(breaks)
        if el.tail:
            out.append(el.tail if pre else _WS.sub(" ", el.tail))

    body = root.find("body")
    walk(body if body is not None else root, False)
    text: list[str] = []
    pending = 0
    for item in out:
        if isinstance(item, int):
            pending = max(pending, item)
            continue
        if pending and text:
            text.append("\n" * pending)
        pending = 0
        text.append(item)
    lines = [ln.strip() for ln in "".join(text).split("\n")]
    # Collapse runs of blank lines to one (a dump keeps paragraph gaps, not layout depth).
    result: list[str] = []
    for ln in lines:
        if ln or (result and result[-1]):
            result.append(ln)
    return "\n".join(result).strip()


def _shingles(tokens: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def label_against_body(lines: list[str], body: str) -> list[int]:
    """1 = the line is gold body text, 0 = furniture; blank lines get -1."""
    gold = _shingles(_TOKEN.findall(body))
    toks = [_TOKEN.findall(ln) for ln in lines]
    labels: list[int] = []
    for i, t in enumerate(toks):
        if not lines[i]:
            labels.append(-1)
        elif not t:
            labels.append(0)
        elif len(t) >= 4:
            sh = [tuple(t[j : j + 4]) for j in range(len(t) - 3)]
            labels.append(int(sum(s in gold for s in sh) >= 0.5 * len(sh)))
        else:
            before: list[str] = []
            for k in range(i - 1, -1, -1):
                before = toks[k] + before
                if len(before) >= 3:
                    break
            after: list[str] = []
            for k in range(i + 1, len(toks)):
                after = after + toks[k]
                if len(after) >= 3:
                    break
            seq = before[-3:] + t + after[:3]
            start = len(before[-3:])
            wins = [
                tuple(seq[j : j + 4])
                for j in range(len(seq) - 3)
                if j <= start and j + 4 >= start + len(t)  # windows holding the whole line
            ]
            if not wins:  # page with almost no text around: fall back to the tokens themselves
                labels.append(int(" ".join(t) in " ".join(_TOKEN.findall(body))))
            else:
                labels.append(int(sum(w in gold for w in wins) >= 0.5 * len(wins)))
    return labels


def label_against_snippets(lines: list[str], with_: list[str], without: list[str]) -> list[int]:
    """1 / 0 for lines touching a must-include / must-exclude snippet, -1 otherwise."""
    norm = [_WS.sub(" ", s).strip() for s in with_]
    bad = [_WS.sub(" ", s).strip() for s in without]
    labels = []
    for ln in lines:
        lab = -1
        if ln:
            if any(s and (s in ln or (len(ln) >= 20 and ln in s)) for s in norm):
                lab = 1
            elif any(s and (s in ln or (len(ln) >= 8 and ln in s)) for s in bad) and len(ln) < 200:
                lab = 0
        labels.append(lab)
    return labels


def aeb_pages(limit: int | None = None) -> list[Page]:
    """article-extraction-benchmark pages rendered and labelled against the gold bodies."""
    root = DATA / "article-extraction-benchmark"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold)[:limit]:
        text = render_text(decode_html(read_gz(root / "html" / f"{key}.html.gz")))
        lines = text.split("\n")
        pages.append(Page(key, lines, label_against_body(lines, gold[key]["articleBody"]), "aeb"))
    return pages


def aeb_gold() -> dict[str, str]:
    """Gold bodies of the article-extraction-benchmark, by page id."""
    root = DATA / "article-extraction-benchmark"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return {k: v["articleBody"] for k, v in gold.items()}


def trafilatura_eval_pages(limit: int | None = None) -> list[Page]:
    """trafilatura-eval pages rendered and labelled against their snippets (sparse labels)."""
    root = DATA / "trafilatura-eval"
    items = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    locations = json.loads((root / "file_locations.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(items)[:limit]:
        item = items[url]
        loc = locations.get(item["file"])
        if loc is None or not (root / loc).exists():
            continue
        text = render_text(decode_html(read_gz(root / loc)))
        lines = text.split("\n")
        labels = label_against_snippets(lines, item.get("with", []), item.get("without", []))
        if any(lab >= 0 for lab in labels):
            pages.append(Page(url, lines, labels, "trafilatura-eval"))
    return pages
