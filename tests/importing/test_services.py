"""article_import: one transaction, speakers resolved, duplicates refused, repeats become appearances."""

from dataclasses import replace

import pytest
from django.db import connection

from claims import selectors, services
from claims.extraction import Quote
from claims.models import Appearance, Article, AuditEvent, Claim, Source, SourceAlias
from claims.importing.pipeline import extract, prepare_text
from tests.factories import SourceAliasFactory

ARTICLE = (
    "Port strike talks collapse\n\n"
    '"We will not return to work until the contract is signed," union leader Ana Costa said on Tuesday.\n\n'
    'The port authority denied that any contract had been promised. "No agreement was ever offered," '
    "said Piet de Vries, its chairman."
)
TEXT = prepare_text(ARTICLE).text


def _quote(text, speaker, *, article=TEXT, kind="direct", polarity="asserts", as_written=None, speaker_kind="person"):
    start = article.index(text)
    return Quote(
        speaker=speaker, speaker_as_written=as_written or speaker, speaker_kind=speaker_kind, text=text, start=start,
        end=start + len(text), kind=kind, polarity=polarity, polarity_cue="", context="", attribution="", reporting_verb="said",
    )


@pytest.fixture
def prepared():
    return prepare_text(ARTICLE)


def test_import_creates_article_sources_draft_claims_appearances_and_audit_rows(db, prepared, editor):
    quotes = extract(prepared)
    assert {quote.speaker for quote in quotes} == {"Ana Costa", "Piet de Vries"}
    result = services.article_import(prepared=prepared, quotes=quotes, actor=editor, outlet_name="Harbour Times", url="https://harbour.example/strike")
    assert not result.duplicate
    article = result.article
    assert article.text == prepared.text and article.raw_input == ARTICLE
    assert article.outlet.name == "Harbour Times"
    assert Claim.objects.filter(status=Claim.Status.DRAFT).count() == len(quotes)
    for item in result.quotes:
        assert article.text[item.appearance.start:item.appearance.end] == item.claim.text
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs.count("article-imported") == 1
    assert verbs.count("claim-created") == len(quotes)
    assert verbs.count("appearance-created") == len(quotes)
    assert verbs.count("source-created") == 2


def test_the_same_article_twice_creates_nothing(db, prepared, editor):
    quotes = extract(prepared)
    first = services.article_import(prepared=prepared, quotes=quotes, actor=editor, url="https://harbour.example/strike")
    counts = (Article.objects.count(), Claim.objects.count(), Appearance.objects.count(), AuditEvent.objects.count())
    again_by_url = services.article_import(prepared=prepare_text(ARTICLE + "\n\nUpdated."), quotes=[], actor=editor, url="https://harbour.example/strike")
    again_by_hash = services.article_import(prepared=prepared, quotes=quotes, actor=editor, url="")
    assert again_by_url.duplicate and again_by_hash.duplicate
    assert again_by_url.article == first.article == again_by_hash.article
    assert (Article.objects.count(), Claim.objects.count(), Appearance.objects.count(), AuditEvent.objects.count()) == counts


def test_a_quote_already_claimed_by_the_same_speaker_becomes_a_new_appearance(db, editor):
    first_text = 'Costa repeated: "We will not return to work until the contract is signed," at the gate.'
    first = prepare_text(first_text)
    services.article_import(prepared=first, quotes=[_quote("We will not return to work until the contract is signed,", "Ana Costa", article=first.text)], actor=editor)
    second_article = prepare_text(ARTICLE)
    quote = _quote("We will not return to work until the contract is signed,", "Ana Costa", article=second_article.text)
    result = services.article_import(prepared=second_article, quotes=[quote], actor=editor)
    assert not result.quotes[0].claim_created
    claim = result.quotes[0].claim
    assert claim.appearances.count() == 2
    assert Claim.objects.count() == 1


def test_claim_find_same_ignores_quote_style_and_case(db, source_factory, claim_factory):
    speaker = source_factory(name="Ana Costa")
    claim = claim_factory(speaker=speaker, text="We will \u201cnot\u201d return")
    assert selectors.claim_find_same(speaker=speaker, text='we will "not"  return') == claim
    assert selectors.claim_find_same(speaker=source_factory(), text="We will \u201cnot\u201d return") is None


