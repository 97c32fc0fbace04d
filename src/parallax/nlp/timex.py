"""Time expressions normalised against the article's own date.

``find_times(text, anchor)`` returns ``TimeExpr`` spans whose ``value`` is ISO 8601:
a day (``2019-02-28``), a month (``2019-02``), a year (``2019``) or an interval
``start/end`` ("early 2017" -> ``2017-01/2017-04``, "last week" -> the Monday..Sunday
dates). Relative expressions ("yesterday", "Thursday", "last June", "next month",
"earlier this week", "two years ago") need the anchor (the publication date); without
one their value is None. Conventions (news usage, documented in tests):

* a bare weekday is read by tense and context (``weekday_direction``): a future cue nearest before it
  ("will", "would", "is expected to", "by", "until", "scheduled") makes it the first such day on or
  after the anchor ("Friday" in a Thursday article that says "will" is the next day); a past cue
  ("said", "was", a verb in -ed) or none keeps the news default, the latest such day on or before
  the anchor (reports look back); "next Thursday" is the first after it, "last Thursday" the latest
  strictly before it;
* a bare month ("in June") is the one nearest the anchor; "last June" the latest June
  before the anchor's month, "next June" the first after it;
* "February 28" without a year takes the year that puts it nearest the anchor.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from parallax.model import TimeExpr
from parallax.words import MONTHS, NUMBER_WORDS, WEEKDAYS

NUMBERS = dict(NUMBER_WORDS)
NUMBERS.update({"a": 1, "an": 1, "several": 3, "a few": 3, "couple of": 2, "a couple of": 2})

_MONTH = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|several|a few|a couple of)"
_UNIT = r"(?:day|week|month|year|decade)s?"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-3]\d)\b"),
    ("mdy", rf"\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY}),?\s+(?P<mdy_y>{_YEAR})\b"),
    ("dmy", rf"\b(?P<dmy_d>{_DAY})\s+(?P<dmy_m>{_MONTH})\s+(?P<dmy_y>{_YEAR})\b"),
    ("md", rf"\b(?:(?P<md_wd>{_WEEKDAY}),?\s+)?(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})\b(?!\s*,?\s*\d)"),
    ("dm", rf"\b(?P<dm_d>{_DAY})\s+(?P<dm_m>{_MONTH})\b(?!\s+\d)"),
    (
        "part_year",
        rf"\b(?P<py_part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+(?P<py_y>{_YEAR})\b",
    ),
    ("my", rf"\b(?P<my_m>{_MONTH})\s+(?:of\s+)?(?P<my_y>{_YEAR})\b"),
    (
        "rel_month",
        r"\b(?P<rm_rel>last|next|this|in|since|by|until|early|late)\s+(?P<rm_m>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)",
    ),
    ("ago", rf"\b(?P<ago_n>{_NUM})\s+(?P<ago_u>{_UNIT})\s+ago\b"),
    (
        "rel_unit",
        r"\b(?P<ru_mod>earlier|later)?\s*(?P<ru_rel>last|next|this|past|coming)\s+(?P<ru_u>week|month|year|weekend)\b",
    ),
    ("rel_wd", rf"\b(?:(?P<rw_rel>last|next|this|on|on\s+last)\s+)?(?P<rw_wd>{_WEEKDAY})\b"),
    (
        "deictic",
        r"\b(?P<dx>today|tonight|yesterday|tomorrow|this\s+morning|this\s+afternoon|this\s+evening)\b",
    ),
    (
        "year",
        rf"\b(?:in|since|by|until|during|of|from|to|before|after|through)\s+(?P<yr>{_YEAR})\b",
    ),
]
# Every pattern starts with a digit or one of these words.
_TRIGGER = re.compile(
    r"\b(?=[0-9]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|(?:last|next|this|in|since|by|until|early|late|mid|the|earlier|later|past|coming|on|today|tonight"
    r"|yesterday|tomorrow|a|an|several|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|during|of|from|to|before|after|through)\b)",
    re.I,
)
_LEAD = re.compile(r"(?:on|in|since|by|until)\s+", re.I)
_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS), re.I)


def parse_anchor(published: str | date | None) -> date | None:
    """The anchor day from an ISO date/datetime string (or a date); None when absent/unreadable."""
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
        return None


def find_times(text: str, anchor: str | date | None = None) -> list[TimeExpr]:
    """Time expressions of ``text`` normalised against ``anchor`` (the publication date)."""
    day = parse_anchor(anchor)
    out: list[TimeExpr] = []
    last = 0
    for t in _TRIGGER.finditer(text):
        # the full pattern is only tried where one of its first words starts (2-3x faster than finditer)
        if t.start() < last:
            continue
        m = _RE.match(text, t.start())
        if m is None:
            continue
        last = m.end()
        kind = m.lastgroup
        if kind is None:
            continue
        s, e = m.span("yr" if kind == "year" else kind)
        # trim the leading space some patterns allow ("  last week")
        while s < e and text[s].isspace():
            s += 1
        lead = _LEAD.match(text, s, e)
        if lead:
            s = lead.end()  # "on Thursday" -> "Thursday": the preposition is not the time
        try:
            value = _value(kind, m, day)
            if kind == "rel_wd" and day is not None and _bare(m.group("rw_rel")):
                value = _context_weekday(text, m, day) or value
        except (ValueError, OverflowError):
            value = None
        out.append(TimeExpr(s, e, text[s:e], value))
    return out


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".") if name.lower().rstrip(".") in MONTHS else name.lower()]


def _day(tok: str) -> int:
    return int(re.match(r"\d+", tok)[0])  # type: ignore[index]


def _num(tok: str) -> int:
    t = tok.lower()
    return int(t) if t.isdigit() else NUMBERS.get(t, 1)


def _value(kind: str, m: re.Match[str], a: date | None) -> str | None:
    g = m.group
    if kind == "iso":
        return date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))).isoformat()
    if kind == "mdy":
        return date(int(g("mdy_y")), _month(g("mdy_m")), _day(g("mdy_d"))).isoformat()
    if kind == "dmy":
        return date(int(g("dmy_y")), _month(g("dmy_m")), _day(g("dmy_d"))).isoformat()
    if kind in ("md", "dm"):
        p = "md" if kind == "md" else "dm"
        if g(f"{p}_m").lower() == "may" and kind == "dm":
            return None  # "5 may" is too ambiguous (the verb)
        return _nearest_year(_month(g(f"{p}_m")), _day(g(f"{p}_d")), a)
    if kind == "my":
        return f"{int(g('my_y')):04d}-{_month(g('my_m')):02d}"
    if kind == "part_year":
        y = int(g("py_y"))
        part = " ".join(g("py_part").lower().split())
        rng = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part)
        if rng is None:
            rng = (10, 12) if "end" in part else (1, 3)
        return f"{y}-{rng[0]:02d}/{y}-{rng[1]:02d}"
    if kind == "year":
        return g("yr")
    if a is None:
        return None
    if kind == "rel_month":
        return _rel_month(g("rm_rel").lower(), _month(g("rm_m")), a)
    if kind == "ago":
        n, unit = _num(g("ago_n")), g("ago_u").lower().rstrip("s")
        if unit == "day":
            return (a - timedelta(days=n)).isoformat()
        if unit == "week":
            return _week(a - timedelta(weeks=n))
        if unit == "month":
            y, mo = _add_months(a.year, a.month, -n)
            return f"{y:04d}-{mo:02d}"
        return str(a.year - n * (10 if unit == "decade" else 1))
    if kind == "rel_unit":
        return _rel_unit((g("ru_mod") or "").lower(), g("ru_rel").lower(), g("ru_u").lower(), a)
    if kind == "rel_wd":
        return _rel_weekday(" ".join((g("rw_rel") or "").lower().split()), WEEKDAYS[g("rw_wd").lower()], a)
    if kind == "deictic":
        dx = g("dx").lower()
        delta = {"yesterday": -1, "tomorrow": 1}.get(dx, 0)
        return (a + timedelta(days=delta)).isoformat()
    return None


def _nearest_year(month: int, day: int, a: date | None) -> str | None:
    if a is None:
        return None
    cands = []
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            cands.append(date(y, month, day))
        except ValueError:
            continue
    if not cands:
        return None
    return min(cands, key=lambda d: abs((d - a).days)).isoformat()


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _rel_month(rel: str, month: int, a: date) -> str:
    if rel == "last":
        y = a.year if month < a.month else a.year - 1
    elif rel == "next":
        y = a.year if month > a.month else a.year + 1
    else:
        # "in June": the June nearest the anchor (within six months either way)
        y = min(
            (a.year - 1, a.year, a.year + 1), key=lambda yy: abs((yy * 12 + month) - (a.year * 12 + a.month))
        )
    return f"{y:04d}-{month:02d}"


def _week(d: date) -> str:
    monday = d - timedelta(days=d.weekday())
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _rel_unit(mod: str, rel: str, unit: str, a: date) -> str:
    step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        ref = a + timedelta(weeks=step)
        monday = ref - timedelta(days=ref.weekday())
        start, end = monday, monday + timedelta(days=6)
    elif unit == "weekend":
        sat = a + timedelta(days=(5 - a.weekday()) % 7)
        if step < 0 or (step == 0 and a.weekday() < 5 and mod == "earlier"):
            sat -= timedelta(days=7)
        elif step > 0 and a.weekday() >= 5:
            sat += timedelta(days=7)
        start, end = sat, sat + timedelta(days=1)
    elif unit == "month":
        y, mo = _add_months(a.year, a.month, step)
        if not mod or step:
            return f"{y:04d}-{mo:02d}"
        start, end = date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    else:
        y = a.year + step
        if not mod or step:
            return str(y)
        start, end = date(y, 1, 1), date(y, 12, 31)
    if step == 0 and mod == "earlier":
        end = min(end, a)
    elif step == 0 and mod == "later":
        start = max(start, a)
    return f"{start.isoformat()}/{end.isoformat()}"


_FUTURE = frozenset(
    {"will", "'ll", "wo", "shall", "would", "going", "expected", "scheduled", "set", "due", "planned"}
    | {"plans", "plan", "next", "coming", "upcoming", "tomorrow", "later"}
)
# a deadline word counts only right before the day ("by Friday", "until Friday night")
_DEADLINE = frozenset({"by", "until", "till", "before"})
_PAST = frozenset(
    {"said", "says", "say", "told", "was", "were", "had", "did", "ago", "last", "earlier", "yesterday"}
    | {"previously", "since", "held", "met", "won", "lost", "took", "gave", "made", "spoke", "began"}
    | {"came", "went", "wrote", "sent", "ran", "led", "saw", "got", "left", "felt", "thought", "brought"}
)
_TO_BE_DONE = re.compile(r"\bto\s+be\s+\w+ed\s+(?:on\s+)?$", re.I)
_CUE_WORD = re.compile(r"[A-Za-z']+")
_CLAUSE_END = re.compile(r"[.!?;]\s|[.!?]$|\n")


def weekday_direction(text: str, start: int, end: int, window: int = 10) -> str:
    """``future`` or ``past`` for the weekday at ``text[start:end]``, by the nearest tense cue.

    The words before it (at most ``window``, within its sentence) are read from the nearest back;
    when they hold no cue, the words after it are read forward ("On Friday, the union will vote").
    """
    left = text[max(0, start - 200) : start]
    cut = list(_CLAUSE_END.finditer(left))
    if cut:
        left = left[cut[-1].end() :]
    right = text[end : end + 200]
    stop = _CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    if _TO_BE_DONE.search(left):
        return "future"  # "an address to be delivered Wednesday"
    before = [w.lower() for w in _CUE_WORD.findall(left)][-window:][::-1]
    after = [w.lower() for w in _CUE_WORD.findall(right)][:window]
    for words in (before, after):
        for k, w in enumerate(words):
            if w in _FUTURE or w.endswith("'ll") or (w in _DEADLINE and words is before and k < 2):
                return "future"
            if w in _PAST or (len(w) > 4 and w.endswith("ed")):
                return "past"
    return "past"


def _bare(rel: str | None) -> bool:
    """A weekday with no "last"/"next"/"this" before it (its direction comes from the context)."""
    return (rel or "").strip().lower() in ("", "on")


def _context_weekday(text: str, m: re.Match[str], a: date) -> str | None:
    if weekday_direction(text, m.start("rw_wd"), m.end("rw_wd")) == "future":
        return _forward_weekday(WEEKDAYS[m.group("rw_wd").lower()], a)
    return None


def _forward_weekday(wd: int, a: date) -> str:
    return (a + timedelta(days=(wd - a.weekday()) % 7)).isoformat()


def _rel_weekday(rel: str, wd: int, a: date) -> str:
    back = (a.weekday() - wd) % 7
    if rel == "next":
        fwd = (wd - a.weekday()) % 7 or 7
        return (a + timedelta(days=fwd)).isoformat()
    if rel in ("last", "on last"):
        return (a - timedelta(days=back or 7)).isoformat()
    if rel == "this" and wd > a.weekday():
        return (a + timedelta(days=wd - a.weekday())).isoformat()
    return (a - timedelta(days=back)).isoformat()
