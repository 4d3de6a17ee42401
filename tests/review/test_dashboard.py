"""The dashboard: counts and short queues, each linking to its full list, refreshed by events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimLink
from tests import factories
from tests.review.builders import suggested_link
from tests.review.conftest import hx

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("claims:dashboard")


def test_counts_match_the_data(client, reviewer):
    suggested_link(), suggested_link()
    factories.ClaimFactory(status=Claim.Status.REVIEW, assigned_to=reviewer)
    factories.ClaimFactory(status=Claim.Status.PUBLISHED)
    factories.ClaimFactory(status=Claim.Status.ARCHIVED, assigned_to=reviewer)
    client.force_login(reviewer)
    counts = client.get(DASHBOARD).context["counts"]
    assert counts == {"suggestions": 2, "drafts": 4, "in_review": 1, "published": 1, "assigned_to_me": 1}


def test_queues_show_best_suggestions_first_and_link_to_full_lists(client, reviewer):
    low, high = suggested_link(score=0.2), suggested_link(score=0.9)
    client.force_login(reviewer)
    content = client.get(DASHBOARD).content.decode()
    queue = content[content.index('id="dashboard-suggestions"'):content.index('id="dashboard-drafts"')]
    assert queue.index(high.from_claim.speaker.name) < queue.index(low.from_claim.speaker.name)
    for url in [
        reverse("claims:review"),
        reverse("claims:workspace-claims") + "?status=review",
        reverse("claims:workspace-claims") + "?status=draft",
        reverse("claims:workspace-claims") + "?assignee=me",
        reverse("claims:workspace-claims") + "?status=published",
        reverse("claims:activity"),
    ]:
        assert f'href="{url}"' in content, url


def test_queues_show_drafts_assigned_published_and_activity(client, reviewer, editor):
    draft = factories.ClaimFactory(text="A draft about ferry fares")
    assigned = factories.ClaimFactory(text="An assigned claim about tides", assigned_to=reviewer, status=Claim.Status.REVIEW)
    published = factories.ClaimFactory(text="A published claim about harbours")
    services.claim_publish(claim=published, actor=reviewer)
    services.claim_submit(claim=draft, actor=editor)
    client.force_login(reviewer)
    content = client.get(DASHBOARD).content.decode()
    drafts = content[content.index('id="dashboard-drafts"'):content.index('id="dashboard-assigned"')]
    mine = content[content.index('id="dashboard-assigned"'):content.index('id="dashboard-published"')]
    recent = content[content.index('id="dashboard-published"'):content.index('id="dashboard-activity"')]
    activity = content[content.index('id="dashboard-activity"'):]
    assert "ferry fares" in drafts and "tides" in mine and "harbours" in recent
    assert "claim-submitted" in activity and "editor-user" in activity


@pytest.mark.parametrize("target", ["dashboard-counts", "dashboard-suggestions", "dashboard-drafts", "dashboard-assigned", "dashboard-published", "dashboard-activity"])
def test_each_part_can_be_fetched_alone(client, reviewer, target):
    client.force_login(reviewer)
    response = client.get(DASHBOARD, headers=hx(target))
    content = response.content.decode().lstrip()
    assert content.startswith(("<dl", "<section")) and f'id="{target}"' in content.split(">", 1)[0]
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_counts_listen_for_the_events_that_change_them(client, reviewer):
    client.force_login(reviewer)
    content = client.get(DASHBOARD).content.decode()
    counts = content[content.index('<dl id="dashboard-counts"'):]
    counts = counts[:counts.index(">")]
    for event in ["link-confirmed", "link-rejected", "link-reopened", "claim-published", "claim-submitted", "claim-assigned"]:
        assert f"{event} from:body" in counts


def test_confirming_from_the_dashboard_without_javascript_returns_to_updated_counts(client, reviewer):
    link = suggested_link()
    client.force_login(reviewer)
    response = client.post(reverse("claims:link-decide", args=[link.pk]), {"version": 1, "decision": "confirm", "relation": "denies", "next": DASHBOARD}, follow=True)
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert response.context["counts"]["suggestions"] == 0
    assert ClaimLink.objects.get().status == ClaimLink.Status.CONFIRMED


def test_publishing_from_the_dashboard_queue(client, reviewer):
    claim = factories.ClaimFactory(status=Claim.Status.REVIEW)
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-status", args=[claim.pk]), {"version": 1, "status": "published", "next": DASHBOARD}, headers=hx())
    assert "claim-published" in response["HX-Trigger"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_editor_gets_submit_not_publish_on_the_dashboard(client, editor):
    factories.ClaimFactory()
    suggested_link()
    client.force_login(editor)
    content = client.get(DASHBOARD).content.decode()
    assert ">Submit for review</button>" in content
    assert ">Publish</button>" not in content and ">Confirm</button>" not in content


def test_dashboard_costs_the_same_queries_with_5_and_50_items(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)

    def add(count):
        for index in range(count):
            link = suggested_link(score=index / 100)
            services.claim_assign(claim=link.to_claim, assignee=reviewer, actor=reviewer)
            services.claim_publish(claim=link.from_claim, actor=reviewer)

    add(5)
    with CaptureQueriesContext(connection) as captured:
        client.get(DASHBOARD)
    add(45)
    with django_assert_num_queries(len(captured)):
        client.get(DASHBOARD)
