"""The language of an article: detected at import with py3langid, whose model ships inside
its wheel (no download at run time), or given by the editor.

Measured on ../shared/corpus (60 articles, six languages): py3langid 60/60 in 0.14 s in all;
lingua-language-detector also 60/60 but a 290 MB install and slower. Below a confidence of
MIN_CONFIDENCE (a headline, a few words) the language is left blank for the editor to set.
"""
from functools import lru_cache

MIN_CONFIDENCE = 0.5
SAMPLE_CHARACTERS = 5_000

# Languages the app has tools for: an extractor lexicon, a text-search configuration.
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "uk": "Ukrainian",
    "ru": "Russian",
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def known_language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code the detector knows (the codes an editor may give)."""
    return tuple(sorted(_identifier().nb_classes))


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when the text is too short to tell."""
    sample = " ".join((text or "")[:SAMPLE_CHARACTERS].split())
    if len(sample) < 20:
        return ""
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else ""


def clean_language_code(value: str) -> str:
    """A language code as given by an editor, lowercased; ValueError with a clear message when unknown."""
    code = (value or "").strip().lower()
    if not code:
        return ""
    if code not in known_language_codes():
        raise ValueError(
            f"Unknown language code {value!r}: give a two-letter ISO 639-1 code such as "
            + ", ".join(NAMES)
            + "."
        )
    return code


def language_name(code: str) -> str:
    return NAMES.get(code, code)
