"""Title, byline and publication date of a plain-text page dump.

Works on the page's lines once the body lines are known (``plaintext.py``): the header is what
comes before the body, the footer what comes after it.

Date confidence, by principle rather than by site (dates under 0.3 are never reported):

* a date introduced by a publication cue ("Posted", "Published", "Date:", "veröffentlicht"...)
  is the publication date (0.9); on a byline ("by NAME on DATE", "von NAME am DATE") 0.8;
  after an update cue ("Updated", "Modified") 0.6, since it is the last change, not the first
  publication;
* a date without a cue on the byline line or next to the title / article start: 0.6;
* a line holding nothing but a time of day and a date ("18:50 GMT04 August 2020") above the
  article (before its title, byline and body) and not next to any of them is the site's clock:
  the time the page was rendered, not when the article was published. It gets 0 and is never
  reported (published None), since a wrong date with a number attached would still be used
  downstream. A bare date without a time of day in the header is a date bar or post date: 0.4;
* dates outside the article header without a cue (lists of other posts, comments, archives):
  0.1, not reported; dates in the running text past its first lines talk about events: ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from parallax.extract.lines import glue_points

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "januar", "janvier", "enero", "gennaio", "stycznia"),
            ("feb", "february", "februar", "février", "fevrier", "febrero", "febbraio", "lutego"),
            ("mar", "march", "märz", "maerz", "mars", "marzo", "marca"),
            ("apr", "april", "avril", "abril", "aprile", "kwietnia"),
            ("may", "mai", "mayo", "maggio", "maja"),
            ("jun", "june", "juni", "juin", "junio", "giugno", "czerwca"),
            ("jul", "july", "juli", "juillet", "julio", "luglio", "lipca"),
            ("aug", "august", "août", "aout", "agosto", "sierpnia"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre", "września"),
            ("oct", "october", "oktober", "okt", "octobre", "octubre", "ottobre", "października"),
            ("nov", "november", "novembre", "noviembre", "listopada"),
            ("dec", "december", "dezember", "dez", "décembre", "diciembre", "dicembre", "grudnia"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME = r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<tz>GMT|UTC|Z))?"
_DATE_PATTERNS = [
    # February 28, 2019 / Feb. 28 2019
    re.compile(
        rf"(?<![\w])(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b",
        re.I,
    ),
    # 28 February 2019 / 04 August 2020 (also glued: "GMT04 August 2020") / 28. Februar 2019
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b",
        re.I,
    ),
    # 2019-02-28 / 2019/02/28 / 2019.02.28
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # 28.02.2019 (day first: the dotted form is European)
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)"),
]
_TIME_RE = re.compile(rf"(?<!\d){_TIME}(?!\d)", re.I)

_PUBLISHED_CUE = re.compile(
    r"\b(?:posted|published|publication date|first published|date|released|issued|veröffentlicht|"
    r"erschienen|publié|publicado|pubblicato|opublikowano|datum)\b\s*(?:on|at|am|le)?\s*[:\-–—]?\s*$",
    re.I,
)
# "by Jane Doe on March 3, 2019" / "Geschrieben von Cooper am 25.08.2015" / "Blog entry by X | 28 April 2017"
_BYLINE_DATE_CUE = re.compile(
    r"\b(?:by|von|par|por|door|di)\s+[^\W\d_][\w .'’\-]{1,40}?\s*(?:\bon\b|\bam\b|\ble\b|\bel\b|[|•·,–—-])\s*$",
    re.I,
)
_UPDATED_CUE = re.compile(
    r"\b(?:updated|last updated|modified|last modified|aktualisiert|mis à jour|actualizado)\b"
    r"\s*(?:on|at|am|le)?\s*[:\-–—]?\s*$",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:by|von|par|por|door|di)\s+(?P<rest>\S.*)$", re.I)
_NAME_STOP = re.compile(
    r"\s+(?:posted|published|updated|modified|on|at|am|le|in|for|and\s+(?=(?-i:[a-z])))\b.*$|\s*[|•·(\[;:–—].*$"
    r"|\s+\d.*$",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b)\s*")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÞĀ-Ž][\w'’.\-]*|[a-z]{1,3}|[A-Z]\.)$")
_ROLE = re.compile(
    r"\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist|bureau|chief|senior|news"
    r"|agency|press|team|desk|journalist|analyst|updated|published|posted)\b",
    re.I,
)
_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el", "dos", "del"}
)


@dataclass
class FoundDate:
    """A date found on a line, normalised to ISO 8601, and why it was (or was not) trusted."""

    iso: str
    line: int
    confidence: float
    reason: str


@dataclass
class TextMeta:
    """Metadata found in a page dump; ``*_line`` are line indices (None when not found)."""

    title: str | None = None
    title_line: int | None = None
    authors: list[str] = field(default_factory=list)
    byline_line: int | None = None
    published: str | None = None
    published_confidence: float = 0.0
    published_line: int | None = None
    published_reason: str = "no date found"
    #: The outlet named by a copyright or disclaimer line ("© 2019 Sputnik"), else None.
    outlet: str | None = None
    #: Date candidates seen, with their reasons (kept for inspection and tests).
    candidates: list[FoundDate] = field(default_factory=list)


def _ungap(text: str) -> str:
    """Insert a space at glue points ("GMT04 August" -> "GMT 04 August")."""
    for i in reversed(glue_points(text)):
        text = text[:i] + " " + text[i:]
    return text


def parse_dates(text: str) -> list[tuple[int, int, str]]:
    """Dates in ``text`` as ``(start, end, iso)``; the time of day is added when it is next to the date."""
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            month = _MONTHS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
            try:
                day = datetime(int(g["y"]), month or 0, int(g["d"]))
            except (TypeError, ValueError):
                continue
            iso = day.strftime("%Y-%m-%d")
            end = m.end()
            t = _near_time(text, m.start(), m.end())
            if t is not None:
                iso += t[0]
                end = max(end, t[1])
            taken.append((m.start(), m.end()))
            out.append((m.start(), end, iso))
    return sorted(out)


def _near_time(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The time of day written right after a date (within 12 characters) or right before it."""
    best: tuple[int, str, int] | None = None
    for m in _TIME_RE.finditer(text):
        if m.start() >= end:
            gap = m.start() - end
            if gap > 12:
                continue
        elif m.end() <= start:
            gap = (
                start - m.end() + 10
            )  # a time before the date ("18:50 GMT 04 Aug") ranks after one behind it
            if gap > 13:
                continue
        else:
            continue
        h, mi = int(m.group("h")), int(m.group("mi"))
        ampm = (m.group("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h > 23 or mi > 59:
            continue
        tz = "+00:00" if m.group("tz") else ""
        if best is None or gap < best[0]:
            best = (gap, f"T{h:02d}:{mi:02d}{tz}", m.end())
    return (best[1], best[2]) if best else None


def _clock_like(line: str, spans: list[tuple[int, int, str]]) -> bool:
    """Only a date and a time (plus zone words / separators) on the line: a site clock or date bar."""
    rest = line
    for a, b, _ in reversed(spans):
        rest = rest[:a] + " " + rest[b:]
    rest = re.sub(r"\b(?:GMT|UTC|[A-Z]{2,4}T|am|pm|today|heute|aujourd'hui)\b", " ", rest, flags=re.I)
    rest = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", " ", rest, flags=re.I)
    return not re.search(r"[^\W\d_]{2,}", rest)


def find_dates(
    lines: list[str],
    header: Sequence[int],
    footer: Sequence[int],
    near: set[int],
    article_start: int | None = None,
) -> list[FoundDate]:
    """Score every date of the header/footer lines.

    ``near``: lines next to the title or byline; ``article_start``: first line of the article
    (its title, byline or body); lines above it are the page's top bar.
    """
    found: list[FoundDate] = []
    for i in [*header, *footer]:
        line = _ungap(lines[i])
        spans = parse_dates(line)
        for a, _b, iso in spans:
            before = line[:a][-60:]
            clock = _clock_like(line, spans)
            timed = "T" in iso
            if _PUBLISHED_CUE.search(before):
                conf, why = 0.9, "introduced by a publication cue"
            elif _BYLINE_DATE_CUE.search(before):
                conf, why = 0.8, "on a byline ('by NAME on DATE')"
            elif _UPDATED_CUE.search(before):
                conf, why = 0.6, "introduced by an update cue (last modification, not first publication)"
            elif i in near:
                conf, why = 0.6, "on the byline or next to the title / article start"
            elif clock and timed and i not in footer and (article_start is None or i < article_start):
                conf, why = (
                    0.0,
                    "clock-like line (only a time of day and a date, no Posted/Published cue) at the page "
                    "top, above the article and away from its title, byline and body: the site's clock",
                )
            elif clock and i not in footer:
                conf, why = 0.4, "bare date line in the page header"
            elif i in footer:
                conf, why = 0.1, "date outside the article header without a cue (lists, comments, archives)"
            else:
                conf, why = 0.3, "date in the page header without a cue"
            found.append(FoundDate(iso, i, conf, why))
    return found


def find_byline(lines: list[str], candidates: list[int]) -> tuple[list[str], int | None]:
    """Authors from the first "By ..." line among ``candidates``."""
    for i in candidates:
        m = _BYLINE.match(lines[i])
        if not m:
            continue
        names = _names(m.group("rest"))
        if names:
            return names, i
    return [], None


def _names(rest: str) -> list[str]:
    rest = _ungap(rest)
    rest = _NAME_STOP.sub("", rest.strip()) if not rest.lower().startswith(("and ",)) else ""
    names = []
    for part in _NAME_SPLIT.split(rest):
        words = part.split()
        if not words or len(words) > 5:
            continue
        if not all(_NAME_TOKEN.match(w) for w in words):
            continue
        if not words[0][0].isupper() or all(w.lower() in _PARTICLES for w in words) or _ROLE.search(part):
            continue
        names.append(" ".join(words))
    return names


_HEADLINE_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NOT_TITLE = re.compile(
    r"\b(?:listen|live|share|url|subscribe|sign in|log in|menu|search|home|advertisement|cookies?"
    r"|newsletter|skip to|follow us|read more|related)\b",
    re.I,
)
# Header lines that are never the headline, however long: credits, reading time, ads, share bars.
_NEVER_TITLE = re.compile(
    r"^(?:photo|foto|image|bild|credit|source|quelle|copyright)\b|\b(?:photographer|getty images|min read"
    r"|reading time|lesezeit|lesedauer|werbung|anzeige|sponsored|advertisement|facebook|twitter"
    r"|jump to|print recipe|comments?|kommentare?)\b|[←→]|^[:;,.|]",
    re.I,
)
#: How many non-blank lines above the byline / body start are searched for the title.
TITLE_WINDOW = 12


def headline_like(line: str) -> bool:
    """Could this line be the article's title?"""
    s = line.strip()
    words = _HEADLINE_WORD.findall(s)
    if not 3 <= len(words) <= 30 or len(s) > 250:
        return False
    if s.endswith((".", ",", ";", ":")) and not s.endswith("..."):
        return False
    if parse_dates(_ungap(s)) or _BYLINE.match(s):
        return False
    if _NOT_TITLE.search(s) and len(words) < 6:
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters[:3] + [c for c in s if c.isupper()][:1]):
        return False
    return sum(c.isdigit() for c in s) < 0.3 * len(s)


def _title_score(line: str, distance: int, repeats: int) -> float:
    """How much a header line looks like the article's headline (higher is better)."""
    words = len(_HEADLINE_WORD.findall(line))
    score = 1.0 if 4 <= words <= 20 else 0.3
    score += 0.4 if repeats > 1 else 0.0  # headlines recur (breadcrumb, h1, share text)
    score -= 0.12 * distance  # the headline sits just above the byline / body
    if re.search(r"\(\d+\)\s*$", line):
        score -= 0.5  # "Category (5)": a counter, not a headline
    return score


def find_title(lines: list[str], header: list[int], anchor: int | None) -> tuple[str | None, int | None]:
    """The most headline-like header line among the few above ``anchor`` (byline or body start)."""
    cands = [i for i in header if anchor is None or i < anchor][-TITLE_WINDOW:]
    counts = Counter(lines[i].strip() for i in header)
    best: tuple[float, int] | None = None
    for dist, i in enumerate(reversed(cands)):
        s = lines[i].strip()
        if not headline_like(s) or _NEVER_TITLE.search(s):
            continue
        score = _title_score(s, dist, counts[s])
        if best is None or score > best[0]:
            best = (score, i)
    if best is None:
        return None, None
    return lines[best[1]].strip(), best[1]


_OUTLET_NAME = r"(?:[Tt]he\s+)?(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,6})"
# Lines where a site names itself: copyright notices and "views ... not of the outlet" disclaimers.
_OUTLET_LINES = (
    re.compile(r"(?:©|\([cC]\)|\bCopyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?" + _OUTLET_NAME),
    re.compile(
        r"\bnot\s+necessarily\s+(?:reflect|represent)\s+(?:those|the\s+views?)\s+of\s+" + _OUTLET_NAME
    ),
)
_NOT_OUTLETS = frozenset({"All", "The", "This", "Getty", "AP", "Reuters", "AFP", "Photo", "Image", "Images"})
_NAME_TAIL = re.compile(r"(?:\s+(?:of|and|&))+$|\s*\b(?:All|Inc|Ltd|LLC|Rights)\b.*$|[.’'-]+$")


def find_outlet(lines: Sequence[str]) -> str | None:
    """The outlet a page names in its copyright or disclaimer lines (the most frequent), else None.

    Photo and wire credits ("© Reuters", "AP Photo") name the agency of one picture, not the
    site, and are left out.
    """
    found: Counter[str] = Counter()
    for line in lines:
        if len(line) > 300:  # running text, not a notice
            continue
        for pattern in _OUTLET_LINES:
            for m in pattern.finditer(line):
                name = m.group("name")
                for _ in range(3):  # "Sputnik. All rights" -> "Sputnik." -> "Sputnik"
                    name = _NAME_TAIL.sub("", name).strip()
                if name and name.split()[0] not in _NOT_OUTLETS and not name[0].isdigit():
                    found[name] += 1
    if not found:
        return None
    return max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
