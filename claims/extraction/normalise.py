"""Comparison form of text: never stored, only used to decide whether two strings match."""
import re
import unicodedata

_QUOTE_TRANSLATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
})
_WHITESPACE = re.compile(r"\s+")


def normalise_for_matching(text: str) -> str:
    """NFKC, straight quotes, single spaces, case-folded: for comparing quotes, never for storage."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_TRANSLATION)
    # NFKC turns no-break spaces into plain ones, but \s also catches the rest (U+2009 etc.).
    return _WHITESPACE.sub(" ", folded).strip().casefold()
