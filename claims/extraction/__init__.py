"""Article text -> cleaned body and attributed quotes. Pure functions: no Django, no database.

    from claims.extraction import clean_text, extract_quotes
    cleaned = clean_text(scraped_text)
    quotes = extract_quotes(cleaned.text, known_sources)
"""
from .cleaning import clean_text
from .normalise import normalise_for_matching
from .quotes import extract_quotes
from .sources import builtin_sources
from .types import CleanedText, KnownSource, Quote

__all__ = [
    "CleanedText",
    "KnownSource",
    "Quote",
    "builtin_sources",
    "clean_text",
    "extract_quotes",
    "normalise_for_matching",
]
