"""Text helpers shared outside the extractor; the one normalisation lives in claims.extraction."""

from claims.extraction.normalise import normalise_for_matching

__all__ = ["normalise_for_matching"]
