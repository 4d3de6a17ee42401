"""List pages: constant query counts, full-text search, filters; history pages show the audit log."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.admin import ClaimAdmin
from claims.models import Article, Claim, ClaimLink
from tests import factories
from tests.admin.conftest import change_url, changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signed_in_moderator(client, moderator):
    client.force_login(moderator)
    return moderator


def make_rows(model_name, count):
    """`count` rows for a changelist, each with the related rows its columns show."""
    for _ in range(count):
        appearance = factories.AppearanceFactory()
        claim = appearance.claim
        factories.SourceAliasFactory(source=claim.speaker)
        link = factories.ClaimLinkFactory(from_claim=claim, reviewed_by=factories.UserFactory())
        dispute = factories.DisputeFactory(claim=claim)
        dispute.links.add(link)
        factories.VerdictFactory(claim=claim, reviewer=factories.UserFactory())
        services.claim_publish(claim=claim, actor=factories.UserFactory())


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("model_name", ["source", "outlet", "article", "claim", "appearance", "claimlink", "dispute", "verdict", "auditevent"])
def test_changelist_query_count_does_not_grow_with_rows(client, model_name):
    make_rows(model_name, 5)
    url = changelist_url(model_name)
    few = queries_for(client, url)
    make_rows(model_name, 45)
    many = queries_for(client, url)
    assert few == many, f"{model_name}: {few} queries for 5 rows, {many} for 50"


@pytest.mark.parametrize("rows", [5, 50])
def test_claim_changelist_costs_twelve_queries(client, django_assert_num_queries, rows):
    make_rows("claim", rows)
    # session, user, groups, user and group permissions, outlets for the outlet filter,
    # result count, full count, the rows (speaker and counts joined in), languages for
    # the language filter, and two for the date hierarchy.
    with django_assert_num_queries(12):
        client.get(changelist_url("claim"))


def test_claim_search_uses_the_full_text_index(client, claim_factory):
    flooding = claim_factory(text="The army flooded the valley on purpose")
    bridge = claim_factory(text="The bridge opens in May")
    html = client.get(changelist_url("claim"), {"q": "floods"}).content.decode()  # stemmed: floods ~ flooded
    assert flooding.text[:30] in html
    assert bridge.text[:30] not in html


def test_claim_search_falls_back_to_id_and_slug(client, claim_factory):
    claim = claim_factory(text="Nothing to match here", slug="minister-says-bridge")
    other = claim_factory(text="Something else")
    by_id = client.get(changelist_url("claim"), {"q": str(claim.pk)}).content.decode()
    by_slug = client.get(changelist_url("claim"), {"q": "minister-says-bridge"}).content.decode()
    for html in (by_id, by_slug):
        assert claim.text in html
        assert other.text not in html


def test_claim_filters_by_status_source_kind_outlet_and_language(client, appearance_factory, claim_factory):
    french = appearance_factory(article__language="fr", claim__speaker__kind="military", claim__status=Claim.Status.REVIEW)
    other = claim_factory(text="An unrelated draft claim")
    for params in ({"status__exact": "review"}, {"speaker__kind": "military"}, {"appearances__article__outlet__id__exact": french.article.outlet_id}, {"appearances__article__language": "fr"}):
        html = client.get(changelist_url("claim"), params).content.decode()
        assert french.claim.text[:30] in html, params
        assert other.text not in html, params


def test_link_filters_by_relation_and_status(client, link_factory):
    denial = link_factory(relation=ClaimLink.Relation.DENIES)
    support = link_factory(relation=ClaimLink.Relation.SUPPORTS, status=ClaimLink.Status.CONFIRMED)
    html = client.get(changelist_url("claimlink"), {"relation__exact": "supports", "status__exact": "confirmed"}).content.decode()
    assert change_url(support) in html
    assert change_url(denial) not in html


def test_article_changelist_has_a_date_hierarchy(client, article_factory):
    article_factory(title="Dated story")
    html = client.get(changelist_url("article")).content.decode()
    assert "Dated story" in html
    assert 'class="xfull"' in html or "published__year" in html


def test_history_page_lists_audit_events_with_before_and_after(client, claim_factory, moderator, editor):
    claim = claim_factory(text="The bridge opens in May")
    services.claim_update(claim=claim, actor=editor, expected_version=1, text="The bridge opens in June")
    services.claim_publish(claim=claim, actor=moderator)
    html = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "Audit log" in html
    assert "claim-updated" in html and "claim-published" in html
    assert editor.username in html and moderator.username in html
    assert "text: &quot;The bridge opens in May&quot;" in html
    assert "text: &quot;The bridge opens in June&quot;" in html
    assert "status: &quot;published&quot;" in html
    assert html.index("claim-published") < html.index("claim-updated")  # newest first


def test_history_of_a_source_shows_its_merge(client, source_factory, moderator):
    survivor, merged = source_factory.create_batch(2)
    services.source_merge(survivor=survivor, merged=merged, actor=moderator)
    html = client.get(reverse("admin:claims_source_history", args=[merged.pk])).content.decode()
    assert "source-merged-away" in html


def test_claim_change_page_links_to_the_site_and_editorial_screens(client, claim_factory):
    published = claim_factory(status=Claim.Status.PUBLISHED)
    draft = claim_factory()
    published_html = client.get(change_url(published)).content.decode()
    assert f'href="{published.get_absolute_url()}"' in published_html or "/r/" in published_html
    assert "View on site" in published_html
    assert f"/workspace/claims/{published.pk}/" in published_html
    assert "Open in review" in published_html
    draft_html = client.get(change_url(draft)).content.decode()
    assert "View on site" not in draft_html  # the public page would 404
    assert "History" in draft_html


def test_claim_change_page_shows_appearances_and_links_both_ways(client, appearance_factory, link_factory):
    appearance = appearance_factory()
    claim = appearance.claim
    outgoing = link_factory(from_claim=claim)
    incoming = link_factory(to_claim=claim, relation=ClaimLink.Relation.SUPPORTS)
    html = client.get(change_url(claim)).content.decode()
    assert appearance.article.title in html
    assert change_url(outgoing.to_claim) in html
    assert change_url(incoming.from_claim) in html


def test_source_change_page_shows_merged_sources(client, source_factory, moderator):
    survivor, merged = source_factory.create_batch(2)
    services.source_merge(survivor=survivor, merged=merged, actor=moderator)
    html = client.get(change_url(survivor)).content.decode()
    assert "sources merged into this one" in html.lower()
    assert merged.name in html


def test_audit_event_list_links_to_the_object(client, claim_factory, moderator):
    claim = claim_factory()
    services.claim_publish(claim=claim, actor=moderator)
    html = client.get(changelist_url("auditevent")).content.decode()
    assert "claim-published" in html
    assert change_url(claim) in html


def test_speaker_autocomplete_offers_only_active_sources(client, source_factory):
    active = source_factory(name="Water Ministry")
    merged = source_factory(name="Water Ministry Press", merged_into=active)
    response = client.get(reverse("admin:autocomplete"), {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": "Water"})
    ids = {result["id"] for result in response.json()["results"]}
    assert str(active.pk) in ids
    assert str(merged.pk) not in ids


def test_archived_article_shows_in_the_status_filter(client, article_factory):
    archived = article_factory(status=Article.Status.ARCHIVED, title="Old archived story")
    article_factory(title="Fresh story")
    html = client.get(changelist_url("article"), {"status__exact": "archived"}).content.decode()
    assert archived.title in html
    assert "Fresh story" not in html


def test_claim_search_finds_claims_by_speaker_name_or_alias(client, claim_factory, source_factory):
    ministry = source_factory(name="Water Ministry")
    factories.SourceAliasFactory(source=ministry, name="the waterworks office")
    by_ministry = claim_factory(speaker=ministry, text="Levels are falling")
    other = claim_factory(text="Levels are rising")
    for term in ["water ministry", "waterworks"]:
        html = client.get(changelist_url("claim"), {"q": term}).content.decode()
        assert by_ministry.text in html, term
        assert other.text not in html, term


def test_claim_search_with_a_huge_number_is_not_an_error(client, claim_factory):
    claim_factory()
    assert client.get(changelist_url("claim"), {"q": "9" * 30}).status_code == 200


def test_audit_log_filters_by_kind_of_object(client, claim_factory, source_factory, moderator):
    claim = claim_factory()
    source = source_factory()
    services.claim_publish(claim=claim, actor=moderator)
    services.source_update(source=source, actor=moderator, country="NL")
    html = client.get(changelist_url("auditevent")).content.decode()
    assert "Authentication and Authorization" not in html  # only the tracker's own kinds are offered
    claim_type = ContentType.objects.get_for_model(claim)
    filtered = client.get(changelist_url("auditevent"), {"target_type": claim_type.pk}).content.decode()
    assert '<td class="field-verb">claim-published</td>' in filtered
    assert '<td class="field-verb">source-updated</td>' not in filtered


def test_long_history_shows_the_newest_events_and_links_to_the_whole_log(client, claim_factory, moderator, monkeypatch):
    monkeypatch.setattr(ClaimAdmin, "HISTORY_LIMIT", 2)
    claim = claim_factory()
    for _ in range(2):
        services.claim_publish(claim=claim, actor=moderator)
        services.claim_unpublish(claim=claim, actor=moderator)
    html = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert html.count('class="audit-verb"') == 2
    assert "all of them in the audit log" in html
    log = client.get(changelist_url("auditevent"), {"target_type": ContentType.objects.get_for_model(Claim).pk, "target_id__exact": claim.pk})
    assert log.content.decode().count('<td class="field-verb">') == 4
