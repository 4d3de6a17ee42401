"""Denial cues of every language reach the matcher's polarity detection through the lexicons."""

import pytest

from claims.matching.lexicon import find_cues


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Das ist eine weitere Lüge aus Moskau", "lüge"),
        ("Le ministère a publié un démenti", "démenti"),
        ("La ministra desmiente la noticia", "desmiente"),
        ("Це чергова брехня", "брехня"),
        ("Информация не соответствует действительности", "не соответствует действительности"),
        ("Это фейк", "фейк"),
    ],
)
def test_a_denial_in_each_language_is_found(text, cue):
    assert cue in find_cues(text, "denial")


def test_plain_negations_of_other_languages_are_not_denials_in_english():
    assert find_cues("No one came and the plan is not new", "denial") == []
