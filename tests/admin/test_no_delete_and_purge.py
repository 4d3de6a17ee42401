"""No hard deletes of editorial data; superusers alone may purge what never reached the public."""

import pytest
from django.contrib.admin import site
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Appearance, Article, AuditEvent, Claim, ClaimLink, Dispute, Outlet, Source, Verdict
from tests.admin.conftest import change_url, changelist_url

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [Source, Outlet, Article, Claim, Appearance, ClaimLink, Dispute, Verdict, AuditEvent]


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def one_of_each(claim_factory, appearance_factory, link_factory, dispute_factory, verdict_factory):
    appearance = appearance_factory()
    link = link_factory(from_claim=appearance.claim)
    dispute = dispute_factory(claim=appearance.claim)
    verdict = verdict_factory(claim=appearance.claim)
    claim = appearance.claim
    return {
        Source: claim.speaker, Outlet: appearance.article.outlet, Article: appearance.article, Claim: claim,
        Appearance: appearance, ClaimLink: link, Dispute: dispute, Verdict: verdict,
        AuditEvent: AuditEvent.objects.create(verb="test-recorded", target_type=ContentType.objects.get_for_model(Claim), target_id=str(claim.pk)),
    }


@pytest.mark.parametrize("role", ["moderator", "superuser"])
@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda model: model.__name__)
def test_delete_is_gone_for_editorial_models(client, request, role, model, one_of_each):
    client.force_login(request.getfixturevalue(role))
    obj = one_of_each[model]
    model_admin = site._registry[model]
    assert model_admin.has_delete_permission(request=client.get("/").wsgi_request) is False
    delete_url = reverse(f"admin:claims_{model._meta.model_name}_delete", args=[obj.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    changelist = client.get(changelist_url(model._meta.model_name)).content.decode()
    assert 'value="delete_selected"' not in changelist
    change_page = client.get(change_url(obj)).content.decode()
    assert 'class="deletelink"' not in change_page


def test_delete_selected_cannot_be_posted(client, superuser, claim_factory):
    client.force_login(superuser)
    claim = claim_factory()
    response = client.post(changelist_url("claim"), {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert "No action selected." in message_texts(response)


def test_moderator_is_not_offered_purge(client, moderator, claim_factory):
    client.force_login(moderator)
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    assert 'value="purge_claims"' not in client.get(changelist_url("claim")).content.decode()
    client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes", "understood": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_purge_needs_the_explicit_confirmation(client, superuser, claim_factory):
    client.force_login(superuser)
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    page = client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk]})
    assert page.status_code == 200
    assert 'name="understood"' in page.content.decode()
    response = client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert any("cannot be brought back" in text for text in message_texts(response))


def test_superuser_purges_an_archived_never_published_claim_with_its_protected_rows(client, superuser, appearance_factory, link_factory, verdict_factory):
    client.force_login(superuser)
    appearance = appearance_factory(claim__status=Claim.Status.ARCHIVED)
    claim = appearance.claim
    link = link_factory(to_claim=claim)
    verdict = verdict_factory(claim=claim)
    history_before = AuditEvent.objects.count()
    response = client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes", "understood": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Appearance.objects.filter(pk=appearance.pk).exists()
    assert not ClaimLink.objects.filter(pk=link.pk).exists()
    assert not Verdict.objects.filter(pk=verdict.pk).exists()
    purge_row = AuditEvent.objects.get(verb="claim-purged", target_id=str(claim.pk))
    assert purge_row.actor == superuser
    assert purge_row.data["before"]["text"] == claim.text
    assert AuditEvent.objects.count() == history_before + 1


def test_purge_refuses_a_claim_that_was_once_published(client, superuser, claim_factory):
    client.force_login(superuser)
    claim = claim_factory(status=Claim.Status.PUBLISHED)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ARCHIVED)
    page = client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk]}).content.decode()
    assert "was published once" in page
    response = client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes", "understood": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not AuditEvent.objects.filter(verb="claim-purged").exists()
    assert any("Nothing was purged" in text for text in message_texts(response))


def test_purge_refuses_a_claim_that_is_not_archived(client, superuser, claim_factory):
    client.force_login(superuser)
    claim = claim_factory(status=Claim.Status.DRAFT)
    client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes", "understood": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_superuser_purges_an_archived_article_without_public_claims(client, superuser, appearance_factory):
    client.force_login(superuser)
    appearance = appearance_factory(article__status=Article.Status.ARCHIVED, claim__status=Claim.Status.ARCHIVED)
    article = appearance.article
    client.post(changelist_url("article"), {"action": "purge_articles", "_selected_action": [article.pk], "post": "yes", "understood": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Appearance.objects.filter(pk=appearance.pk).exists()
    assert AuditEvent.objects.get(verb="article-purged", target_id=str(article.pk)).data["before"]["url"] == article.url


def test_purge_keeps_an_article_that_a_published_claim_quotes(client, superuser, appearance_factory):
    client.force_login(superuser)
    appearance = appearance_factory(article__status=Article.Status.ARCHIVED, claim__status=Claim.Status.PUBLISHED)
    client.post(changelist_url("article"), {"action": "purge_articles", "_selected_action": [appearance.article.pk], "post": "yes", "understood": "yes"})
    assert Article.objects.filter(pk=appearance.article.pk).exists()


def test_audit_rows_survive_a_purge_and_cannot_be_deleted_in_admin(client, superuser, claim_factory):
    client.force_login(superuser)
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    client.post(changelist_url("claim"), {"action": "purge_claims", "_selected_action": [claim.pk], "post": "yes", "understood": "yes"})
    event = AuditEvent.objects.get(verb="claim-purged")
    assert client.post(reverse("admin:claims_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:claims_auditevent_add")).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
