"""Sentence meaning: one small shipped model (MiniLM, quantised ONNX) that story grouping and the comparison share."""

from parallax.meaning.encoder import MeaningModel, default_model

__all__ = ["MeaningModel", "default_model"]
