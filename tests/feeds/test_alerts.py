"""Came-back alerts: raised once when a published or disputed claim appears in a new article,
shown on the dashboard, added to the dispute or dismissed, in an Atom feed and an e-mail digest."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import feed_services, services
from claims.importing.pipeline import extract, prepare_text
from claims.models import Alert, AuditEvent, Claim, ClaimLink, Feed, FeedPoll
from claims.outlet_feeds.poller import Poller
from claims.views.alerts import alerts_feed_token
from tests import factories
from tests.feeds.conftest import article_html, rss

pytestmark = pytest.mark.django_db

CHECKED = "The new flood barrier has never failed a single test"


def paragraphs(quote: str, speaker: str = "council leader Imogen Hartwell", lead: str = "Councillors in Eastmoor met on Tuesday.") -> list[str]:
    return [lead, f"\u201c{quote},\u201d said {speaker}.", "Officers said a written answer would follow within the week."]


def import_direct(text_paragraphs: list[str], url: str):
    prepared = prepare_text("\n\n".join(text_paragraphs), input_kind="paste")
    return services.article_import(prepared=prepared, quotes=extract(prepared), actor=None, url=url, outlet_name="Archive Desk")


@pytest.fixture
def published_claim(reviewer):
    """A claim the newsroom checked and published, as it was first imported."""
    result = import_direct(paragraphs(CHECKED), "https://archive.example/flood-barrier")
    claim = result.quotes[0].claim
    assert claim.text == CHECKED and claim.speaker.name == "Imogen Hartwell"
    return services.claim_publish(claim=claim, actor=reviewer)


def serve_feed(server, path: str, pages: dict[str, list[str]], outlet_name: str = "Test Gazette") -> Feed:
    for page_path, text in pages.items():
        server.page(page_path, article_html(0, title=f"Story at {page_path}", paragraphs=text))
    server.feed(path, rss([(server.url(page_path), "Story") for page_path in pages]))
    outlet = factories.OutletFactory(name=outlet_name, domain="")
    return feed_services.feed_create(url=server.url(path), outlet=outlet, actor=None)


def poll():
    return Poller(threads=2).run_cycle()


def test_a_published_claim_coming_back_raises_one_alert(feed_server, published_claim):
    serve_feed(feed_server, "/rss.xml", {"/news/barrier-again": paragraphs(CHECKED, lead="Eastmoor's barrier was back in the news.")})
    totals = poll()
    assert totals.alerts == 1
    alert = Alert.objects.get()
    assert alert.claim == published_claim and alert.appearance.claim == published_claim
    assert alert.article.url == feed_server.url("/news/barrier-again")
    assert alert.status == Alert.Status.OPEN
    assert AuditEvent.objects.filter(verb="alert-created", target_id=str(alert.pk)).count() == 1
    assert FeedPoll.objects.get().alerts == 1


def test_the_alert_is_raised_exactly_once(feed_server, published_claim):
    story = {"/news/barrier-again": paragraphs(CHECKED, lead="Eastmoor's barrier was back in the news.")}
    serve_feed(feed_server, "/a.xml", story)
    serve_feed(feed_server, "/b.xml", story, outlet_name="Another Paper")
    assert poll().alerts == 1
    Feed.objects.update(next_poll_at=timezone.now(), etag="", last_modified="")
    assert poll().alerts == 0
    assert Alert.objects.count() == 1
    alert = Alert.objects.get()
    assert feed_services.alert_create(claim_id=alert.claim_id, appearance=alert.appearance, reason="again") is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(claim=alert.claim, appearance=alert.appearance, article=alert.article, reason="again")


def test_a_confirmed_denial_makes_a_draft_claim_count_as_disputed(feed_server, reviewer):
    original = import_direct(paragraphs(CHECKED), "https://archive.example/flood-barrier").quotes[0].claim
    denial = factories.ClaimFactory(text="The barrier failed its spring test", polarity=Claim.Polarity.DENIES)
    link = services.link_suggest(from_claim=denial, to_claim=original, relation=ClaimLink.Relation.DENIES)
    services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    serve_feed(feed_server, "/rss.xml", {"/news/again": paragraphs(CHECKED, lead="A second paper ran the claim.")})
    assert poll().alerts == 1
    assert Alert.objects.get().claim == original


def test_a_claim_nobody_checked_raises_no_alert(feed_server):
    import_direct(paragraphs(CHECKED), "https://archive.example/flood-barrier")
    serve_feed(feed_server, "/rss.xml", {"/news/again": paragraphs(CHECKED, lead="A second paper ran the claim.")})
    assert poll().alerts == 0
    assert not Alert.objects.exists()


def test_another_speaker_repeating_the_checked_claim_raises_an_alert(feed_server, published_claim):
    serve_feed(feed_server, "/rss.xml", {"/news/repeat": paragraphs(CHECKED, speaker="campaigner Rhys Okafor", lead="At a rally on Friday.")})
    assert poll().alerts == 1
    alert = Alert.objects.get()
    assert alert.claim == published_claim
    assert alert.appearance.claim != published_claim and alert.appearance.claim.speaker.name == "Rhys Okafor"
    assert alert.reason.startswith("another speaker repeated it")


def test_a_short_stock_phrase_by_another_speaker_is_not_an_alert(feed_server, reviewer):
    result = import_direct(paragraphs("We will see"), "https://archive.example/short")
    services.claim_publish(claim=result.quotes[0].claim, actor=reviewer)
    serve_feed(feed_server, "/rss.xml", {"/news/short": paragraphs("We will see", speaker="campaigner Rhys Okafor")})
    assert poll().alerts == 0


@pytest.fixture
def repeat_alert(feed_server, published_claim, reviewer):
    """Another speaker repeats the published claim, which heads a dispute."""
    counter = factories.ClaimFactory(text="The barrier failed its spring test", status=Claim.Status.PUBLISHED, published_at=timezone.now())
    link = services.link_suggest(from_claim=counter, to_claim=published_claim, relation=ClaimLink.Relation.DENIES)
    link = services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    dispute = services.dispute_create(title="Has the flood barrier ever failed?", claim=published_claim, links=[link], actor=reviewer)
    serve_feed(feed_server, "/rss.xml", {"/news/repeat": paragraphs(CHECKED, speaker="campaigner Rhys Okafor", lead="At a rally on Friday.")})
    poll()
    return Alert.objects.get(), dispute


def test_adding_to_the_dispute_confirms_a_link_and_puts_it_in_the_dispute(repeat_alert, reviewer):
    alert, dispute = repeat_alert
    feed_services.alert_add_to_dispute(alert=alert, reviewer=reviewer)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ADDED and alert.decided_by == reviewer and alert.decided_at
    link = alert.link
    assert (link.from_claim, link.to_claim, link.relation, link.status) == (
        alert.appearance.claim, alert.claim, ClaimLink.Relation.SUPPORTS, ClaimLink.Status.CONFIRMED)
    assert dispute.links.filter(pk=link.pk).exists()
    verbs = set(AuditEvent.objects.filter(actor=reviewer).values_list("verb", flat=True))
    assert {"alert-added-to-dispute", "dispute-link-added", "link-confirmed"} <= verbs


def test_the_same_claim_coming_back_is_added_without_a_new_link(feed_server, published_claim, reviewer):
    serve_feed(feed_server, "/rss.xml", {"/news/again": paragraphs(CHECKED, lead="A second paper ran the claim.")})
    poll()
    alert = feed_services.alert_add_to_dispute(alert=Alert.objects.get(), reviewer=reviewer)
    assert alert.status == Alert.Status.ADDED and alert.link is None


def test_a_decided_alert_cannot_be_decided_again(repeat_alert, reviewer, editor):
    alert, _dispute = repeat_alert
    feed_services.alert_dismiss(alert=alert, actor=editor)
    with pytest.raises(services.ServiceError, match="already dismissed by editor-user"):
        feed_services.alert_add_to_dispute(alert=alert, reviewer=reviewer)


def test_one_click_adds_it_from_the_dashboard(client, repeat_alert, reviewer):
    alert, dispute = repeat_alert
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert f'id="alert-{alert.pk}"' in page and "Came back" in page and "Has the flood barrier ever failed?" in page
    response = client.post(reverse("claims:alert-decide", args=[alert.pk]), {"decision": "add"}, headers={"HX-Request": "true", "HX-Target": "dashboard-alerts"})
    assert response.status_code == 200
    assert "alert-added" in response.headers["HX-Trigger"]
    assert f'id="alert-{alert.pk}"' not in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ADDED
    again = client.post(reverse("claims:alert-decide", args=[alert.pk]), {"decision": "dismiss"}, headers={"HX-Request": "true"})
    assert again.status_code == 409


def test_without_javascript_a_decision_redirects_back_to_the_dashboard(client, repeat_alert, reviewer):
    alert, _dispute = repeat_alert
    client.force_login(reviewer)
    response = client.post(reverse("claims:alert-decide", args=[alert.pk]), {"decision": "dismiss", "next": "/dashboard/"})
    assert response.status_code == 302 and response.url == "/dashboard/"
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISMISSED


def test_editors_dismiss_but_only_reviewers_add(client, repeat_alert, editor):
    alert, _dispute = repeat_alert
    client.force_login(editor)
    assert "Add to dispute" not in client.get(reverse("claims:dashboard")).content.decode()
    refused = client.post(reverse("claims:alert-decide", args=[alert.pk]), {"decision": "add"}, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN
    assert client.post(reverse("claims:alert-decide", args=[alert.pk]), {"decision": "dismiss"}).status_code == 302


def test_each_staff_member_has_a_secret_atom_feed_of_alerts(client, repeat_alert, reviewer):
    alert, _dispute = repeat_alert
    url = reverse("claims:alerts-feed", kwargs={"user_id": reviewer.pk, "feed_token": alerts_feed_token(reviewer)})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert CHECKED in body and "Rhys Okafor" in body and "Already denied by" in body
    wrong = reverse("claims:alerts-feed", kwargs={"user_id": reviewer.pk, "feed_token": "0" * 40})
    assert client.get(wrong).status_code == 404
    reviewer.set_password("a new password for the reviewer")
    reviewer.save()
    assert client.get(url).status_code == 404  # a new password revokes the old address


def test_outsiders_have_no_alerts_feed(client, outsider, db):
    url = reverse("claims:alerts-feed", kwargs={"user_id": outsider.pk, "feed_token": alerts_feed_token(outsider)})
    assert client.get(url).status_code == 404


def test_the_digest_mails_each_alert_once(repeat_alert, reviewer):
    reviewer.email = "reviewer@newsroom.example"
    reviewer.save()
    out = StringIO()
    call_command("send_alert_digest", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"alerts": 1, "recipients": 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == ["reviewer@newsroom.example"] and "came back" in message.subject
    assert CHECKED in message.body and "Rhys Okafor" in message.body
    out = StringIO()
    call_command("send_alert_digest", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"alerts": 0, "recipients": 0}
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="alert-emailed").count() == 1


def test_the_dashboard_panels_cost_the_same_queries_with_1_and_8_items(client, reviewer, feed_server, published_claim):
    client.force_login(reviewer)

    def add(first: int, count: int):
        for number in range(first, first + count):
            path = f"/news/again-{number}"
            serve_feed(feed_server, f"/rss-{number}.xml", {path: paragraphs(CHECKED, lead=f"Paper number {number} ran the claim.")},
                       outlet_name=f"Paper {number}")
        poll()
        denial = factories.ClaimFactory(text=f"Not true, number {first}")
        link = services.link_suggest(from_claim=denial, to_claim=published_claim, relation=ClaimLink.Relation.DENIES)
        services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
        services.dispute_create(title=f"Dispute {first}", claim=published_claim, actor=reviewer)

    add(0, 1)
    assert Alert.objects.count() == 1
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("claims:dashboard"))
    with CaptureQueriesContext(connection) as panel_only:
        client.get(reverse("claims:dashboard"), headers={"HX-Request": "true", "HX-Target": "dashboard-alerts"})
    add(1, 7)
    assert Alert.objects.count() == 8 and FeedPoll.objects.count() == 8
    Feed.objects.filter(pk=Feed.objects.first().pk).update(failures=2, last_error="It broke")
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("claims:dashboard"))
    with CaptureQueriesContext(connection) as panel_again:
        client.get(reverse("claims:dashboard"), headers={"HX-Request": "true", "HX-Target": "dashboard-alerts"})
    assert len(again) == len(captured)
    assert len(panel_again) == len(panel_only)