def test_a_speaker_is_matched_to_an_existing_source_by_alias(db, prepared, editor, source_factory):
    source = source_factory(name="Anabela Costa", slug="anabela-costa")
    SourceAliasFactory(source=source, name="Ana Costa")
    quote = _quote("No agreement was ever offered,", "Ana Costa")
    result = services.article_import(prepared=prepared, quotes=[quote], actor=editor)
    assert result.quotes[0].claim.speaker == source
    assert not result.quotes[0].source_created


def test_a_speaker_is_matched_to_an_existing_source_by_trigram_similarity(db, prepared, editor, source_factory):
    source = source_factory(name="Piet de Vries", slug="piet-de-vries")
    quote = _quote("No agreement was ever offered,", "Piet de Vriess")
    result = services.article_import(prepared=prepared, quotes=[quote], actor=editor)
    assert result.quotes[0].claim.speaker == source
    assert SourceAlias.objects.filter(source=source, name="Piet de Vriess").exists()


def test_an_unknown_speaker_becomes_a_new_source_with_the_extracted_kind(db, prepared, editor):
    quote = _quote("No agreement was ever offered,", "Rotterdam Port Authority", speaker_kind="organisation", as_written="the port authority")
    result = services.article_import(prepared=prepared, quotes=[quote], actor=editor)
    source = result.quotes[0].claim.speaker
    assert result.quotes[0].source_created
    assert source.name == "Rotterdam Port Authority" and source.kind == Source.Kind.ORGANISATION
    assert not source.aliases.exists()  # "the port authority" is a description, not a name


def test_a_proper_name_as_written_is_remembered_as_an_alias(db, prepared, editor, source_factory):
    source = source_factory(name="Piet de Vries", slug="piet-de-vries")
    quote = _quote("No agreement was ever offered,", "Piet de Vries", as_written="De Vries")
    services.article_import(prepared=prepared, quotes=[quote], actor=editor)
    assert list(source.aliases.values_list("name", flat=True)) == ["De Vries"]
    pronoun = replace(quote, speaker_as_written="he")
    services.article_import(prepared=prepare_text(ARTICLE + "\n\nMore."), quotes=[replace(pronoun, start=pronoun.start, end=pronoun.end)], actor=editor)
    assert source.aliases.count() == 1


def test_a_quote_that_does_not_match_the_text_rolls_everything_back(db, prepared, editor):
    good = _quote("No agreement was ever offered,", "Piet de Vries")
    bad = replace(good, text="Something else entirely", start=0, end=10)
    with pytest.raises(services.ServiceError, match="does not match"):
        services.article_import(prepared=prepared, quotes=[good, bad], actor=editor)
    assert not Article.objects.exists() and not Source.objects.exists() and not AuditEvent.objects.exists()


def test_outlet_defaults_to_the_domain_of_the_url(db, prepared, editor):
    result = services.article_import(prepared=prepared, quotes=[], actor=editor, url="https://www.harbour.example/strike")
    assert result.article.outlet.name == "harbour.example"
    assert result.article.outlet.domain == "harbour.example"


def test_known_sources_for_the_extractor_come_from_two_queries(db, source_factory, django_assert_num_queries):
    source = source_factory(name="Piet de Vries", slug="piet-de-vries", kind=Source.Kind.PERSON)
    SourceAliasFactory(source=source, name="P. de Vries")
    SourceAliasFactory(source=source, name="De Vries")
    source_factory(name="Port Authority", slug="port-authority", kind=Source.Kind.ORGANISATION)
    merged = source_factory(name="The Harbour Board", slug="the-harbour-board", merged_into=source)
    SourceAliasFactory(source=merged, name="Harbour Board")
    with django_assert_num_queries(2):
        known = selectors.extraction_known_sources()
    by_name = {item.name: item for item in known}
    assert by_name["Piet de Vries"].aliases == ("De Vries", "P. de Vries")
    assert by_name["Port Authority"].kind == "organisation" and by_name["Port Authority"].aliases == ()
    assert "The Harbour Board" not in by_name


