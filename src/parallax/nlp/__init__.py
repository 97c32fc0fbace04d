"""Language understanding: sentences, entities, quotes with speakers, and time expressions.

``Annotator`` runs every stage on an Article; ``link_story`` re-links entity ids across the
articles of one story. Models load lazily (on the first ``Annotator()``).
"""

from parallax.nlp.annotator import Annotator, link_story, to_json
from parallax.nlp.entities import canonical_name, link
from parallax.nlp.segment import sentences, tokens
from parallax.nlp.timex import find_times

__all__ = [
    "Annotator",
    "canonical_name",
    "find_times",
    "link",
    "link_story",
    "sentences",
    "to_json",
    "tokens",
]
