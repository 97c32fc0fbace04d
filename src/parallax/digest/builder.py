"""One story's digest (summary, comparison, timeline, quotes) and the stories of a set of articles.

Stages are constructor arguments of :class:`DigestBuilder`, so each can be swapped. Annotations
and story assignments are optional: without annotations there are no quotes or timeline and
the comparison falls back to pattern-based speakers; without assignments all articles form one story.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from parallax.digest.compare import Comparer
from parallax.digest.framing import speaker_name
from parallax.digest.summary import Summarizer
from parallax.digest.timeline import timeline
from parallax.digest.update import story_update
from parallax.model import Annotation, Article, Assignment, Digest, Quote, Story, content_id
from parallax.outlets import name_of

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DigestRun:
    """What ``parallax digest`` produced: the digests and the articles (and annotations) they cite."""

    digests: list[Digest]
    articles: list[Article]
    annotations: dict[str, Annotation] = field(default_factory=dict)


def quotes_by_speaker(
    articles: list[Article], annotations: dict[str, Annotation]
) -> dict[str, list[tuple[str, Quote]]]:
    """Speaker name -> (article id, quote), speakers ordered by number of quotes.

    Quotes of one speaker entity are grouped under its fullest name seen in the story.
    """
    groups: dict[str, list[tuple[str, Quote]]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for art in articles:
        ann = annotations.get(art.id)
        if ann is None:
            continue
        for q in ann.quotes:
            name = speaker_name(q, ann.text)
            if not name:
                continue
            key = q.speaker_entity_id or name.lower()
            groups[key].append((art.id, q))
            names[key][name] += 1
    by: dict[str, list[tuple[str, Quote]]] = {}
    for key, items in groups.items():
        display = max(names[key].items(), key=lambda kv: (len(kv[0].split()), kv[1], kv[0]))[0]
        by.setdefault(display, []).extend(items)
    # a bare surname joins the one full name of the story that ends with it ("Sanders" -> "Sarah Sanders")
    for name in [n for n in by if " " not in n]:
        full = [n for n in by if " " in n and n.split()[-1] == name]
        if len(full) == 1:
            by[full[0]].extend(by.pop(name))
    return dict(sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def make_story(story_id: str, articles: list[Article]) -> Story:
    """A Story record for ``articles`` (outlets in order of appearance, date range, earliest title)."""
    outlets: list[str] = []
    for a in articles:
        o = name_of(a)
        if o not in outlets:
            outlets.append(o)
    dates = sorted(a.published for a in articles if a.published)
    titled = sorted((a for a in articles if a.title), key=lambda a: a.published or "~")
    return Story(
        id=story_id,
        article_ids=[a.id for a in articles],
        outlets=outlets,
        title=titled[0].title if titled else None,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


class DigestBuilder:
    """Summarize, compare and date one story's articles."""

    def __init__(
        self,
        summarizer: Summarizer | None = None,
        comparer: Comparer | None = None,
        max_words: int = 150,
    ) -> None:
        self.summarizer = summarizer or Summarizer()
        self.comparer = comparer or Comparer()
        self.max_words = max_words

    def story_digest(
        self, story: Story, articles: list[Article], annotations: dict[str, Annotation] | None = None
    ) -> Digest:
        """The digest of one story; exact/near copies (``duplicate_ids``) should already be left out."""
        anns = annotations or {}
        summary = self.summarizer.summarize(articles, self.max_words, anns)
        comparison = self.comparer.compare(articles, anns, story.id)
        if not story.title and summary:
            story.title = summary[0].text
        return Digest(
            story=story,
            summary=summary,
            comparison=comparison,
            timeline=timeline(articles, anns),
            quotes=quotes_by_speaker(articles, anns),
        )

    def digests(
        self,
        articles: list[Article],
        annotations: dict[str, Annotation] | None = None,
        assignments: list[Assignment] | None = None,
        since: str | None = None,
    ) -> list[Digest]:
        """One digest per story; stories with more outlets and articles come first.

        ``since`` (an ISO date): a story with articles published on or after it and articles before
        it gets an update digest (``Digest.update``); undated articles count as earlier.
        """
        groups: dict[str, list[Article]] = defaultdict(list)
        dupes: set[str] = set()
        if not articles:
            return []
        if assignments is None:
            sid = "story-" + content_id(*sorted(a.id for a in articles))
            groups[sid] = list(articles)
        else:
            by_id = {a.id: a for a in articles}
            for asg in assignments:
                if asg.article_id in by_id:
                    groups[asg.story_id].append(by_id[asg.article_id])
                    if asg.duplicate is not None:
                        dupes.add(asg.article_id)
        out: list[Digest] = []
        for sid, arts in groups.items():
            story = make_story(sid, arts)
            originals = [a for a in arts if a.id not in dupes] or arts
            digest = self.story_digest(story, originals, annotations)
            if since:
                later = [a for a in originals if (a.published or "")[:10] >= since]
                earlier = [a for a in originals if a not in later]
                digest.update = story_update(earlier, later, annotations, since=since)
            out.append(digest)
        out.sort(key=lambda d: (-len(d.story.outlets), -len(d.story.article_ids), d.story.id))
        return out
