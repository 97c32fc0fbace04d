"""Language understanding: sentences, entities, quotes with speakers, and time expressions."""

from parallax.nlp.segment import sentences, tokens

__all__ = ["sentences", "tokens"]
