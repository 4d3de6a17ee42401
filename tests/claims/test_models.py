"""Each invariant the database keeps, proved by trying to break it."""

import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import AuditEvent, Claim, ClaimLink, Source
from claims.services import audit_record

pytestmark = pytest.mark.django_db


def test_link_from_a_claim_to_itself_is_refused(claim_factory, link_factory):
    claim = claim_factory()
    with pytest.raises(IntegrityError):
        link_factory(from_claim=claim, to_claim=claim)


def test_second_link_with_the_same_pair_and_relation_is_refused(link_factory):
    link = link_factory()
    with pytest.raises(IntegrityError):
        link_factory(from_claim=link.from_claim, to_claim=link.to_claim, relation=link.relation)


def test_same_pair_may_carry_two_different_relations(link_factory):
    link = link_factory(relation=ClaimLink.Relation.DENIES)
    other = link_factory(from_claim=link.from_claim, to_claim=link.to_claim, relation=ClaimLink.Relation.CONTRADICTS)
    assert other.pk != link.pk


def test_article_url_is_unique_when_present(article_factory):
    article_factory(url="https://news.example/a")
    with pytest.raises(IntegrityError):
        article_factory(url="https://news.example/a")


def test_articles_without_url_do_not_clash(article_factory):
    article_factory(url="")
    assert article_factory(url="").url == ""


def test_article_content_hash_is_unique(article_factory):
    article_factory(content_hash="a" * 64)
    with pytest.raises(IntegrityError):
        article_factory(content_hash="a" * 64)


def test_appearance_end_must_follow_start(appearance_factory):
    with pytest.raises(IntegrityError):
        appearance_factory(start=10, end=10)


def test_same_span_of_an_article_is_one_appearance(appearance_factory):
    appearance = appearance_factory()
    with pytest.raises(IntegrityError):
        appearance_factory(article=appearance.article, start=appearance.start, end=appearance.end)


def test_published_claim_needs_a_publication_time(claim_factory):
    with pytest.raises(IntegrityError):
        claim_factory(status=Claim.Status.PUBLISHED, published_at=None)


def test_empty_claim_text_is_refused(claim_factory):
    with pytest.raises(IntegrityError):
        claim_factory(text="")


def test_two_active_sources_cannot_share_a_name_in_any_case(source_factory):
    source_factory(name="Vladimir Putin")
    with pytest.raises(IntegrityError):
        source_factory(name="vladimir putin")


def test_merged_source_frees_its_name(source_factory):
    survivor = source_factory(name="Kremlin")
    old = source_factory(name="The Kremlin")
    Source.objects.filter(pk=old.pk).update(merged_into=survivor)
    assert source_factory(name="the kremlin").pk


def test_verdict_rating_must_be_one_to_five(verdict_factory):
    with pytest.raises(IntegrityError):
        verdict_factory(rating_value=6)


def test_only_one_published_verdict_per_claim(verdict_factory, claim_factory):
    claim = claim_factory()
    verdict_factory(claim=claim, status="published")
    with pytest.raises(IntegrityError):
        verdict_factory(claim=claim, status="published")


def test_search_vector_is_generated_from_the_text(claim_factory):
    claim = claim_factory(text="Troops were completely surrounded near the river")
    assert list(Claim.objects.search("surrounded troops")) == [claim]


def test_audit_events_cannot_be_changed(claim_factory):
    event = audit_record(actor=None, verb="claim-created", target=claim_factory())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(verb="tampered")


def test_audit_events_cannot_be_deleted(claim_factory):
    event = audit_record(actor=None, verb="claim-created", target=claim_factory())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_trigram_and_unaccent_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {row[0] for row in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= installed


def test_newsroom_groups_exist_without_delete_permissions():
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {"editor", "reviewer", "moderator"}
    for group in groups.values():
        assert not [permission for permission in group.permissions.all() if permission.codename.startswith("delete_")]
