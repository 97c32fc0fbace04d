"""How one outlet tells a story: whom it quotes, opinion vs attributed report, what it leads with.

Quotes come from ``Annotation.quotes`` when annotations are given; without them a small
attribution pattern ("…," Name said / Name said …) stands in. Each content sentence is
classed (heuristic, no model):

* *attributed*: it lies inside an annotated quote, carries quotation marks, or an
  attribution cue ("said", "told", "according to", "announced" …);
* *opinion*: not attributed and carries a subjectivity cue: a deontic modal ("should",
  "must"), a first-person pronoun, a stance adverb ("clearly", "unfortunately") or an
  evaluative word from a short lexicon ("catastrophic", "disgraceful", "welcome" …);
* otherwise *report*.

``opinion_share`` = opinion / content sentences; ``attributed_share`` = attributed / content sentences.
"""

from __future__ import annotations

import re
from collections import Counter

from parallax.digest.text import split_sentences
from parallax.model import Annotation, Article, Framing, Quote

_ATTRIBUTION = re.compile(
    r"(?i)\b(said|says|say|told|tells|according to|stated|states|announced|reported|added|insisted|"
    r"claimed|argued|noted|explained|wrote|tweeted|warned|confirmed|denied|asked|replied|"
    r"in a statement|quoted)\b"
)
_OPINION = re.compile(
    r"(?i)\b(should|must|ought|need to|needs to|i|me|my|we|our|us|in my view|i think|i believe|"
    r"clearly|obviously|unfortunately|fortunately|surely|undoubtedly|arguably|frankly|sadly|"
    r"catastrophic|disgraceful|shameful|outrageous|absurd|ridiculous|brilliant|terrible|awful|"
    r"excellent|wonderful|disastrous|welcome|welcomed|dangerous|reckless|naive|foolish|wise|"
    r"prestigious|great|best|worst|failure|curse|sham|farce|hypocrisy|unacceptable|"
    r"no surprise|unlikely|likely|perhaps|probably|may well)\b"
)
_SPEAKER = re.compile(
    r"(?:[\"”’],?\s+|\b(?:said|says|told|added)\s+)(?P<a>(?:[A-Z][\w.'-]+\s){0,3}[A-Z][\w'-]+)\s+(?:said|says|told|added)?"
    r"|(?P<b>(?:[A-Z][\w.'-]+\s){0,3}[A-Z][\w'-]+)\s+(?:said|says|told|added)\b"
)
_NOT_SPEAKER = {"He", "She", "They", "It", "We", "I", "The", "This", "That", "But", "And"}


_TITLE = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev|Gen|Col|Capt|Sen|Rep|Gov)\.?$")


def speaker_name(q: Quote, text: str) -> str | None:
    """The speaker's name, completed from its own span when the annotator kept only a surname.

    ``speaker="Chang"`` with span "Dr. Ching Chang" gives "Ching Chang": the run of capitalised
    words that ends the span, without leading titles, if it ends with the given name.
    """
    name = (q.speaker or "").strip()
    if not name or " " in name or q.speaker_start is None or q.speaker_end is None:
        return name or None
    run: list[str] = []
    for w in reversed(text[q.speaker_start : q.speaker_end].split()):
        if not w[:1].isupper() or _TITLE.match(w):
            break
        run.insert(0, w)
    full = " ".join(run)
    return full if 1 < len(run) <= 3 and full.endswith(name) else name


def _fallback_speakers(text: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for m in _SPEAKER.finditer(text):
        name = (m.group("a") or m.group("b") or "").strip()
        if name and name.split()[0] not in _NOT_SPEAKER:
            c[name] += 1
    return c


def classify_sentence(text: str, in_quote: bool = False) -> str:
    """``attributed``, ``opinion`` or ``report`` (see the module docstring)."""
    if in_quote or any(q in text for q in '"“”') or _ATTRIBUTION.search(text):
        return "attributed"
    if _OPINION.search(text):
        return "opinion"
    return "report"


def framing_of(outlet: str, articles: list[Article], annotations: dict[str, Annotation]) -> Framing:
    """Framing of ``outlet`` from its articles (and their annotations when present)."""
    quoted: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    lead = ""
    for art in sorted(articles, key=lambda a: a.published or ""):
        ann = annotations.get(art.id)
        usable = ann is not None and ann.text == art.text
        quote_spans: list[tuple[int, int]] = []
        if usable and ann is not None:
            for q in ann.quotes:
                quoted[speaker_name(q, art.text) or "(unattributed)"] += 1
                quote_spans.append((q.content_start, q.content_end))
        else:
            quoted.update(_fallback_speakers(art.text))
        spans = ann.sentences if usable and ann is not None and ann.sentences else split_sentences(art.text)
        for sp in spans:
            text = art.text[sp.start : sp.end]
            if len(text.split()) < 5 or text.rstrip().endswith("?") or not any(c.islower() for c in text):
                continue
            if not lead and len(text.split()) >= 8 and text.rstrip()[-1:] in '.!"”’':
                lead = text
            inside = any(s < sp.end and sp.start < e for s, e in quote_spans)
            kinds[classify_sentence(text, inside)] += 1
    n = sum(kinds.values()) or 1
    return Framing(
        outlet=outlet,
        article_ids=[a.id for a in articles],
        quoted=dict(quoted.most_common()),
        opinion_share=round(kinds["opinion"] / n, 3),
        lead=lead,
        attributed_share=round(kinds["attributed"] / n, 3),
    )
