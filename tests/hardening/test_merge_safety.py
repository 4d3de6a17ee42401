"""Findings 8 and 9: a merge checks the versions the user saw, and every link status it
changes has an audit row."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, Claim, ClaimLink
from tests.admin.conftest import run_action  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_stale_merge_from_the_workspace_is_refused_with_409(client, reviewer, editor, claim_factory):
    claim, other = claim_factory(), claim_factory()
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk}).content.decode()
    assert f'name="other_version" value="{other.version}"' in page
    shown = {"this_version": claim.version, "other_version": other.version}
    # Someone else edits the other claim while the merge page is open.
    services.claim_update(claim=other, actor=editor, expected_version=other.version, text="A different statement entirely")
    response = client.post(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk, "keep": "this", "confirmed": "on", **shown})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    other.refresh_from_db()
    assert other.merged_into is None and not AuditEvent.objects.filter(verb="claim-merged").exists()


def test_a_stale_merge_in_the_admin_is_refused_with_409(client, moderator, editor, run_action, claim_factory):  # noqa: F811
    client.force_login(moderator)
    survivor, duplicate = claim_factory(), claim_factory()
    shown = {f"version-{claim.pk}": str(claim.version) for claim in (survivor, duplicate)}
    confirmation = run_action("claim", "merge_claims", [survivor, duplicate], confirm=False).content.decode()
    assert f'name="version-{duplicate.pk}" value="{duplicate.version}"' in confirmation
    services.claim_update(claim=duplicate, actor=editor, expected_version=duplicate.version, text="Edited meanwhile")
    response = run_action("claim", "merge_claims", [survivor, duplicate], survivor=str(survivor.pk), **shown)
    assert response.status_code == 409
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_service_refuses_stale_versions(moderator, claim_factory):
    survivor, duplicate = claim_factory(), claim_factory()
    with pytest.raises(services.StaleEdit):
        services.claim_merge(survivor=survivor, duplicate=duplicate, actor=moderator, survivor_version=survivor.version, duplicate_version=duplicate.version + 1)
    assert not Claim.objects.filter(merged_into__isnull=False).exists()


def test_a_decision_carried_over_by_a_merge_has_its_audit_row(moderator, reviewer, claim_factory, link_factory):
    survivor, duplicate, third = claim_factory(), claim_factory(), claim_factory()
    open_link = link_factory(from_claim=third, to_claim=survivor, relation=ClaimLink.Relation.DENIES)
    decided = link_factory(from_claim=third, to_claim=duplicate, relation=ClaimLink.Relation.DENIES)
    decided = services.link_confirm(link=decided, reviewer=reviewer, expected_version=decided.version)
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=moderator)
    open_link.refresh_from_db()
    assert open_link.status == ClaimLink.Status.CONFIRMED
    rows = AuditEvent.objects.filter(target_type__model="claimlink", target_id=str(open_link.pk), verb="link-confirmed")
    assert rows.count() == 1
    row = rows.get()
    assert row.actor == moderator
    assert row.data["original_reviewer"] == reviewer.pk and row.data["carried_over_from_link"] == decided.pk
    merge_event = AuditEvent.objects.get(verb="claim-merged")
    assert merge_event.data["carried_decisions"] == [open_link.pk]


def test_links_closed_by_a_merge_have_audit_rows(moderator, claim_factory, link_factory):
    survivor, duplicate = claim_factory(), claim_factory()
    link = link_factory(from_claim=duplicate, to_claim=survivor, relation=ClaimLink.Relation.DUPLICATE)
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=moderator)
    assert AuditEvent.objects.filter(target_type__model="claimlink", target_id=str(link.pk), verb="link-rejected", actor=moderator).count() == 1
