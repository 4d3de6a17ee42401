"""Editing in the change form goes through the services, so every save leaves an audit row."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, Claim, ClaimLink, Outlet, Source, SourceAlias
from tests.admin.conftest import change_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signed_in_moderator(client, moderator):
    client.force_login(moderator)
    return moderator


def claim_form_data(claim, **changes):
    data = {
        "text": claim.text, "speaker": claim.speaker_id, "kind": claim.kind, "polarity": claim.polarity,
        "stated_on": "", "context": claim.context, "assigned_to": "", "expected_version": claim.version,
        "_save": "Save",
    }
    for prefix in ("appearances", "links_from", "links_to"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 0})
    data.update(changes)
    return data


def test_editing_a_claim_calls_claim_update_and_writes_an_audit_row(client, claim_factory, moderator):
    claim = claim_factory(text="The bridge opens in May")
    response = client.post(change_url(claim), claim_form_data(claim, text="The bridge opens in June"))
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.text == "The bridge opens in June"
    assert claim.version == 2
    event = AuditEvent.objects.get(verb="claim-updated", target_id=str(claim.pk))
    assert event.actor == moderator
    assert event.data == {"before": {"text": "The bridge opens in May", "normalised_text": "the bridge opens in may"}, "after": {"text": "The bridge opens in June", "normalised_text": "the bridge opens in june"}}


def test_a_stale_claim_edit_changes_nothing_and_says_so(client, claim_factory, editor):
    claim = claim_factory(text="The bridge opens in May")
    form_version = claim.version
    services.claim_update(claim=claim, actor=editor, expected_version=form_version, text="Someone else's edit")
    response = client.post(change_url(claim), claim_form_data(claim, text="My edit", expected_version=form_version))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Someone else's edit"
    assert any("changed by someone else" in str(message) for message in get_messages(response.wsgi_request))


def test_claim_status_is_read_only_in_the_form(client, claim_factory):
    claim = claim_factory(status=Claim.Status.DRAFT)
    client.post(change_url(claim), claim_form_data(claim, status="published"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_a_merged_source_cannot_be_chosen_as_speaker(client, claim_factory, source_factory):
    claim = claim_factory()
    gone = source_factory()
    gone.merged_into = claim.speaker
    gone.save()
    response = client.post(change_url(claim), claim_form_data(claim, speaker=gone.pk))
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.speaker_id != gone.pk


def source_form_data(source, aliases=(), **changes):
    data = {"name": source.name, "kind": source.kind, "affiliation": source.affiliation, "country": source.country, "description": source.description, "_save": "Save"}
    data.update({"aliases-TOTAL_FORMS": len(aliases) + 1, "aliases-INITIAL_FORMS": len(aliases), "aliases-MIN_NUM_FORMS": 0, "aliases-MAX_NUM_FORMS": 1000})
    for index, alias in enumerate(aliases):
        data.update({f"aliases-{index}-id": alias.pk, f"aliases-{index}-source": source.pk, f"aliases-{index}-name": alias.name})
    data.update({f"aliases-{len(aliases)}-source": source.pk or "", f"aliases-{len(aliases)}-name": ""})
    data.update({"merged_sources-TOTAL_FORMS": 0, "merged_sources-INITIAL_FORMS": 0, "merged_sources-MIN_NUM_FORMS": 0, "merged_sources-MAX_NUM_FORMS": 0})
    data.update(changes)
    return data


def test_editing_a_source_and_its_aliases_goes_through_services(client, source_factory):
    source = source_factory(name="General Staff")
    wrong = SourceAlias.objects.create(source=source, name="General Stuff")
    data = source_form_data(source, [wrong], country="Ukraine", **{"aliases-0-DELETE": "on", "aliases-1-name": "the General Staff"})
    response = client.post(change_url(source), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    source.refresh_from_db()
    assert source.country == "Ukraine"
    assert list(source.aliases.values_list("name", flat=True)) == ["the General Staff"]
    verbs = sorted(AuditEvent.objects.filter(target_id=str(source.pk), target_type__model="source").values_list("verb", flat=True))
    assert verbs == ["source-alias-added", "source-alias-removed", "source-updated"]


def test_renaming_a_source_to_a_taken_name_is_refused(client, source_factory):
    source_factory(name="Kremlin")
    source = source_factory(name="The Kremlin press office")
    response = client.post(change_url(source), source_form_data(source, name="kremlin"))
    assert response.status_code in (200, 302)
    source.refresh_from_db()
    assert source.name == "The Kremlin press office"
    assert not AuditEvent.objects.filter(verb="source-updated").exists()


def test_adding_a_source_uses_source_create(client, moderator):
    data = source_form_data(Source(name="Port Authority", kind="organisation"), [])
    response = client.post(reverse("admin:claims_source_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(name="Port Authority")
    assert source.slug == "port-authority"
    assert AuditEvent.objects.filter(verb="source-created", target_id=str(source.pk), actor=moderator).exists()


def test_adding_and_editing_an_outlet_writes_audit_rows(client):
    response = client.post(reverse("admin:claims_outlet_add"), {"name": "Harbour Gazette", "domain": "www.Harbour.example", "country": "", "language": "en", "_save": "Save"})
    assert response.status_code == 302
    outlet = Outlet.objects.get(name="Harbour Gazette")
    assert outlet.domain == "harbour.example"
    client.post(change_url(outlet), {"name": "Harbour Gazette", "domain": "harbour.example", "country": "NL", "language": "en", "_save": "Save"})
    outlet.refresh_from_db()
    assert outlet.country == "NL"
    assert sorted(AuditEvent.objects.filter(target_type__model="outlet").values_list("verb", flat=True)) == ["outlet-created", "outlet-updated"]


def test_relabelling_a_link_in_the_form_uses_link_relabel(client, link_factory, moderator):
    link = link_factory(relation=ClaimLink.Relation.DENIES)
    response = client.post(change_url(link), {"relation": "contradicts", "expected_version": link.version, "_save": "Save"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.relation == "contradicts"
    assert AuditEvent.objects.get(verb="link-relabelled", target_id=str(link.pk)).actor == moderator


def test_editing_a_dispute_title_uses_dispute_update(client, dispute_factory):
    dispute = dispute_factory(title="Old title")
    client.post(change_url(dispute), {"title": "Who flooded the valley?", "summary": "", "_save": "Save"})
    dispute.refresh_from_db()
    assert dispute.title == "Who flooded the valley?"
    assert AuditEvent.objects.filter(verb="dispute-updated", target_id=str(dispute.pk)).exists()


def test_adding_a_verdict_uses_verdict_create_as_a_draft(client, claim_factory, moderator):
    claim = claim_factory()
    response = client.post(reverse("admin:claims_verdict_add"), {"claim": claim.pk, "rating_value": 1, "rating_text": "False", "explanation": "", "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:3000]
    verdict = claim.verdicts.get()
    assert (verdict.status, verdict.reviewer) == ("draft", moderator)
    assert AuditEvent.objects.filter(verb="verdict-created", target_id=str(verdict.pk)).exists()


def test_claims_articles_links_and_disputes_cannot_be_added_in_admin(client):
    for model_name in ["claim", "article", "claimlink", "dispute", "appearance", "auditevent"]:
        assert client.get(reverse(f"admin:claims_{model_name}_add")).status_code == 403, model_name


def test_appearances_are_read_only(client, appearance_factory):
    appearance = appearance_factory()
    html = client.get(change_url(appearance)).content.decode()
    assert 'name="start"' not in html
    client.post(change_url(appearance), {"start": 0, "end": 3, "quote": "The"})
    appearance.refresh_from_db()
    assert appearance.start == 18
