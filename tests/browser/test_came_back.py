"""The dashboard's "Came back" panel in Debian's Chromium: the alert is shown beside the dispute and
added to it in one click, in place with htmx and without JavaScript."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims import feed_services, services
from claims.importing.pipeline import extract, prepare_text
from claims.models import Alert, ClaimLink, Feed, FeedPoll
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
CHECKED = "The new flood barrier has never failed a single test"
expect.set_options(timeout=10_000)


def _import(lead: str, speaker: str, url: str):
    text = f"{lead}\n\n\u201c{CHECKED},\u201d said {speaker}.\n\nOfficers said a written answer would follow within the week."
    prepared = prepare_text(text, input_kind="paste")
    return services.article_import(prepared=prepared, quotes=extract(prepared), actor=None, url=url, outlet_name="Test Gazette")


@pytest.fixture
def alert(db):
    reviewer = factories.UserFactory(username="rita", role="reviewer")
    claim = _import("Councillors in Eastmoor met on Tuesday.", "council leader Imogen Hartwell", "https://archive.example/barrier").quotes[0].claim
    services.claim_publish(claim=claim, actor=reviewer)
    counter = factories.ClaimFactory(text="The barrier failed its spring test")
    link = services.link_suggest(from_claim=counter, to_claim=claim, relation=ClaimLink.Relation.DENIES)
    link = services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    services.dispute_create(title="Has the flood barrier ever failed?", claim=claim, links=[link], actor=reviewer)
    result = _import("At a rally on Friday.", "campaigner Rhys Okafor", "https://gazette.example/rally")
    alerts = feed_services.alerts_for_import(result=result)
    assert len(alerts) == 1
    return alerts[0]


def login(page, live_server, username="rita"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_the_alert_is_shown_beside_the_dispute_and_added_in_one_click(live_server, page, alert):
    problems = []
    # The browser's own favicon probe 404s (no favicon yet); every other failure counts.
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    login(page, live_server)
    panel = page.locator("#dashboard-alerts")
    expect(panel.get_by_role("heading", name="Came back")).to_be_visible()
    card = page.locator(f"#alert-{alert.pk}")
    expect(card).to_contain_text("New appearance")
    expect(card).to_contain_text("Rhys Okafor")
    expect(card).to_contain_text("Already checked")
    expect(card).to_contain_text("Has the flood barrier ever failed?")
    expect(card).to_contain_text("Denied")
    page.evaluate("window.dashboardMarker = 'still here'")
    card.get_by_role("button", name="Add to dispute").click()
    expect(page.locator("#live-status")).to_contain_text("Added to the dispute.")
    expect(card).to_have_count(0)
    expect(panel).to_contain_text("No claim has come back.")
    assert page.evaluate("window.dashboardMarker") == "still here"
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ADDED and alert.link.status == ClaimLink.Status.CONFIRMED
    assert not problems, problems


def test_without_javascript_the_button_still_adds_it(live_server, browser, alert):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server)
    page.locator(f"#alert-{alert.pk}").get_by_role("button", name="Add to dispute").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Added to the dispute.")
    expect(page.locator(f"#alert-{alert.pk}")).to_have_count(0)
    context.close()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ADDED


def test_the_panels_have_no_axe_violations(live_server, page, alert):
    from axe_playwright_python.sync_playwright import Axe

    feed = feed_services.feed_create(url="https://gazette.example/rss.xml", outlet=alert.article.outlet, actor=None)
    Feed.objects.filter(pk=feed.pk).update(failures=1, last_error="The server gazette.example did not answer within 10 seconds.")
    FeedPoll.objects.create(feed=feed, started_at=timezone.now(), status=FeedPoll.Status.ERROR, error="It did not answer.")
    FeedPoll.objects.create(feed=feed, started_at=timezone.now(), status=FeedPoll.Status.OK, http_status=200, new_articles=3)
    login(page, live_server)
    expect(page.locator("#dashboard-feeds")).to_contain_text("1 failing")
    violations = Axe().run(page).response["violations"]
    assert [(violation["id"], violation["nodes"][0]["target"]) for violation in violations] == []
