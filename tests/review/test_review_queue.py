"""The review queue: cards, filters, decisions in place, conflicts, undo, and fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, ClaimLink
from tests import factories
from tests.review.builders import CLAIM_QUOTE, COUNTER_QUOTE, suggested_link
from tests.review.conftest import hx

pytestmark = pytest.mark.django_db
REVIEW = reverse("claims:review")


def decide(client, link, decision="confirm", *, version=None, headers=None, **fields):
    data = {"version": version or link.version, "decision": decision, "relation": link.relation, **fields}
    return client.post(reverse("claims:link-decide", args=[link.pk]), data, headers=headers or {})


def test_card_shows_both_claims_with_quote_in_its_sentence(client, reviewer, suggestion):
    client.force_login(reviewer)
    content = client.get(REVIEW).content.decode()
    assert f'<article id="link-card-{suggestion.pk}"' in content
    assert f"<mark>{COUNTER_QUOTE}</mark>&quot; and called the figure invented." in content
    assert f"Mayor Alda Ferreira said &quot;<mark>{CLAIM_QUOTE}</mark>" in content
    assert suggestion.from_claim.speaker.name in content and suggestion.to_claim.speaker.name in content
    assert suggestion.from_claim.appearances.get().article.outlet.name in content
    assert "numbers disagree: 10,000 vs 4,000" in content
    assert "Score <strong>0.80</strong>" in content
    assert '<button type="submit" name="decision" value="confirm"' in content and ">Confirm</button>" in content
    assert ">Reject</button>" in content
    assert f'<select id="relation-{suggestion.pk}" name="relation"' in content
    assert f'name="version" value="{suggestion.version}"' in content


def test_queue_lists_highest_score_first_and_leaves_decided_links_out(client, reviewer):
    low, high, decided = suggested_link(score=0.3), suggested_link(score=0.9), suggested_link(score=0.95)
    services.link_reject(link=decided, reviewer=reviewer, expected_version=decided.version)
    client.force_login(reviewer)
    content = client.get(REVIEW).content.decode()
    assert content.index(f'id="link-card-{high.pk}"') < content.index(f'id="link-card-{low.pk}"')
    assert f'id="link-card-{decided.pk}"' not in content


def test_a_suggestion_with_an_archived_or_merged_claim_leaves_the_queue_until_restored(client, reviewer, editor):
    archived, merged, live = suggested_link(score=0.9), suggested_link(score=0.8), suggested_link(score=0.7)
    services.claim_archive(claim=archived.to_claim, actor=editor)
    survivor = factories.ClaimFactory(speaker=merged.from_claim.speaker)
    services.claim_merge(survivor=survivor, duplicate=merged.from_claim, actor=editor)
    merged.refresh_from_db()
    client.force_login(reviewer)
    content = client.get(REVIEW).content.decode()
    assert f'id="link-card-{live.pk}"' in content
    assert f'id="link-card-{archived.pk}"' not in content
    # The merged claim's link moved to the survivor and stays open: it is still in the queue.
    assert merged.from_claim_id == survivor.pk and f'id="link-card-{merged.pk}"' in content
    dashboard = client.get(reverse("claims:dashboard")).context
    assert dashboard["counts"]["suggestions"] == 2 and archived not in dashboard["suggestions"]
    archived.refresh_from_db()
    assert archived.status == ClaimLink.Status.SUGGESTED  # kept as it was, only out of the queue
    services.claim_restore(claim=archived.to_claim, actor=editor)
    assert f'id="link-card-{archived.pk}"' in client.get(REVIEW).content.decode()


@pytest.mark.parametrize(
    "params,kept",
    [
        ({"relation": "supports"}, "match"),
        ({"min_score": "0.7"}, "match"),
        ({"speaker": "ferreira"}, "match"),
        ({"outlet": "coastal"}, "match"),
        ({"date_from": "2026-02-01", "date_to": "2026-02-28"}, "match"),
    ],
)
def test_filters_narrow_the_queue(client, reviewer, params, kept):
    match = suggested_link(
        score=0.9, relation=ClaimLink.Relation.SUPPORTS, speaker=factories.SourceFactory(name="Mayor Alda Ferreira"),
        outlet=factories.OutletFactory(name="Coastal Courier"), published=datetime.date(2026, 2, 10),
    )
    other = suggested_link(score=0.4, published=datetime.date(2026, 5, 1))
    client.force_login(reviewer)
    content = client.get(REVIEW, params).content.decode()
    assert f'id="link-card-{match.pk}"' in content
    assert f'id="link-card-{other.pk}"' not in content


def test_speaker_filter_matches_an_alias(client, reviewer):
    speaker = factories.SourceFactory(name="Port Workers' Union")
    factories.SourceAliasFactory(source=speaker, name="the dockers")
    match, other = suggested_link(counter_speaker=speaker), suggested_link()
    client.force_login(reviewer)
    content = client.get(REVIEW, {"speaker": "dockers"}).content.decode()
    assert f'id="link-card-{match.pk}"' in content and f'id="link-card-{other.pk}"' not in content


def test_invalid_filter_is_explained_and_ignored(client, reviewer, suggestion):
    client.force_login(reviewer)
    content = client.get(REVIEW, {"min_score": "lots", "date_from": "2026-05-01", "date_to": "2026-01-01"}).content.decode()
    assert "Enter a number." in content
    assert "The start date is after the end date." in content
    assert f'id="link-card-{suggestion.pk}"' in content


def test_htmx_filter_request_gets_only_the_list_and_varies_on_hx_request(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = client.get(REVIEW, {"relation": "denies"}, headers=hx("review-list"))
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="review-list"')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in client.get(REVIEW)["Vary"]


def test_long_queue_is_paginated(client, reviewer):
    links = [suggested_link(score=1 - index / 100) for index in range(23)]
    client.force_login(reviewer)
    first = client.get(REVIEW).content.decode()
    second = client.get(REVIEW, {"page": 2}).content.decode()
    assert first.count('class="link-card ') == 20 and second.count('class="link-card ') == 3
    assert f'id="link-card-{links[-1].pk}"' in second
    assert "Page 1 of 2" in first and "23</strong> suggestions waiting" in first


def test_confirm_in_place_returns_the_decided_card_the_event_and_the_announcement(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, note="Checked against the port timetable", headers=hx(f"link-card-{suggestion.pk}"))
    assert response.status_code == 200
    assert response["HX-Trigger"] == '{"link-confirmed": {"id": %d}}' % suggestion.pk
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article id="link-card-{suggestion.pk}"')
    assert "<strong>Confirmed</strong> by reviewer-user" in content
    assert ">Undo</button>" in content
    assert '<div id="live-status" hx-swap-oob="innerHTML">Confirmed:' in content
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.CONFIRMED and suggestion.note == "Checked against the port timetable"
    assert AuditEvent.objects.filter(verb="link-confirmed", target_id=str(suggestion.pk)).count() == 1


def test_confirm_with_another_relation_relabels_the_link(client, reviewer, suggestion):
    client.force_login(reviewer)
    decide(client, suggestion, relation="contradicts", headers=hx())
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.relation) == (ClaimLink.Status.CONFIRMED, "contradicts")


def test_reject_in_place_sends_link_rejected(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, "reject", headers=hx())
    assert response.status_code == 200 and "link-rejected" in response["HX-Trigger"]
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.REJECTED


def test_second_reviewer_gets_409_with_the_card_as_it_now_is(client, reviewer, moderator, suggestion):
    services.link_reject(link=suggestion, reviewer=moderator, expected_version=suggestion.version)
    client.force_login(reviewer)
    response = decide(client, suggestion, version=suggestion.version, headers=hx())
    assert response.status_code == 409
    content = response.content.decode()
    assert "<strong>Rejected</strong> by moderator-user" in content
    assert "Someone else decided on this link first." in content
    assert ">Undo</button>" not in content
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.REJECTED and suggestion.reviewed_by == moderator


def test_second_reviewer_without_javascript_gets_a_409_page(client, reviewer, moderator, suggestion):
    services.link_confirm(link=suggestion, reviewer=moderator, expected_version=suggestion.version)
    client.force_login(reviewer)
    response = decide(client, suggestion, "reject")
    assert response.status_code == 409
    content = response.content.decode()
    assert "Conflict: your decision was not saved" in content and "Confirmed by moderator-user" in content
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.CONFIRMED


def test_decision_without_javascript_redirects_back_with_undo(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, next=REVIEW + "?relation=denies")
    assert response.status_code == 302
    assert response.url == f"{REVIEW}?relation=denies&decided={suggestion.pk}"
    page = client.get(response.url).content.decode()
    assert "Your last decision" in page and ">Undo</button>" in page
    assert "Confirmed:" in page


def test_decision_from_elsewhere_returns_there(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, next=reverse("claims:dashboard"))
    assert response.url == reverse("claims:dashboard")


def test_decision_never_redirects_off_site(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, next="https://evil.example/")
    assert response.url.startswith(REVIEW)


def test_incomplete_decision_is_refused_and_changes_nothing(client, reviewer, suggestion):
    client.force_login(reviewer)
    response = decide(client, suggestion, "maybe", headers=hx())
    assert response.status_code == 422
    assert "Choose Confirm or Reject" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_relabel_onto_an_existing_link_is_explained(client, reviewer, suggestion):
    factories.ClaimLinkFactory(from_claim=suggestion.from_claim, to_claim=suggestion.to_claim, relation="contradicts")
    client.force_login(reviewer)
    response = decide(client, suggestion, relation="contradicts", headers=hx())
    assert response.status_code == 422
    assert "already have a link with that relation" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_undo_puts_the_link_back_in_the_queue(client, reviewer, suggestion):
    client.force_login(reviewer)
    decide(client, suggestion, headers=hx())
    suggestion.refresh_from_db()
    response = client.post(reverse("claims:link-undo", args=[suggestion.pk]), {"version": suggestion.version}, headers=hx())
    assert response.status_code == 200 and "link-reopened" in response["HX-Trigger"]
    assert ">Confirm</button>" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED and suggestion.reviewed_by is None


def test_undo_with_a_stale_version_is_a_conflict(client, reviewer, moderator, suggestion):
    client.force_login(reviewer)
    decide(client, suggestion, headers=hx())
    suggestion.refresh_from_db()
    stale = suggestion.version
    services.link_relabel(link=suggestion, reviewer=moderator, expected_version=stale, relation="contradicts")
    response = client.post(reverse("claims:link-undo", args=[suggestion.pk]), {"version": stale}, headers=hx())
    assert response.status_code == 409
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.CONFIRMED


def test_undo_without_javascript_returns_to_the_queue(client, reviewer, suggestion):
    client.force_login(reviewer)
    decide(client, suggestion, next=REVIEW)
    suggestion.refresh_from_db()
    response = client.post(reverse("claims:link-undo", args=[suggestion.pk]), {"version": suggestion.version, "next": f"{REVIEW}?decided={suggestion.pk}"})
    assert response.status_code == 302 and "decided" not in response.url
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def _queries(client, url, headers=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("headers", [None, hx("review-list")])
def test_five_and_fifty_cards_cost_the_same_queries(client, reviewer, headers, django_assert_num_queries):
    client.force_login(reviewer)
    for score in range(5):
        suggested_link(score=score / 100)
    five = _queries(client, REVIEW, headers)
    for score in range(45):
        suggested_link(score=0.5 + score / 100)
    with django_assert_num_queries(five):
        response = client.get(REVIEW, headers=headers or {})
    assert response.content.decode().count('class="link-card ') == 20
    assert five <= 10


def test_full_page_of_cards_costs_the_same_with_filters(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    params = "?speaker=Speaker&outlet=Outlet&min_score=0&date_from=2020-01-01"
    for score in range(5):
        suggested_link(score=score / 100)
    five = _queries(client, REVIEW + params)
    for score in range(45):
        suggested_link(score=0.5 + score / 100)
    with django_assert_num_queries(five):
        client.get(REVIEW + params)


def test_repeated_plain_decisions_keep_one_decided_parameter(client, reviewer):
    first, second = suggested_link(score=0.9), suggested_link(score=0.8)
    client.force_login(reviewer)
    decide(client, first, next=REVIEW)
    response = decide(client, second, next=f"{REVIEW}?speaker=&decided={first.pk}")
    assert response.url == f"{REVIEW}?speaker=&decided={second.pk}"
