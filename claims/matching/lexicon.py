"""The matching lexicon (lexicon.json), loaded once, and the text analysis built on it.

Pure Python, no Django: the same functions serve candidate retrieval, scoring and dedup.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from claims.extraction.lexicon_data import matching_denial_cues

LEXICON_PATH = Path(__file__).with_name("lexicon.json")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-"})
_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*", re.UNICODE)
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s")


def stem(word: str) -> str:
    """A light suffix stripper: 'encircled' -> 'encircl', 'forces' -> 'forc', 'units' -> 'unit'."""
    word = word.lower().removesuffix("'s").removesuffix("'")
    if len(word) <= 3:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("ies", "ied"):
                word = word[: -len(suffix)] + "y"
            else:
                word = word[: -len(suffix)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def basic_normalise(text: str) -> str:
    """NFKC, straight quotes and dashes, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


def _phrase_pattern(phrases) -> re.Pattern | None:
    phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<![\w'])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w])")


@dataclass(frozen=True)
class Lexicon:
    """The data of lexicon.json in the shapes the matcher needs."""

    variants: dict[str, str]
    concept_of: dict[str, str]  # stemmed word or lower-case phrase -> concept (first word of its group)
    phrases: tuple[str, ...]  # multi-word synonym phrases, longest first
    antonyms: tuple[tuple[str, str], ...]  # pairs of concepts
    denial_cues: tuple[str, ...]
    qualifying_cues: tuple[str, ...]
    support_cues: tuple[str, ...]
    absolutes: frozenset[str]
    demonyms: dict[str, str]
    first_person: frozenset[str]
    stopwords: frozenset[str]
    negations: tuple[str, ...] = ()
    _patterns: dict = field(default_factory=dict, compare=False, repr=False)

    def pattern(self, name: str) -> re.Pattern | None:
        if name not in self._patterns:
            self._patterns[name] = _phrase_pattern(
                {
                    "variants": self.variants,
                    "phrases": self.phrases,
                    "denial": self.denial_cues,
                    "qualifying": self.qualifying_cues,
                    "support": self.support_cues,
                }[name]
            )
        return self._patterns[name]

    def synonyms_of(self, concept: str) -> list[str]:
        return sorted(term for term, owner in self.concept_of.items() if owner == concept)


def _concept_key(term: str) -> str:
    return term if " " in term else stem(term)


@cache
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read lexicon.json once per process (pass `path` to read another file, as tests do)."""
    data = json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
    concept_of: dict[str, str] = {}
    phrases: list[str] = []
    for group in data["synonyms"]["groups"]:
        concept = group[0]
        for term in group:
            term = term.lower()
            concept_of.setdefault(_concept_key(term), concept)
            if " " in term:
                phrases.append(term)
    antonyms = []
    for left, right in data["antonyms"]["pairs"]:
        antonyms.append((concept_of.get(_concept_key(left), left), concept_of.get(_concept_key(right), right)))
        for term in (left, right):
            if " " in term:
                phrases.append(term)
            concept_of.setdefault(_concept_key(term), term)
    return Lexicon(
        variants={key.lower(): value.lower() for key, value in data["variants"]["map"].items()},
        concept_of=concept_of,
        phrases=tuple(sorted(set(phrases), key=len, reverse=True)),
        antonyms=tuple(antonyms),
        # Denial cues of the other languages come from the extraction lexicons (issue 15).
        denial_cues=tuple(cue.lower() for cue in data["denial_cues"]["cues"]) + matching_denial_cues(),
        qualifying_cues=tuple(cue.lower() for cue in data["qualifying_cues"]["cues"]),
        support_cues=tuple(cue.lower() for cue in data["support_cues"]["cues"]),
        absolutes=frozenset(word.lower() for word in data["absolutes"]["words"]),
        demonyms={key.lower(): value.lower() for key, value in data["demonyms"]["map"].items()},
        first_person=frozenset(word.lower() for word in data["first_person"]["words"]),
        stopwords=frozenset(word.lower() for word in data["stopwords"]["words"]),
        negations=tuple(word.lower() for word in data.get("negations", {}).get("words", ())),
    )


def apply_variants(text: str, lexicon: Lexicon | None = None) -> str:
    """Lower-cased text with translation and spelling variants rewritten to one form."""
    lexicon = lexicon or load_lexicon()
    text = basic_normalise(text)
    pattern = lexicon.pattern("variants")
    if pattern is None:
        return text
    return pattern.sub(lambda match: lexicon.variants[match.group(1)], text)


def normalise_for_dedup(text: str, lexicon: Lexicon | None = None) -> str:
    """Variants applied, punctuation dropped, single spaces: 'the Russian Army.' == 'the russian military'."""
    text = apply_variants(text, lexicon)
    return " ".join(_WORD.findall(text.replace("'s ", " ")))


def find_cues(text: str, kind: str, lexicon: Lexicon | None = None) -> list[str]:
    """The cue phrases of `kind` (denial|qualifying|support) found in `text`, in order."""
    lexicon = lexicon or load_lexicon()
    cues = {"denial": lexicon.denial_cues, "qualifying": lexicon.qualifying_cues, "support": lexicon.support_cues, "negation": lexicon.negations}[kind]
    text = apply_variants(text, lexicon)
    found = [cue for cue in cues if re.search(r"(?<![\w'])" + re.escape(cue) + r"(?![\w])", text)]
    return [cue for cue in found if not any(cue != other and cue in other for other in found)]


@dataclass(frozen=True)
class Terms:
    """The topic of a text: concept -> the word as written, and the names in it."""

    concepts: dict[str, str]
    names: dict[str, str]  # lower-case key -> as written
    parties: frozenset[str]
    first_person: bool
    absolutes: frozenset[str]


def analyse(text: str, lexicon: Lexicon | None = None) -> Terms:
    """Content concepts (synonyms folded), capitalised names and parties mentioned in `text`."""
    lexicon = lexicon or load_lexicon()
    raw = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    names: dict[str, str] = {}
    parties: set[str] = set()
    for sentence in re.split(r"(?<=[.!?:;\"])\s+", raw):
        words = _WORD.findall(sentence)
        for position, word in enumerate(words):
            lower = word.lower()
            key = lower.removesuffix("'s")
            if key in lexicon.demonyms or lower in lexicon.demonyms:
                parties.add(lexicon.demonyms.get(lower, lexicon.demonyms.get(key)))
            if word[:1].isupper() and key not in lexicon.stopwords and len(key) > 1:
                if position == 0 and key in lexicon.stopwords:
                    continue
                canonical = lexicon.variants.get(key, key)
                canonical = lexicon.demonyms.get(canonical, canonical)
                names.setdefault(canonical, word.removesuffix("'s"))
                parties.add(canonical)
    name_words = {written.lower() for written in names.values()}
    lowered = apply_variants(raw, lexicon)
    concepts: dict[str, str] = {}
    phrase_pattern = lexicon.pattern("phrases")
    if phrase_pattern is not None:
        for match in phrase_pattern.finditer(lowered):
            concepts.setdefault(lexicon.concept_of[match.group(1)], match.group(1))
        lowered = phrase_pattern.sub(" ", lowered)
    words = _WORD.findall(lowered)
    for word in words:
        key = word.removesuffix("'s")
        if key in lexicon.stopwords or len(key) < 3 or key.isdigit():
            continue
        if key in name_words:
            concepts.setdefault(lexicon.demonyms.get(key, lexicon.variants.get(key, key)), word)
            continue
        if key in lexicon.demonyms:
            concepts.setdefault(lexicon.demonyms[key], word)
            continue
        stemmed = stem(key)
        concept = lexicon.concept_of.get(stemmed, stemmed)
        concepts.setdefault(concept, word)
    return Terms(
        concepts=concepts,
        names=names,
        parties=frozenset(parties),
        first_person=any(word in lexicon.first_person for word in words),
        absolutes=frozenset(word for word in words if word in lexicon.absolutes),
    )
