"""The import's batched lookups find exactly what the one-by-one selectors find, in fewer queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import selectors, services
from claims.importing.pipeline import prepare_text
from claims.models import AuditEvent
from tests.factories import SourceAliasFactory, SourceFactory
from tests.importing.test_services import ARTICLE, _quote


def test_sources_find_known_matches_source_find_by_name_for_names_and_aliases(db):
    ana = SourceFactory(name="Ana Costa")
    SourceAliasFactory(source=SourceFactory(name="Ana Maria Costa"), name="Ana Costa")  # the name beats an alias
    piet = SourceFactory(name="Pieter de Vries")
    SourceAliasFactory(source=piet, name="Piet de Vries")
    survivor = SourceFactory(name="Port Authority")
    merged = SourceFactory(name="The Port Authority", merged_into=survivor)
    SourceAliasFactory(source=merged, name="Harbour Board")
    names = ["ANA  costa", "piet de vries", "Harbour Board", "The Port Authority", "Nobody Known", ""]
    found = selectors.sources_find_known(names=names)
    assert found["ANA costa"] == (ana, "exact")
    for name in names:
        single, how = selectors.source_find_by_name(name=name)
        normalised = " ".join(name.split())
        if how in ("exact", "alias"):
            assert found[normalised] == (single, how)
        else:
            assert normalised not in found


def test_import_of_known_speakers_repeating_claims_takes_few_queries(db, editor):
    prepared = prepare_text(ARTICLE)
    text = prepared.text
    quotes = [
        _quote("We will not return to work until the contract is signed", "Ana Costa", article=text),
        _quote("No agreement was ever offered", "Piet de Vries", article=text),
    ]
    services.article_import(prepared=prepared, quotes=quotes, actor=editor, url="https://harbour.example/one")
    again = prepare_text(ARTICLE + "\n\nUpdated later.")
    with CaptureQueriesContext(connection) as queries:
        result = services.article_import(prepared=again, quotes=quotes, actor=editor, url="https://harbour.example/two")
    assert [item.claim_created for item in result.quotes] == [False, False]
    assert len(result.article.appearances.all()) == 2
    assert AuditEvent.objects.filter(verb="appearance-created").count() == 4
    # Duplicate check, outlet, article, speakers (1), same claims (1), appearances + their audit rows (2), article
    # audit row, and the savepoints around them; one quote at a time it was 24.
    assert len(queries.captured_queries) == 15, "\n".join(query["sql"][:120] for query in queries.captured_queries)


def _most_similar_by_comparing_every_name(name: str):
    """What source_find_by_name's similar step did before the GiST index: every name compared."""
    from django.contrib.postgres.search import TrigramSimilarity

    from claims.models import Source

    return (
        Source.objects.active().annotate(similarity=TrigramSimilarity("name", name))
        .filter(similarity__gte=selectors.SPEAKER_SIMILARITY_THRESHOLD).order_by("-similarity", "id")
        .values_list("pk", "similarity").first()
    )


def test_similar_speaker_from_the_nearest_names_is_the_one_every_name_gives(db):
    # Names built from few syllables, so many are alike and many tie with each other.
    import random

    from claims.models import Source

    rng = random.Random(7)
    syllables = ["an", "ber", "co", "da", "el", "fin", "go"]

    def name():
        return " ".join("".join(rng.choice(syllables) for _ in range(2)).capitalize() for _ in range(2))

    names = {name() for _ in range(150)}
    for each in sorted(names):
        SourceFactory(name=each)
    for probe in [name() + suffix for _ in range(60) for suffix in ("", "a")]:
        expected = _most_similar_by_comparing_every_name(probe)
        found = selectors._most_similar_name(Source.objects.active(), "pk", probe)
        assert found == expected, probe


def test_similar_speaker_ties_beyond_the_nearest_names_go_to_the_oldest(db):
    # 25 names equally similar to the probe: more than the nearest names compared.
    tied = [SourceFactory(name=f"Marta Lindqvist Q{chr(ord('a') + number)}") for number in range(25)]
    few = [SourceFactory(name=f"Tomasz Wierzbicki Z{chr(ord('a') + number)}") for number in range(5)]
    assert selectors.NEAREST_NAMES < 25
    assert selectors.source_find_by_name(name="Marta Lindqvist") == (tied[0], "similar")
    assert selectors.source_find_by_name(name="Tomasz Wierzbicki") == (few[0], "similar")
