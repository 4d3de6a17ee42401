"""Search in each claim's own language: per-language text-search configurations, one GIN index."""

import re

import pytest
from django.db import connection

from claims.models import Claim
from tests import factories
from tests.public.conftest import empty_cache, published_claim  # noqa: F401 - the autouse cache fixture

pytestmark = pytest.mark.django_db


def results(response) -> list[str]:
    section = re.search(r'<section id="search-results".*?</section>', response.content.decode(), re.S).group(0)
    return re.findall(r'<a href="(/claims/[^"]+/)">', section)


def test_public_search_finds_a_german_word_through_the_german_stemmer(client):
    german = published_claim(text="Die Einheiten wurden bei der Stadt eingekesselt", language="de")
    published_claim(text="The units left the town in good order")
    assert results(client.get("/search/?q=eingekesselt")) == [german.get_absolute_url()]


def test_public_search_finds_another_form_of_a_russian_word(client):
    russian = published_claim(text="Армия избежала окружения под городом", language="ru")
    assert results(client.get("/search/?q=окружение")) == [russian.get_absolute_url()]
    assert "<mark>окружения</mark>" in client.get("/search/?q=окружение").content.decode()


def test_ukrainian_is_matched_without_accents_or_case(client):
    ukrainian = published_claim(text="Оточення міста не було", language="uk")
    assert results(client.get("/search/?q=ОТОЧЕННЯ")) == [ukrainian.get_absolute_url()]


def test_english_claims_are_still_stemmed_in_english(client):
    english = published_claim(text="The ministry denied the reports")
    assert results(client.get("/search/?q=report")) == [english.get_absolute_url()]


def test_the_search_vector_uses_the_claim_language_configuration():
    claim = factories.ClaimFactory(text="Les troupes étaient encerclées", language="fr")
    vector = Claim.objects.filter(pk=claim.pk).values_list("search_vector", flat=True).get()
    assert "'encercl'" in vector


def test_search_by_language_still_uses_the_gin_index():
    factories.ClaimFactory.create_batch(30, language="de")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        query, params = Claim.objects.search("eingekesselt").values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + query, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "claim_search_vector" in plan
