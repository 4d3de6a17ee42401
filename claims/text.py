"""Text helpers with no Django in them."""

import re
import unicodedata

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_SPACES = re.compile(r"\s+")


def normalise_for_matching(text: str) -> str:
    """NFKC, straight quotes, single spaces, casefolded: for comparing, never for storing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS)
    return _SPACES.sub(" ", text).strip().casefold()
