"""A tiny stand-in for ``parallax.stories.StoryAssigner`` (same contract, trivial rules).

Story = first word of the title (or text); exact text copies are duplicates. Only for
testing the store's bookkeeping, never used by the library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from parallax.model import Annotation, Article, Duplicate, Story


@dataclass
class FakeAssignment:
    article_id: str
    story_id: str
    duplicate: Duplicate | None


class FakeAssigner:
    def __init__(self) -> None:
        self.members: dict[str, list[str]] = {}
        self.by_text: dict[str, str] = {}
        self.key_to_story: dict[str, str] = {}
        self.merge_all = False

    def add(self, article: Article, annotation: Annotation | None = None) -> FakeAssignment:
        key = (article.title or article.text).split(" ")[0].lower() or "untitled"
        story = self.key_to_story.setdefault(key, f"s-{key}")
        self.members.setdefault(story, []).append(article.id)
        dup = None
        if article.text in self.by_text:
            dup = Duplicate(article.id, self.by_text[article.text], 1.0, True)
        else:
            self.by_text[article.text] = article.id
        return FakeAssignment(article.id, story, dup)

    def stories(self) -> list[Story]:
        return [Story(sid, list(ids)) for sid, ids in sorted(self.members.items())]

    def to_bytes(self) -> bytes:
        return json.dumps([self.members, self.by_text, self.key_to_story]).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> FakeAssigner:
        a = cls()
        a.members, a.by_text, a.key_to_story = json.loads(data)
        return a

    def recluster(self) -> dict[str, str]:
        """Merge every story into the alphabetically first one."""
        if not self.members:
            return {}
        target = min(self.members)
        merged = [a for ids in self.members.values() for a in ids]
        mapping = {sid: target for sid in self.members}
        self.members = {target: merged}
        self.key_to_story = dict.fromkeys(self.key_to_story, target)
        return mapping


def factory(state: bytes | None) -> FakeAssigner:
    return FakeAssigner() if state is None else FakeAssigner.from_bytes(state)
