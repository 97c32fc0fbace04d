"""Plain-text page dump -> Article: drop page furniture line by line, find the metadata.

1. Lines are cut where two UI strings were glued together by the crawler
   ("Community standardsDiscussion[SUMMIT] Talks...") when the glued pieces at the line's ends
   are short (``lines.split_glued``), so each piece is judged on its own.
2. The learned line classifier (``lines.LineClassifier``) scores every line; lines under the
   threshold are furniture.
3. A few boilerplate kinds are furniture whatever the score, because they are never report
   content: disclaimers ("The views and opinions expressed ... do not necessarily reflect"),
   copyright / rights lines, "Read more:"-style link lines, photo-credit lines, tag lines
   (comma-separated short labels). Kept lines after the body's last sentence are dropped too:
   an article ends on a sentence, so what trails it is headlines, labels or links.
4. Title, byline and date come from the lines around the body (``textmeta``); those lines
   are not part of the text. Dateline and language come from the final text.

Every non-blank input line ends up either in ``Article.text`` or in ``Article.removed``
(furniture, title, byline and date lines).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from parallax.extract.dateline import find_dateline
from parallax.extract.ids import article_id
from parallax.extract.language import detect_language
from parallax.extract.lines import LineClassifier, default_classifier, split_glued
from parallax.extract.textmeta import TextMeta, find_byline, find_dates, find_outlet, find_title
from parallax.model import Article, RawRecord

log = logging.getLogger(__name__)

#: Glued pieces at a line's ends with at most this many words are cut off and judged alone.
MAX_PEELED_WORDS = 5
#: Lines after the body start in which a byline / dated line may still appear.
BODY_HEAD = 3

_BOILERPLATE = re.compile(
    r"do(?:es)? not necessarily (?:reflect|represent)|views (?:and opinions )?expressed"
    r"|opinions expressed|all rights reserved|^\s*(?:©|\(c\)|copyright\b)|community standards",
    re.I,
)
_LINK_LINE = re.compile(
    r"^\s*(?:read (?:more|also|next)|see also|also read|related(?: articles?| stories| news)?|more on this"
    r"|watch|listen|recommended|lire aussi|mehr zum thema|weiterlesen|leer más|leia também)\s*[:>»›|–—-]",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^\s*[\[(][^\])]{0,80}\b(?:photo|image|picture|credit|file|getty|afp|reuters|ap|yonhap|epa)\b"
    r"[^\])]{0,80}[\])]\s*$|^\s*(?:photo|image|picture|credit|source)s?\s*(?:credit)?\s*:",
    re.I,
)


@dataclass
class _Piece:
    """A line (or a cut-off piece of one) of the dump."""

    text: str
    origin: int  # index of the input line it comes from
    block: int  # paragraph block (blank-line separated) it belongs to


def _pieces(content: str) -> list[_Piece | None]:
    """Lines of the dump as pieces; None marks a blank line (paragraph gap)."""
    out: list[_Piece | None] = []
    block = 0
    for i, raw in enumerate(content.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = raw.strip()
        if not line:
            if out and out[-1] is not None:
                block += 1
                out.append(None)
            continue
        parts = split_glued(line)
        if len(parts) == 1:
            out.append(_Piece(line, i, block))
            continue
        head: list[str] = []
        tail: list[str] = []
        while len(parts) > 1 and len(parts[0].split()) <= MAX_PEELED_WORDS:
            head.append(parts.pop(0))
        while len(parts) > 1 and len(parts[-1].split()) <= MAX_PEELED_WORDS:
            tail.insert(0, parts.pop())
        core = line
        if head or tail:
            # The middle keeps its original spelling: cut only at the peeled pieces' edges.
            start = line.find(parts[0])
            end = line.rfind(parts[-1]) + len(parts[-1])
            core = line[start:end]
        out.extend(_Piece(p, i, block) for p in [*head, core, *tail])
    while out and out[-1] is None:
        out.pop()
    return out


_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"”’'»)\]」』）]*$|[\"”»)」』）]$")
#: Trailing non-sentence lines are dropped only when the classifier was unsure about them.
TRAILING_UNSURE = 0.75


def _is_tag_line(line: str) -> bool:
    """A comma-separated list of short labels with no sentence ending: tags / keywords."""
    items = [it.strip() for it in line.split(",")]
    return (
        len(items) >= 4
        and not _SENTENCE_END.search(line.strip())
        and all(0 < len(it.split()) <= 6 for it in items)
    )


def _is_boilerplate(line: str) -> bool:
    return bool(
        _BOILERPLATE.search(line) or _LINK_LINE.match(line) or _CREDIT_LINE.match(line) or _is_tag_line(line)
    )


def _trim_trailing(seq: list[_Piece | None], keep: list[bool], scores: list[float | None]) -> None:
    """Drop kept lines after the body's last sentence: an article ends on a sentence, so trailing
    non-sentence lines the classifier was unsure about are related headlines, labels or links."""
    kept = [i for i, k in enumerate(keep) if k]
    for i in reversed(kept):
        piece = seq[i]
        score = scores[i]
        if piece is None or _SENTENCE_END.search(piece.text) or score is None or score >= TRAILING_UNSURE:
            break
        keep[i] = False


def _join(pieces: list[_Piece]) -> str:
    """Paragraphs (blank-line separated blocks) of the kept pieces; cut pieces of one line rejoined."""
    paras: list[list[str]] = []
    last_block = last_origin = -1
    for p in pieces:
        if p.block != last_block:
            paras.append([p.text])
        elif p.origin == last_origin:
            paras[-1][-1] += p.text
        else:
            paras[-1].append(p.text)
        last_block, last_origin = p.block, p.origin
    return "\n\n".join("\n".join(lines) for lines in paras)


def analyse(
    content: str, classifier: LineClassifier | None = None
) -> tuple[list[_Piece], list[str], TextMeta]:
    """Kept pieces (the body), removed lines and metadata of a page dump."""
    clf = classifier or default_classifier()
    seq = _pieces(content)
    texts = [p.text if p is not None else "" for p in seq]
    scores = clf.scores(texts)
    keep = [
        p is not None and s is not None and s >= clf.threshold and not _is_boilerplate(p.text)
        for p, s in zip(seq, scores, strict=True)
    ]
    _trim_trailing(seq, keep, scores)
    body = [i for i, k in enumerate(keep) if k]
    nonblank = [i for i, p in enumerate(seq) if p is not None]
    meta = TextMeta()
    header = [i for i in nonblank if not body or i < body[0]]
    head_of_body = body[:BODY_HEAD]
    meta.authors, meta.byline_line = find_byline(texts, [*header, *head_of_body])
    anchor = meta.byline_line if meta.byline_line is not None else (body[0] if body else None)
    meta.title, meta.title_line = find_title(texts, header, anchor)
    rank = {i: r for r, i in enumerate(nonblank)}
    near: set[int] = set()
    for ref, reach in ((meta.title_line, 2), (meta.byline_line, 2), (body[0] if body else None, 1)):
        if ref is not None:
            near.update(i for i in nonblank if abs(rank[ref] - rank[i]) <= reach and i not in body[1:])
    starts = [i for i in (meta.title_line, meta.byline_line) if i is not None]
    if body:
        starts.append(body[0])
    article_start = min(starts) if starts else None
    # Lines outside the running text (furniture inside or after the body included) may carry the
    # date; sentences of the body past its first lines talk about events, not the publication.
    body_set = set(body[BODY_HEAD:])
    elsewhere = [i for i in nonblank if i not in body_set and i not in header and i not in head_of_body]
    meta.candidates = find_dates(texts, [*header, *head_of_body], elsewhere, near, article_start)
    _choose_date(meta)
    meta.outlet = find_outlet(texts)
    used = {meta.title_line, meta.byline_line}
    # A dated header line is metadata; a dated sentence of the body stays in the body.
    if (
        meta.published_line is not None
        and meta.published_confidence > 0
        and (meta.published_line not in body or meta.published_line == meta.byline_line)
    ):
        used.add(meta.published_line)
    kept = [seq[i] for i in body if i not in used]
    removed = [texts[i] for i in nonblank if not keep[i] or i in used]
    return [p for p in kept if p is not None], removed, meta


#: Candidates under this confidence are kept for inspection but never reported.
MIN_DATE_CONFIDENCE = 0.3


def _choose_date(meta: TextMeta) -> None:
    """The most trusted date candidate (earliest line first among equals)."""
    best = None
    for cand in meta.candidates:
        if best is None or cand.confidence > best.confidence:
            best = cand
    if best is None:
        return
    meta.published_line = best.line
    meta.published_reason = best.reason
    if best.confidence >= MIN_DATE_CONFIDENCE:
        meta.published, meta.published_confidence = best.iso, best.confidence
    else:
        log.debug("date %s on line %d not used: %s", best.iso, best.line, best.reason)


def extract_text(record: RawRecord, classifier: LineClassifier | None = None) -> Article:
    """Article from a plain-text page dump (``record.text_is_final``: text kept as given)."""
    if record.text_is_final:
        text = record.content
        meta = _final_text_meta(text)
        removed: list[str] = []
    else:
        kept, removed, meta = analyse(record.content, classifier)
        text = _join(kept)
    published, confidence = meta.published, meta.published_confidence
    if record.published:
        published, confidence = record.published, 0.9
    return Article(
        id=article_id(record, text),
        source=record.source,
        text=text,
        url=record.url,
        outlet=record.outlet or meta.outlet,
        title=record.title or meta.title,
        authors=meta.authors,
        published=published,
        published_confidence=confidence,
        dateline=find_dateline(text),
        language=detect_language(text),
        removed=removed,
    )


def _final_text_meta(text: str) -> TextMeta:
    """Byline and cued date from the first lines of a text given as final (nothing is removed)."""
    lines = text.split("\n")
    head = [i for i, ln in enumerate(lines) if ln.strip()][:BODY_HEAD]
    meta = TextMeta()
    meta.authors, meta.byline_line = find_byline(lines, head)
    near = {meta.byline_line} if meta.byline_line is not None else set()
    meta.candidates = [c for c in find_dates(lines, head, [], near) if c.confidence >= 0.6]
    _choose_date(meta)
    return meta
