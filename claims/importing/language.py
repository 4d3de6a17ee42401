"""The language of an article: detected at import with lingua-language-detector, whose models
ship inside its wheel (no download at run time), or given by the editor.

Measured on ../shared/corpus (60 articles, six languages): lingua 60/60 and ~0.1 s in a fresh
process (its models load lazily, per language met); py3langid also 60/60 but ~5 s to load its
compressed model in every new process (each `import_article` is one). Below a confidence of
MIN_CONFIDENCE (a headline, a few words) the language is left blank for the editor to set.
"""
from functools import lru_cache

MIN_CONFIDENCE = 0.5
SAMPLE_CHARACTERS = 5_000
MIN_CHARACTERS = 20

# Languages the app has tools for: an extractor lexicon, a text-search configuration.
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "uk": "Ukrainian",
    "ru": "Russian",
}


# The languages the detector chooses among: those of the news the app imports, with their
# close neighbours so that these are told apart. All 75 of lingua's languages took a short
# Ukrainian sentence for Kazakh at full confidence.
DETECTED = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "uk", "ru", "be", "bg", "sr", "cs", "sk", "sl", "hr", "ro", "hu",
    "el", "tr", "sv", "da", "nb", "fi", "et", "lv", "lt", "ka", "hy", "ar", "he", "fa", "hi", "zh", "ja", "ko", "id", "vi",
)


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in DETECTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=1)
def known_language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code an editor may give: any language lingua knows, detected or not."""
    from lingua import Language

    return tuple(sorted(language.iso_code_639_1.name.lower() for language in Language.all()))


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when the text is too short to tell."""
    sample = " ".join((text or "")[:SAMPLE_CHARACTERS].split())
    if len(sample) < MIN_CHARACTERS:
        return ""
    best = _detector().compute_language_confidence_values(sample)[0]
    return best.language.iso_code_639_1.name.lower() if best.value >= MIN_CONFIDENCE else ""


def clean_language_code(value: str) -> str:
    """A language code as given by an editor, lowercased; ValueError with a clear message when unknown."""
    code = (value or "").strip().lower()
    if not code:
        return ""
    if code not in known_language_codes():
        raise ValueError(
            f"Unknown language code {value!r}: give a two-letter ISO 639-1 code such as " + ", ".join(NAMES) + "."
        )
    return code


def language_name(code: str) -> str:
    return NAMES.get(code, code)
