"""The services added for admin moderation: each refuses bad input and leaves an audit row."""

import pytest
from django.db.models import ProtectedError

from claims import services
from claims.models import Article, AuditEvent, Claim, Dispute, Outlet, SourceAlias, Verdict
from claims.services import ServiceError

pytestmark = pytest.mark.django_db


def test_claim_purge_is_for_superusers_only(moderator, claim_factory):
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    with pytest.raises(ServiceError, match="superuser"):
        services.claim_purge(claim=claim, actor=moderator)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_claim_purge_refuses_a_claim_that_heads_a_dispute(superuser, dispute_factory):
    dispute = dispute_factory(claim__status=Claim.Status.ARCHIVED)
    with pytest.raises(ServiceError, match="dispute"):
        services.claim_purge(claim=dispute.claim, actor=superuser)


def test_claim_purge_refuses_the_survivor_of_a_merge(superuser, claim_factory):
    survivor, duplicate = claim_factory.create_batch(2)
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=superuser)
    services.claim_archive(claim=survivor, actor=superuser)
    with pytest.raises(ServiceError, match="survivor"):
        services.claim_purge(claim=survivor, actor=superuser)


def test_claim_purge_keeps_the_audit_history_of_the_claim(superuser, claim_factory, editor):
    claim = services.claim_create(speaker=claim_factory().speaker, text="A draft made by mistake", actor=editor)
    services.claim_archive(claim=claim, actor=editor)
    services.claim_purge(claim=claim, actor=superuser)
    verbs = list(AuditEvent.objects.filter(target_id=str(claim.pk), target_type__model="claim").order_by("id").values_list("verb", flat=True))
    assert verbs == ["claim-created", "claim-archived", "claim-purged"]


def test_article_purge_refuses_an_active_article(superuser, article_factory):
    article = article_factory()
    with pytest.raises(ServiceError, match="not archived"):
        services.article_purge(article=article, actor=superuser)


def test_source_alias_remove_records_the_name(moderator, source_factory):
    source = source_factory()
    alias = SourceAlias.objects.create(source=source, name="Wrong Name")
    services.source_alias_remove(alias=alias, actor=moderator)
    assert not source.aliases.exists()
    assert AuditEvent.objects.get(verb="source-alias-removed").data == {"alias": "Wrong Name"}


def test_outlet_update_refuses_a_domain_another_outlet_has(moderator, outlet_factory):
    taken = outlet_factory(domain="gazette.example")
    outlet = outlet_factory()
    with pytest.raises(ServiceError, match="domain"):
        services.outlet_update(outlet=outlet, actor=moderator, domain="www.gazette.example")
    outlet.refresh_from_db()
    assert outlet.domain != taken.domain


def test_outlet_update_without_changes_writes_nothing(moderator, outlet_factory):
    outlet = outlet_factory(language="en")
    services.outlet_update(outlet=outlet, actor=moderator, language="en")
    assert not AuditEvent.objects.filter(verb="outlet-updated").exists()


def test_article_update_never_touches_the_text(moderator, article_factory):
    article = article_factory()
    with pytest.raises(ServiceError, match="text"):
        services.article_update(article=article, actor=moderator, text="Rewritten")


def test_article_update_records_before_and_after(moderator, article_factory):
    article = article_factory(title="Old")
    services.article_update(article=article, actor=moderator, title="New")
    assert AuditEvent.objects.get(verb="article-updated").data == {"before": {"title": "Old"}, "after": {"title": "New"}}


def test_article_restore_refuses_an_active_article(moderator, article_factory):
    with pytest.raises(ServiceError):
        services.article_restore(article=article_factory(status=Article.Status.ACTIVE), actor=moderator)


def test_dispute_unpublish_refuses_an_archived_dispute(moderator, dispute_factory):
    dispute = dispute_factory(status=Dispute.Status.ARCHIVED)
    with pytest.raises(ServiceError, match="restore"):
        services.dispute_unpublish(dispute=dispute, actor=moderator)


def test_dispute_restore_refuses_a_draft(moderator, dispute_factory):
    with pytest.raises(ServiceError):
        services.dispute_restore(dispute=dispute_factory(), actor=moderator)


def test_verdict_publish_refuses_an_archived_verdict(moderator, verdict_factory):
    with pytest.raises(ServiceError, match="draft"):
        services.verdict_publish(verdict=verdict_factory(status=Verdict.Status.ARCHIVED), actor=moderator)


def test_claim_export_record_writes_one_row_per_claim(moderator, claim_factory):
    claims = claim_factory.create_batch(3)
    assert services.claim_export_record(claims=claims, actor=moderator) == 3
    assert AuditEvent.objects.filter(verb="claim-exported", actor=moderator).count() == 3


def test_outlet_create_refuses_a_taken_name(moderator, outlet_factory):
    outlet_factory(name="Harbour Gazette")
    with pytest.raises(ServiceError, match="already exists"):
        services.outlet_create(name="harbour gazette", actor=moderator)
    assert Outlet.objects.count() == 1


def test_a_purge_blocked_by_a_protected_row_is_a_clear_refusal(superuser, claim_factory, monkeypatch):
    claim = claim_factory(status=Claim.Status.ARCHIVED)

    def refuse(self):
        raise ProtectedError("still referenced", set())

    monkeypatch.setattr(type(Claim.objects.none()), "delete", refuse)
    with pytest.raises(ServiceError, match="still referenced elsewhere"):
        services.claim_purge(claim=claim, actor=superuser)
    monkeypatch.undo()
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not AuditEvent.objects.filter(verb="claim-purged").exists()