def test_known_sources_are_read_afresh_and_the_same_tuple_only_while_nothing_changed(db, source_factory):
    from claims.extraction.sources import SourceIndex

    source = source_factory(name="Piet de Vries", slug="piet-de-vries", kind=Source.Kind.PERSON)
    first = selectors.extraction_known_sources()
    assert selectors.extraction_known_sources() is first
    assert SourceIndex.for_sources(first) is SourceIndex.for_sources(first)
    alias = SourceAliasFactory(source=source, name="De Vries")
    second = selectors.extraction_known_sources()
    assert second is not first and {item.name: item for item in second}["Piet de Vries"].aliases == ("De Vries",)
    assert SourceIndex.for_sources(second).lookup("De Vries").name == "Piet de Vries"
    alias.name = "P. de Vries"
    alias.save()
    assert {item.name: item for item in selectors.extraction_known_sources()}["Piet de Vries"].aliases == ("P. de Vries",)
    source.kind = Source.Kind.ORGANISATION
    source.save()
    assert {item.name: item for item in selectors.extraction_known_sources()}["Piet de Vries"].kind == "organisation"
    source_factory(name="Piet de Vries Jr", slug="piet-de-vries-jr", merged_into=source)
    assert [item.name for item in selectors.extraction_known_sources()] == ["Piet de Vries"]


def test_speaker_threshold_separates_measured_variants_from_different_names(db):
    """Prints the similarity table behind SPEAKER_SIMILARITY_THRESHOLD."""
    same = [("Volodymyr Zelenskyy", "Volodymyr Zelensky"), ("Donald J. Trump", "Donald Trump"), ("Marta Lindquist", "Marta Lindqvist"), ("Mike Walz", "Mike Waltz"), ("Marco Rubio", "Mario Rubio")]
    different = [("Donald Tusk", "Donald Trump"), ("Jane Smith", "John Smith"), ("Ministry of Defence", "Ministry of Finance"), ("Tomas Berg", "Tomas Borg")]
    with connection.cursor() as cursor:
        def similarity(left, right):
            cursor.execute("SELECT similarity(%s, %s)", [left, right])
            return cursor.fetchone()[0]

        for left, right in same + different:
            print(f"{left:22} {right:22} {similarity(left, right):.2f}")
        assert all(similarity(*pair) >= selectors.SPEAKER_SIMILARITY_THRESHOLD for pair in same)
        assert all(similarity(*pair) < selectors.SPEAKER_SIMILARITY_THRESHOLD for pair in different)


@pytest.mark.parametrize(
    "as_written, canonical, expected",
    [
        ("Putin", "Vladimir Putin", True),
        ("Ukraine's General Staff", "General Staff of the Armed Forces of Ukraine", True),
        ("Piet de Vries", "Pieter de Vries", True),
        ("President Vladimir Putin", "Vladimir Putin", False),
        ("he", "Vladimir Putin", False),
        ("the Russian leader", "Vladimir Putin", False),
        ("The Kremlin", "Kremlin", False),
        ("G7 foreign ministers", "G7", False),
        ("Vladimir Putin", "Vladimir Putin", False),
    ],
)
def test_only_proper_names_become_aliases(as_written, canonical, expected):
    assert services._is_proper_alias(as_written, canonical) is expected


def test_extractor_gives_an_alias_two_sources_share_to_the_older_one(db, source_factory):
    older = source_factory(name="Harbour Authority", slug="harbour-authority", kind=Source.Kind.ORGANISATION)
    newer = source_factory(name="Harbour Business Alliance", slug="harbour-business-alliance", kind=Source.Kind.ORGANISATION)
    SourceAliasFactory(source=newer, name="HBA")
    SourceAliasFactory(source=older, name="HBA")
    prepared = prepare_text('"We will dredge the channel," HBA said on Monday.')
    [quote] = extract(prepared, selectors.extraction_known_sources())
    assert quote.speaker == older.name
