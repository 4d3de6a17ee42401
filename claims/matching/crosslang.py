"""The same statement in two languages: one source, one day, the same names and numbers.

A Ukrainian quote and its German translation share no words, so neither the text nor the
trigram matching sees them as one claim. They do share what translation keeps: the numbers
("91", "40 000") and the names, compared by transliteration key ("Кравчук" == "Kravchuk" ==
"Krawtschuk"). Two claims by the same source, stated on the same day, in different
languages, with the same numbers and a name in common (or two names and no numbers) are offered to the
reviewer as a possible duplicate, with that reason. Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claims.extraction.lexicon_data import transliteration_key

SCORE = 0.8
NAME_KEY_PREFIX = 4
_NUMBER = re.compile(r"\d+(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_CAPITALISED = re.compile(r"(?<![.!?…]\s)(?<!^)\b([^\W\d_][\w'’\-]*)", re.UNICODE)


@dataclass(frozen=True)
class Said:
    """What the comparison needs of a claim."""

    id: int
    text: str
    speaker_id: int | None
    stated_on: date | None
    language: str


def numbers(text: str) -> frozenset[str]:
    """The numbers of a text with their thousands separators dropped ("40 000" == "40,000")."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = re.sub(r"[ .,\u00a0\u202f](?=\d{3}\b)", "", match.group())
        found.add(value.replace(",", "."))
    return frozenset(found)


def names(text: str) -> frozenset[str]:
    """Transliteration keys (first letters) of the capitalised words not opening a sentence."""
    keys = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if word[:1].isupper() and len(word) > 2:
            key = transliteration_key(word)
            if key:
                keys.add(key[:NAME_KEY_PREFIX])
    return frozenset(keys)


def same_statement(first: Said, second: Said) -> tuple[str, ...] | None:
    """The reasons to think two claims are one statement in two languages, or None."""
    if first.speaker_id is None or first.speaker_id != second.speaker_id:
        return None
    if first.stated_on is None or first.stated_on != second.stated_on:
        return None
    if not first.language or not second.language or first.language == second.language:
        return None
    first_numbers, second_numbers = numbers(first.text), numbers(second.text)
    first_names, second_names = names(first.text), names(second.text)
    shared_names = first_names & second_names
    if first_numbers != second_numbers:
        return None
    # German capitalises every noun, so the name sets differ; what counts is the names both keep.
    names_agree = bool(shared_names) or not (first_names and second_names)
    if not ((first_numbers and names_agree) or len(shared_names) >= 2):
        return None
    shared = sorted(first_numbers) + [f"{len(shared_names)} name{'s' if len(shared_names) != 1 else ''}"] * bool(shared_names)
    return (
        f"the same statement in two languages ({first.language}, {second.language})",
        f"same source, same day ({first.stated_on.isoformat()})",
        "same names and numbers: " + ", ".join(shared),
    )


def with_twins(ranked: list, subject: Said, twins: list[Said], *, limit: int, suggestion_type) -> list:
    """`ranked` with a duplicate suggestion for each twin in another language, first; a pair the
    scorer already ranked is relabelled a duplicate with these reasons."""
    found = []
    for twin in twins:
        reasons = same_statement(subject, twin)
        if reasons is not None:
            found.append(suggestion_type(from_id=subject.id, to_id=twin.id, relation="duplicate", score=SCORE, reasons=reasons))
    if not found:
        return ranked
    twin_ids = {suggestion.to_id for suggestion in found}
    rest = [suggestion for suggestion in ranked if suggestion.other(subject.id) not in twin_ids]
    return (found + rest)[:limit]
