"""Across languages and scripts: one source for a Cyrillic name and its Latin spellings, and
the same statement in two languages offered as a possible duplicate."""

import datetime

import pytest

from claims import services
from claims.importing.pipeline import extract, prepare_text
from claims.matching.crosslang import Said, same_statement
from claims.models import ClaimLink, Source
from claims.selectors import extraction_known_sources
from tests import factories

pytestmark = pytest.mark.django_db

UKRAINIAN = (
    "Міністр енергетики Остап Кравчук заявив, що відключень світла цієї зими не буде.\n\n"
    "«Енергосистема має достатній резерв потужностей на всю зиму», – сказав Кравчук журналістам."
)
GERMAN = (
    "Der ukrainische Energieminister Ostap Krawtschuk hat Stromabschaltungen im Winter ausgeschlossen.\n\n"
    "„Das Stromnetz hat genug Reserven für den ganzen Winter“, sagte Krawtschuk am Montag."
)
DAY = datetime.date(2026, 1, 12)


def _import(text: str, url: str):
    prepared = prepare_text(text, input_kind="paste", url=url)
    quotes = extract(prepared, extraction_known_sources())
    return services.article_import(prepared=prepared, quotes=quotes, actor=None, published=DAY), prepared


def test_a_cyrillic_name_and_its_latin_spellings_are_one_source_with_every_spelling_as_alias(client):
    ukrainian, prepared = _import(UKRAINIAN, "https://news.example/uk/energy")
    assert prepared.language == "uk"
    german, prepared = _import(GERMAN, "https://news.example/de/energie")
    assert prepared.language == "de"
    speakers = {item.claim.speaker_id for item in ukrainian.quotes + german.quotes}
    assert len(speakers) == 1
    source = Source.objects.get(pk=speakers.pop())
    assert source.name == "Ostap Kravchuk"
    aliases = set(source.aliases.values_list("name", flat=True))
    assert {"Остап Кравчук", "Ostap Krawtschuk"} <= aliases
    assert ukrainian.article.language == "uk" and german.article.language == "de"


def test_the_same_statement_in_two_languages_is_offered_as_a_duplicate_with_the_reason():
    source = factories.SourceFactory(name="Ostap Kravchuk")
    german = factories.ClaimFactory(speaker=source, stated_on=DAY, language="de", text="Wir haben 40 Transformatoren von Siemens bekommen")
    ukrainian = factories.ClaimFactory(speaker=source, stated_on=DAY, language="uk", text="Ми отримали 40 трансформаторів від Siemens")
    services.claim_suggestions_recompute(claim=ukrainian)
    link = ClaimLink.objects.get(relation=ClaimLink.Relation.DUPLICATE)
    assert {link.from_claim_id, link.to_claim_id} == {german.pk, ukrainian.pk}
    assert any("two languages" in reason for reason in link.reasons)


def test_another_day_or_the_same_language_is_not_a_cross_language_duplicate():
    base = Said(1, "Wir haben 40 Transformatoren von Siemens bekommen", 7, DAY, "de")
    assert same_statement(base, Said(2, "Ми отримали 40 трансформаторів від Siemens", 7, DAY, "uk")) is not None
    assert same_statement(base, Said(2, "Ми отримали 40 трансформаторів від Siemens", 7, DAY + datetime.timedelta(days=1), "uk")) is None
    assert same_statement(base, Said(2, "Wir haben 40 Transformatoren von Siemens bekommen", 7, DAY, "de")) is None
    assert same_statement(base, Said(2, "Ми отримали 45 трансформаторів від Siemens", 7, DAY, "uk")) is None
    assert same_statement(base, Said(2, "Ми отримали 40 трансформаторів від Siemens", 8, DAY, "uk")) is None
