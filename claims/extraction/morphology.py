"""Word forms of inflecting languages (Russian, Ukrainian) through pymorphy3 and its dictionaries.

"Пескова" -> "Песков", "Зеленського" -> "Зеленський", "Захаровой" -> "Захарова": a name
in any case is brought to the nominative of its own gender. Languages without an analyser
get the word back unchanged. The analysers load once per process (~0.1 s each).
"""
from functools import lru_cache

ANALYSED_LANGUAGES = ("ru", "uk")
NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=None)
def _analyser(language: str):
    if language not in ANALYSED_LANGUAGES:
        return None
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=65_536)
def parses(language: str, word: str) -> tuple:
    analyser = _analyser(language)
    return tuple(analyser.parse(word)) if analyser is not None else ()


def lemma(language: str, word: str) -> str:
    """The dictionary form of a lowercase word (the word itself when unknown)."""
    found = parses(language, word.casefold())
    return found[0].normal_form if found else word.casefold()


def is_given_name(language: str, word: str) -> bool:
    """A word the dictionary knows as a first name ("Марія", "Иван")."""
    return any("Name" in parse.tag.grammemes for parse in parses(language, word)[:3])


def nominative(language: str, word: str) -> str:
    """A noun or adjective in the nominative singular, capitalised as written ("Міністерстві" -> "Міністерство")."""
    found = parses(language, word.casefold())
    if not found or found[0].tag.case in (None, "nomn"):
        return word
    inflected = found[0].inflect({"nomn", "sing"}) or found[0].inflect({"nomn"})
    if inflected is None:
        return word
    return inflected.word[:1].upper() + inflected.word[1:] if word[:1].isupper() else inflected.word


def is_adjective(language: str, word: str) -> bool:
    found = parses(language, word.casefold())
    return bool(found) and "ADJF" in found[0].tag.grammemes


def is_verb(language: str, word: str) -> bool:
    found = parses(language, word.casefold())
    return bool(found) and bool(found[0].tag.grammemes & {"VERB", "GRND", "INFN", "PRTS"})


def looks_like_name(language: str, word: str) -> bool:
    """A capitalised word that the dictionary knows as a name, a place or an abbreviation, or does not know at all."""
    found = parses(language, word)
    if not found:
        return True
    first = found[0]
    if not first.is_known:
        return True
    return any(parse.tag.grammemes & {*NAME_TAGS, "Geox", "Orgn", "Abbr"} for parse in found[:3])


def is_place(language: str, word: str) -> bool:
    found = parses(language, word)
    return bool(found) and "Geox" in found[0].tag.grammemes and not found[0].tag.grammemes & set(NAME_TAGS)


def grammatical_case(language: str, word: str) -> str:
    """The case of a name word ("nomn", "gent", ...), "" when it cannot tell (fixed forms)."""
    for parse in parses(language, word):
        if parse.tag.grammemes & {*NAME_TAGS, "ADJF"} or not parse.is_known:
            if "Fixd" in parse.tag.grammemes:
                return ""
            return str(parse.tag.case or "")
    return ""


def name_base_form(language: str, word: str) -> str:
    """A name word in the nominative of its own gender, capitalised as it was written."""
    found = parses(language, word)
    if not found:
        return word
    chosen = next((parse for parse in found if parse.tag.grammemes & set(NAME_TAGS)), None)
    if chosen is None:
        chosen = next((parse for parse in found if "ADJF" in parse.tag.grammemes), found[0])
    if chosen.tag.case in (None, "nomn") or "Fixd" in chosen.tag.grammemes:
        return word
    wanted = {"nomn", "sing"} if chosen.tag.number == "sing" else {"nomn"}
    inflected = chosen.inflect(wanted)
    if inflected is None:
        return word
    base = inflected.word
    return base[:1].upper() + base[1:] if word[:1].isupper() else base


def name_base_forms(language: str, word: str) -> list[str]:
    """Every nominative a name word may stand for, likeliest first: "Белова" is a woman's name
    in the nominative or a man's in the genitive ("Белова", "Белов")."""
    found = parses(language, word)
    forms = [name_base_form(language, word)]
    for parse in found:
        if not parse.tag.grammemes & {*NAME_TAGS, "ADJF"} and parse.is_known:
            continue
        if parse.tag.case == "nomn":
            forms.insert(0, word)
            continue
        inflected = parse.inflect({"nomn", "sing"} if parse.tag.number == "sing" else {"nomn"})
        if inflected is not None:
            base = inflected.word
            forms.append(base[:1].upper() + base[1:] if word[:1].isupper() else base)
    return list(dict.fromkeys(forms))


def noun_lemma(language: str, word: str) -> str:
    """The lemma of a common word (organisation nouns in any case: "ассоциации" -> "ассоциация")."""
    return lemma(language, word) if language in ANALYSED_LANGUAGES else word.casefold()


FUNCTION_PARTS = {"PREP", "CONJ", "PRCL", "ADVB", "VERB", "INFN", "GRND", "NPRO", "PRED", "INTJ", "ADJS", "COMP", "NUMR"}


def is_function_word(language: str, word: str) -> bool:
    """A preposition, conjunction, adverb, verb or pronoun: capitalised only because it starts a sentence."""
    found = parses(language, word.casefold())
    return bool(found) and found[0].is_known and found[0].tag.POS in FUNCTION_PARTS


def first_case(language: str, word: str) -> str:
    """The case of the word's likeliest reading; "" for fixed forms and unknown words."""
    found = parses(language, word)
    if not found or "Fixd" in found[0].tag.grammemes:
        return ""
    return str(found[0].tag.case or "")


def possible_cases(language: str, word: str) -> frozenset[str]:
    """Every case a name word may be in; empty for fixed forms (they agree with anything)."""
    found = parses(language, word)
    if not found or any("Fixd" in parse.tag.grammemes for parse in found):
        return frozenset()
    return frozenset(str(parse.tag.case) for parse in found if parse.tag.case)
