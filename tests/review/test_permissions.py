"""Each newsroom screen checks the role once, for the full page and its htmx partials alike."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink
from tests.review.conftest import hx

pytestmark = pytest.mark.django_db

ALL_ROLES = ["editor", "reviewer", "moderator"]

# (url name, needs a claim id, htmx partial target)
READ_VIEWS = [
    ("claims:dashboard", False, "dashboard-counts"),
    ("claims:review", False, "review-list"),
    ("claims:workspace-claims", False, "claim-list-results"),
    ("claims:claim-workspace", True, "claim-history"),
    ("claims:source-options", False, "speaker-options"),
    ("claims:activity", False, None),
]


def _url(name, needs_claim, suggestion):
    return reverse(name, args=[suggestion.to_claim_id]) if needs_claim else reverse(name)


@pytest.mark.parametrize("name,needs_claim,target", READ_VIEWS)
@pytest.mark.parametrize("partial", [False, True])
def test_read_views_send_anonymous_users_to_login(client, suggestion, name, needs_claim, target, partial):
    response = client.get(_url(name, needs_claim, suggestion), headers=hx(target) if partial else {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name,needs_claim,target", READ_VIEWS)
@pytest.mark.parametrize("partial", [False, True])
def test_read_views_refuse_outsiders(as_user, suggestion, name, needs_claim, target, partial):
    response = as_user("outsider").get(_url(name, needs_claim, suggestion), headers=hx(target) if partial else {})
    assert response.status_code == 403


@pytest.mark.parametrize("name,needs_claim,target", READ_VIEWS)
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("partial", [False, True])
def test_read_views_open_to_every_newsroom_role(as_user, suggestion, name, needs_claim, target, role, partial):
    response = as_user(role).get(_url(name, needs_claim, suggestion), headers=hx(target) if partial else {})
    assert response.status_code == 200


def _decide(client, link, decision="confirm", headers=None):
    return client.post(reverse("claims:link-decide", args=[link.pk]), {"version": link.version, "decision": decision, "relation": link.relation}, headers=headers or {})


@pytest.mark.parametrize("decision", ["confirm", "reject"])
@pytest.mark.parametrize("partial", [False, True])
def test_editor_cannot_decide_on_a_link(as_user, suggestion, decision, partial):
    response = _decide(as_user("editor"), suggestion, decision, hx() if partial else None)
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


@pytest.mark.parametrize("role", ["reviewer", "moderator"])
@pytest.mark.parametrize("decision,status", [("confirm", "confirmed"), ("reject", "rejected")])
def test_reviewers_and_moderators_decide_on_links(as_user, suggestion, role, decision, status):
    response = _decide(as_user(role), suggestion, decision)
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == status


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403)])
def test_deciding_requires_a_newsroom_login(as_user, suggestion, role, expected):
    response = _decide(as_user(role), suggestion)
    assert response.status_code == expected
    if role is None:
        assert response.url.startswith(reverse("login"))
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403), ("editor", 403), ("reviewer", 302), ("moderator", 302)])
def test_undo_is_for_reviewers(as_user, suggestion, reviewer, role, expected):
    from claims import services

    link = services.link_confirm(link=suggestion, reviewer=reviewer, expected_version=suggestion.version)
    response = as_user(role).post(reverse("claims:link-undo", args=[link.pk]), {"version": link.version})
    assert response.status_code == expected
    link.refresh_from_db()
    assert (link.status == ClaimLink.Status.SUGGESTED) == (role in ("reviewer", "moderator"))


def _edit(client, claim, text="Edited text"):
    return client.post(reverse("claims:claim-edit", args=[claim.pk]), {"version": claim.version, "text": text, "speaker": claim.speaker.name, "stated_on": ""})


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403), ("editor", 302), ("reviewer", 302), ("moderator", 302)])
def test_editing_a_draft_is_for_editors_and_up(as_user, claim_factory, role, expected):
    claim = claim_factory()
    response = _edit(as_user(role), claim)
    assert response.status_code == expected
    claim.refresh_from_db()
    assert (claim.text == "Edited text") == (role in ("editor", "reviewer", "moderator"))


@pytest.mark.parametrize("role,expected", [("editor", 403), ("reviewer", 302), ("moderator", 302)])
def test_editing_a_published_claim_is_for_reviewers(as_user, claim_factory, role, expected):
    claim = claim_factory(status=Claim.Status.PUBLISHED)
    assert _edit(as_user(role), claim).status_code == expected


def _set_status(client, claim, status, headers=None):
    return client.post(reverse("claims:claim-status", args=[claim.pk]), {"version": claim.version, "status": status}, headers=headers or {})


@pytest.mark.parametrize("partial", [False, True])
def test_editor_may_submit_a_draft_for_review(as_user, claim_factory, partial):
    claim = claim_factory()
    response = _set_status(as_user("editor"), claim, "review", hx("claim-actions") if partial else None)
    assert response.status_code == (200 if partial else 302)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW


@pytest.mark.parametrize("status", ["published", "archived"])
@pytest.mark.parametrize("partial", [False, True])
def test_editor_cannot_publish_or_archive(as_user, claim_factory, status, partial):
    claim = claim_factory(status=Claim.Status.REVIEW)
    response = _set_status(as_user("editor"), claim, status, hx("claim-actions") if partial else None)
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW


@pytest.mark.parametrize("role", ["reviewer", "moderator"])
@pytest.mark.parametrize("status", ["published", "archived"])
def test_reviewers_publish_and_archive(as_user, claim_factory, role, status):
    claim = claim_factory(status=Claim.Status.REVIEW)
    assert _set_status(as_user(role), claim, status).status_code == 302
    claim.refresh_from_db()
    assert claim.status == status


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403), ("editor", 302), ("reviewer", 302), ("moderator", 302)])
def test_proposing_a_link_is_for_editors_and_up(as_user, claim_factory, role, expected):
    claim, other = claim_factory(), claim_factory()
    response = as_user(role).post(reverse("claims:claim-link", args=[claim.pk]), {"other": other.pk, "relation": "denies", "direction": "from"})
    assert response.status_code == expected
    assert ClaimLink.objects.filter(from_claim=claim, to_claim=other).exists() == (role in ("editor", "reviewer", "moderator"))


@pytest.mark.parametrize("role,expected", [("editor", 403), ("reviewer", 302), ("moderator", 302)])
def test_confirming_a_proposed_link_at_once_is_for_reviewers(as_user, claim_factory, role, expected):
    claim, other = claim_factory(), claim_factory()
    response = as_user(role).post(reverse("claims:claim-link", args=[claim.pk]), {"other": other.pk, "relation": "denies", "direction": "from", "confirm": "on"})
    assert response.status_code == expected
    links = ClaimLink.objects.filter(from_claim=claim, to_claim=other)
    if expected == 403:
        assert not links.exists()
    else:
        assert links.get().status == ClaimLink.Status.CONFIRMED


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403), ("editor", 403), ("reviewer", 200), ("moderator", 200)])
def test_merge_confirmation_is_for_reviewers(as_user, claim_factory, role, expected):
    claim, other = claim_factory(), claim_factory()
    response = as_user(role).get(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk})
    assert response.status_code == expected


@pytest.mark.parametrize("role,expected", [("editor", 403), ("reviewer", 302), ("moderator", 302)])
def test_merging_is_for_reviewers(as_user, claim_factory, role, expected):
    claim, other = claim_factory(), claim_factory()
    response = as_user(role).post(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk, "keep": "this", "confirmed": "on",
                                                                                       "this_version": claim.version, "other_version": other.version})
    assert response.status_code == expected
    other.refresh_from_db()
    assert (other.merged_into_id == claim.pk) == (expected == 302)


@pytest.mark.parametrize("role,expected", [(None, 302), ("outsider", 403), ("editor", 302), ("reviewer", 302), ("moderator", 302)])
def test_assigning_is_for_editors_and_up(as_user, claim_factory, reviewer, role, expected):
    claim = claim_factory()
    response = as_user(role).post(reverse("claims:claim-assign", args=[claim.pk]), {"version": claim.version, "assignee": reviewer.pk})
    assert response.status_code == expected
    claim.refresh_from_db()
    assert (claim.assigned_to_id == reviewer.pk) == (role in ("editor", "reviewer", "moderator"))


def test_editor_sees_the_queue_without_decision_buttons(as_user, suggestion):
    content = as_user("editor").get(reverse("claims:review")).content.decode()
    assert f'id="link-card-{suggestion.pk}"' in content
    assert ">Confirm</button>" not in content
    assert "reviewers confirm or reject" in content
