"""seed_demo's last step: one confirmed denial, one published dispute, the rest left for review."""

import io

import pytest
from django.core.management import call_command

from claims import demo
from claims.models import AuditEvent, Claim, ClaimLink, Dispute


@pytest.fixture
def without_shared_fixtures(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "SHARED_FIXTURES", tmp_path / "absent")


def _seed(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo-password-123", stdout=out)
    return out.getvalue()


def _state():
    return (
        list(ClaimLink.objects.order_by("id").values_list("id", "status", "score", "relation")),
        list(Dispute.objects.values_list("id", "status")),
        list(Claim.objects.order_by("id").values_list("id", "status")),
        AuditEvent.objects.count(),
    )


def test_seed_demo_publishes_one_dispute_around_a_confirmed_denial(db, settings, without_shared_fixtures):
    output = _seed(settings)
    dispute = Dispute.objects.get()
    assert dispute.status == Dispute.Status.PUBLISHED and "Published the dispute" in output
    link = dispute.links.get()
    assert (link.relation, link.status, link.reviewed_by.username) == ("denies", "confirmed", "reviewer")
    assert {link.from_claim.status, link.to_claim.status, dispute.claim.status} == {Claim.Status.PUBLISHED}
    assert ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED).count() == 1
    assert ClaimLink.objects.suggested().exists(), "other suggestions stay in the review queue"


def test_seed_demo_dispute_step_twice_changes_nothing(db, settings, without_shared_fixtures):
    _seed(settings)
    before = _state()
    output = _seed(settings)
    assert "Dispute already published" in output
    assert _state() == before


def test_seed_demo_with_the_fixture_confirms_the_strongest_denial(db, settings, shared_fixtures):
    _seed(settings)
    link = Dispute.objects.get().links.get()
    assert link == ClaimLink.objects.filter(relation="denies").order_by("-score", "id").first()
