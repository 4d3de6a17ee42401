"""Bulk decisions in the review queue: several suggestions confirmed or rejected at once,
one audit row per link, each refused link reported with its reason; and the target shown
beside the quote on the card."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, ClaimLink
from tests.review.builders import suggested_link
from tests.review.conftest import hx

pytestmark = pytest.mark.django_db
REVIEW = reverse("claims:review")
BULK = reverse("claims:links-decide-bulk")


def _selected(*links, versions=None):
    versions = versions or {}
    return [f"{link.pk}:{versions.get(link.pk, link.version)}" for link in links]


def _audit_verbs(link):
    return list(AuditEvent.objects.filter(target_id=str(link.pk), verb__startswith="link-").exclude(verb="link-suggested").values_list("verb", flat=True))


def test_the_queue_offers_a_selection_box_on_each_card_tied_to_the_bulk_form(client, reviewer):
    first, second = suggested_link(score=0.9), suggested_link(score=0.8)
    client.force_login(reviewer)
    content = client.get(REVIEW).content.decode()
    assert f'<form id="bulk-form" class="bulk-form" method="post" action="{BULK}"' in content
    for link in (first, second):
        assert f'name="links" value="{link.pk}:{link.version}" form="bulk-form"' in content
    assert ">Confirm selected</button>" in content and ">Reject selected</button>" in content


def test_an_editor_sees_no_bulk_form(client, editor, suggestion):
    client.force_login(editor)
    content = client.get(REVIEW).content.decode()
    assert 'id="bulk-form"' not in content and 'form="bulk-form"' not in content


def test_confirming_several_without_javascript_decides_each_with_one_audit_row(client, reviewer):
    first, second, untouched = suggested_link(score=0.9), suggested_link(score=0.8), suggested_link(score=0.7)
    client.force_login(reviewer)
    response = client.post(BULK, {"links": _selected(first, second), "decision": "confirm", "next": REVIEW}, follow=True)
    assert response.redirect_chain[-1][0] == REVIEW
    assert "Confirmed 2 suggestions." in response.content.decode()
    for link in (first, second):
        link.refresh_from_db()
        assert link.status == ClaimLink.Status.CONFIRMED and link.reviewed_by == reviewer
        assert _audit_verbs(link) == ["link-confirmed"]
    untouched.refresh_from_db()
    assert untouched.status == ClaimLink.Status.SUGGESTED and _audit_verbs(untouched) == []


def test_a_link_decided_meanwhile_is_reported_and_the_others_are_still_decided(client, reviewer, django_user_model):
    fresh, stale, gone = suggested_link(score=0.9), suggested_link(score=0.8), suggested_link(score=0.7)
    seen = {link.pk: link.version for link in (fresh, stale, gone)}
    other = django_user_model.objects.create_user("other-reviewer")
    services.link_confirm(link=stale, reviewer=other, expected_version=stale.version)
    services.link_relabel(link=gone, reviewer=other, expected_version=gone.version, relation=ClaimLink.Relation.CONTRADICTS)
    client.force_login(reviewer)
    response = client.post(BULK, {"links": _selected(fresh, stale, gone, versions=seen), "decision": "reject"}, follow=True)
    content = response.content.decode()
    assert "Rejected 1 suggestion." in content
    assert f"Suggestion #{stale.pk} was not changed: Already confirmed." in content
    assert f"Suggestion #{gone.pk} was not changed: Someone else decided on this link first." in content
    fresh.refresh_from_db(), stale.refresh_from_db(), gone.refresh_from_db()
    assert fresh.status == ClaimLink.Status.REJECTED
    assert stale.status == ClaimLink.Status.CONFIRMED and stale.reviewed_by == other
    assert gone.status == ClaimLink.Status.SUGGESTED and gone.relation == ClaimLink.Relation.CONTRADICTS
    assert _audit_verbs(fresh) == ["link-rejected"]


def test_with_htmx_the_list_is_drawn_again_without_the_decided_cards(client, reviewer):
    first, second, kept = suggested_link(score=0.9), suggested_link(score=0.8), suggested_link(score=0.7)
    client.force_login(reviewer)
    response = client.post(BULK, {"links": _selected(first, second), "decision": "reject", "next": REVIEW}, headers=hx())
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="review-list"')
    assert f'id="link-card-{kept.pk}"' in content
    assert f'id="link-card-{first.pk}"' not in content and f'id="link-card-{second.pk}"' not in content
    assert "Rejected 2 suggestions." in content
    assert "link-rejected" in response.headers["HX-Trigger"]


def test_nothing_selected_is_explained_and_changes_nothing(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = client.post(BULK, {"decision": "confirm"}, follow=True)
    assert "Select at least one suggestion." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


@pytest.mark.parametrize("value", ["abc", "12", "1:0", "-1:2", "9999999999999:1"])
def test_a_malformed_selection_is_refused_without_a_change(client, reviewer, suggestion, value):
    client.force_login(reviewer)
    response = client.post(BULK, {"links": [value, f"{suggestion.pk}:{suggestion.version}"], "decision": "confirm"}, follow=True)
    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_an_editor_cannot_decide_in_bulk(client, editor, suggestion):
    client.force_login(editor)
    response = client.post(BULK, {"links": _selected(suggestion), "decision": "confirm"})
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_the_service_refuses_an_unknown_decision_and_an_empty_selection(reviewer, suggestion):
    with pytest.raises(services.ServiceError, match="Confirm or Reject"):
        services.links_decide_bulk(selections=[(suggestion.pk, suggestion.version)], decision="publish", reviewer=reviewer)
    with pytest.raises(services.ServiceError, match="at least one"):
        services.links_decide_bulk(selections=[], decision="confirm", reviewer=reviewer)
    result = services.links_decide_bulk(selections=[(suggestion.pk + 1000, 1), (suggestion.pk, suggestion.version)], decision="confirm", reviewer=reviewer)
    assert [link.pk for link in result.decided] == [suggestion.pk]
    assert result.refused == [(suggestion.pk + 1000, "This suggestion no longer exists.")]


def test_the_card_shows_what_the_counterclaim_denies_next_to_its_quote(client, reviewer, suggestion):
    counter = suggestion.from_claim
    counter.polarity = "denies"
    counter.save(update_fields=["polarity"])
    counter.appearances.update(target="reports that the ferries will carry ten thousand people a day")
    client.force_login(reviewer)
    content = client.get(REVIEW).content.decode()
    assert '<span class="claim-side__target-label">denies:</span> reports that the ferries will carry ten thousand people a day' in content
