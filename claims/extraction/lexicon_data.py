"""Per-language lexicons (claims/extraction/lexicons/<code>.json) and the word tools built on them.

A lexicon is data only: quote-mark pairs, reporting verbs (word forms, `prefix*` stems, or
lemmas for languages with a morphological analyser), "according to" phrases, pronouns, role
and organisation nouns, words that never start a name, verdict words for short quotes, denial
cues, and for Cyrillic languages a transliteration table and an English gloss of common
organisation words. Adding a language is adding one file (see docs/languages.md).
"""
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_FOLDER = Path(__file__).with_name("lexicons")

# The transliteration key: one spelling for "Лавров", "Lavrov" and "Lawrow", for
# "Зеленський", "Zelensky" and "Selenskyj". Never shown; only compared.
_KEY_CYRILLIC = dict(zip(
    "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "g", "d", "e", "e", "e", "s", "s", "i", "i", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "h", "c", "c", "s", "s", "", "i", "", "e", "iu", "ia"],
))
_KEY_SPELLINGS = (
    ("tsch", "c"), ("sch", "s"), ("zh", "s"), ("sh", "s"), ("ch", "c"), ("kh", "h"), ("ts", "c"), ("gue", "ge"),
    ("gui", "gi"), ("ou", "u"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("j", "i"), ("y", "i"), ("z", "s"), ("h", "g"),
    ("q", "k"), ("x", "ks"),
)
_REPEATED = re.compile(r"(.)\1+")
_NOT_KEY = re.compile(r"[^a-z ]+")


def fold(text: str) -> str:
    """Case and accents off (the letters themselves kept: Cyrillic stays Cyrillic)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=131_072)
def transliteration_key(text: str) -> str:
    """A spelling-blind key for a name in Latin or Cyrillic script ("Lawrow" == "Лавров" == "Lavrov")."""
    key = "".join(_KEY_CYRILLIC.get(character, character) for character in fold(text))
    key = key.replace("-", " ")
    for written, keyed in _KEY_SPELLINGS:
        key = key.replace(written, keyed)
    key = _NOT_KEY.sub("", key)
    return " ".join(_REPEATED.sub(r"\1", word) for word in key.split())


@dataclass(frozen=True)
class Lexicon:
    """One language's vocabulary for the extractor; built from its JSON file."""

    language: str
    name: str
    script: str
    quote_pairs: tuple[tuple[str, str], ...]
    reporting_forms: frozenset[str]
    reporting_prefixes: tuple[str, ...]
    reporting_lemmas: frozenset[str]
    according_to: tuple[str, ...]
    according_to_after: tuple[str, ...]
    attached_pronoun: re.Pattern | None
    pronouns: frozenset[str]
    skip_words: frozenset[str]
    role_nouns: frozenset[str]
    role_suffixes: tuple[str, ...]
    spokesperson_nouns: frozenset[str]
    organisation_nouns: dict
    organisation_suffixes: tuple[str, ...]
    statement_nouns: frozenset[str]
    impersonal_prepositions: frozenset[str]
    noun_determiners: frozenset[str]
    name_particles: frozenset[str]
    non_name_words: frozenset[str]
    verdict_words: tuple[str, ...]
    title_markers: frozenset[str]
    denial_cues: tuple[str, ...]
    denial_verbs: frozenset[str]
    agent_prepositions: frozenset[str] = frozenset()
    pro_drop: bool = False
    capitalises_nouns: bool = False
    gloss: dict = field(default_factory=dict)
    transliteration: dict = field(default_factory=dict)
    transliteration_initial: dict = field(default_factory=dict)
    transliteration_endings: dict = field(default_factory=dict)

    @property
    def openers(self) -> dict[str, str]:
        """Opening mark -> every mark that may close it."""
        closers: dict[str, str] = {}
        for opening, closing in self.quote_pairs:
            closers[opening] = closers.get(opening, "") + closing
        return closers

    def is_reporting_form(self, lowered: str) -> bool:
        return _is_reporting_form(self.language, lowered)

    def is_role(self, lowered: str) -> bool:
        return _is_role(self.language, lowered)

    def organisation_class(self, lowered: str) -> str | None:
        return _organisation_class(self.language, lowered)

    def transliterate(self, text: str) -> str:
        """Cyrillic -> Latin by this language's national table; Latin text comes back unchanged."""
        if not self.transliteration:
            return text
        words = []
        for word in re.split(r"(\W+)", text):
            lowered = word.casefold()
            ending = ""
            for written, latin in self.transliteration_endings.items():
                if lowered.endswith(written) and len(lowered) > len(written) + 1:
                    lowered, ending = lowered[: -len(written)], latin
                    break
            latin_word = "".join(
                (self.transliteration_initial.get(character) if position == 0 else None)
                or self.transliteration.get(character, character)
                for position, character in enumerate(lowered)
            ) + ending
            words.append(latin_word.capitalize() if word[:1].isupper() else latin_word)
        return "".join(words)


# Word lookups, remembered per language: the extractor asks about every word of an article.
@lru_cache(maxsize=131_072)
def _is_reporting_form(language: str, lowered: str) -> bool:
    lexicon = lexicon_for(language)
    return lowered in lexicon.reporting_forms or any(lowered.startswith(prefix) for prefix in lexicon.reporting_prefixes)


@lru_cache(maxsize=131_072)
def _is_role(language: str, lowered: str) -> bool:
    lexicon = lexicon_for(language)
    return lowered in lexicon.role_nouns or any(lowered.endswith(suffix) for suffix in lexicon.role_suffixes)


@lru_cache(maxsize=131_072)
def _organisation_class(language: str, lowered: str) -> str | None:
    lexicon = lexicon_for(language)
    if lowered in lexicon.organisation_nouns:
        return lexicon.organisation_nouns[lowered]
    for suffix in lexicon.organisation_suffixes:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 2:
            return "organisation"
    return None


def _words(values) -> frozenset[str]:
    return frozenset(value.casefold() for value in values)


@lru_cache(maxsize=None)
def lexicon_for(language: str) -> Lexicon | None:
    """The lexicon of a language code ("de"), or None when there is none."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return None
    path = LEXICON_FOLDER / f"{language}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    verbs = data.get("reporting_verbs", [])
    attached = data.get("attached_pronoun") or ""
    return Lexicon(
        language=data["language"],
        name=data["name"],
        script=data.get("script", "latin"),
        quote_pairs=tuple((opening, closing) for opening, closing in data["quote_pairs"]),
        reporting_forms=_words(verb for verb in verbs if not verb.endswith("*")),
        reporting_prefixes=tuple(verb[:-1].casefold() for verb in verbs if verb.endswith("*")),
        reporting_lemmas=_words(data.get("reporting_verb_lemmas", [])),
        according_to=tuple(sorted((phrase.casefold() for phrase in data.get("according_to", [])), key=len, reverse=True)),
        according_to_after=tuple(phrase.casefold() for phrase in data.get("according_to_after", [])),
        attached_pronoun=re.compile(attached, re.IGNORECASE) if attached else None,
        pronouns=_words(data.get("pronouns", [])),
        skip_words=_words(data.get("skip_words", [])),
        role_nouns=_words(data.get("role_nouns", [])),
        role_suffixes=tuple(suffix.casefold() for suffix in data.get("role_suffixes", [])),
        spokesperson_nouns=_words(data.get("spokesperson_nouns", [])),
        organisation_nouns={noun.casefold(): kind for noun, kind in data.get("organisation_nouns", {}).items()},
        organisation_suffixes=tuple(suffix.casefold() for suffix in data.get("organisation_suffixes", [])),
        statement_nouns=_words(data.get("statement_nouns", [])),
        impersonal_prepositions=_words(data.get("impersonal_prepositions", [])),
        noun_determiners=_words(data.get("noun_determiners", [])),
        name_particles=_words(data.get("name_particles", [])),
        non_name_words=_words(data.get("non_name_words", [])),
        verdict_words=tuple(word.casefold() for word in data.get("verdict_words", [])),
        title_markers=_words(data.get("title_markers", [])),
        denial_cues=tuple(cue.casefold() for cue in data.get("denial_cues", [])),
        denial_verbs=_words(data.get("denial_verbs", [])),
        agent_prepositions=_words(data.get("agent_prepositions", [])),
        pro_drop=bool(data.get("pro_drop", False)),
        capitalises_nouns=bool(data.get("capitalises_nouns", False)),
        gloss={word.casefold(): english for word, english in data.get("gloss", {}).items()},
        transliteration=data.get("transliteration", {}),
        transliteration_initial=data.get("transliteration_initial", {}),
        transliteration_endings=data.get("transliteration_endings", {}),
    )


def lexicon_languages() -> tuple[str, ...]:
    """Every language code that has a lexicon file."""
    return tuple(sorted(path.stem for path in LEXICON_FOLDER.glob("*.json")))


def denial_cue(lexicon: Lexicon, text: str) -> str:
    """The first denial cue of the language in `text` (word start), or ""."""
    lowered = fold(text)
    for cue in lexicon.denial_cues:
        match = re.search(r"(?<!\w)" + re.escape(fold(cue)) + (r"(?!\w)" if len(cue) <= 3 else ""), lowered)
        if match:
            return cue
    return ""


@lru_cache(maxsize=1)
def matching_denial_cues() -> tuple[str, ...]:
    """The denial cues of every lexicon for the matcher ("Lüge", "mensonge", "неправда"): words
    and phrases that deny in any context, unlike the extractor's negations ("nicht", "не")."""
    cues: list[str] = []
    for path in sorted(LEXICON_FOLDER.glob("*.json")):
        cues.extend(cue.casefold() for cue in json.loads(path.read_text(encoding="utf-8")).get("matching_denial_cues", []))
    return tuple(dict.fromkeys(cues))
