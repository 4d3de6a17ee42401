"""The review screens in Debian's Chromium: swaps in place, keys, conflicts, undo, and no JavaScript."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimLink
from tests import factories
from tests.review.builders import suggested_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# A loaded machine (several test suites at once) can take more than the default 5 s.
expect.set_options(timeout=10_000)


@pytest.fixture
def queue(db):
    """Three suggestions, best first, and two reviewers."""
    factories.UserFactory(username="rita", role="reviewer")
    factories.UserFactory(username="mo", role="moderator")
    return [suggested_link(score=score) for score in (0.9, 0.7, 0.5)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def card(page, link):
    return page.locator(f"#link-card-{link.pk}")


def status_of(link):
    link.refresh_from_db()
    return link.status


def test_confirm_swaps_the_card_in_place_without_a_reload(live_server, page, queue):
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    page.evaluate("window.reviewMarker = 'still here'")
    first, second = queue[0], queue[1]
    card(page, first).get_by_role("button", name="Confirm").click()
    expect(card(page, first)).to_contain_text("Confirmed by rita")
    expect(page.locator("#live-status")).to_contain_text("Confirmed:")
    expect(page.locator("#review-count")).to_contain_text("2 suggestions waiting")
    assert page.evaluate("window.reviewMarker") == "still here"
    expect(card(page, second)).to_be_focused()
    assert status_of(first) == ClaimLink.Status.CONFIRMED


def test_keyboard_moves_confirms_and_rejects(live_server, page, queue):
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    first, second, third = queue
    page.keyboard.press("j")
    expect(card(page, first)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(card(page, third)).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(card(page, first)).to_be_focused()
    page.keyboard.press("c")
    expect(card(page, first)).to_contain_text("Confirmed by rita")
    expect(card(page, second)).to_be_focused()
    page.keyboard.press("r")
    expect(card(page, second)).to_contain_text("Rejected by rita")
    expect(card(page, third)).to_be_focused()
    # Typing in a field never triggers a shortcut.
    page.keyboard.press("e")
    expect(page.locator(f"#relation-{third.pk}")).to_be_focused()
    page.locator(f"#note-{third.pk}").fill("check the union's press release")
    page.locator(f"#note-{third.pk}").press("c")
    page.locator(f"#note-{third.pk}").press("Escape")
    expect(card(page, third)).to_be_focused()
    assert status_of(third) == ClaimLink.Status.SUGGESTED
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert (status_of(first), status_of(second)) == (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED)


def test_second_reviewer_gets_the_conflict(live_server, browser, queue):
    contexts = [browser.new_context(), browser.new_context()]
    rita, mo = (context.new_page() for context in contexts)
    login(rita, live_server, "rita")
    login(mo, live_server, "mo")
    rita.goto(f"{live_server.url}/review/")
    mo.goto(f"{live_server.url}/review/")
    link = queue[0]
    card(rita, link).get_by_role("button", name="Confirm").click()
    expect(card(rita, link)).to_contain_text("Confirmed by rita")
    with mo.expect_response(lambda response: "/decide/" in response.url) as answer:
        card(mo, link).get_by_role("button", name="Reject").click()
    assert answer.value.status == 409
    expect(card(mo, link)).to_contain_text("Someone else decided on this link first")
    expect(card(mo, link)).to_contain_text("Confirmed by rita")
    expect(card(mo, link).get_by_role("button", name="Undo")).to_have_count(0)
    assert status_of(link) == ClaimLink.Status.CONFIRMED
    for context in contexts:
        context.close()


def test_undo_puts_the_card_back_and_the_window_closes(live_server, page, queue):
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    first, second = queue[0], queue[1]
    card(page, first).get_by_role("button", name="Reject").click()
    card(page, first).get_by_role("button", name="Undo").click()
    expect(card(page, first).get_by_role("button", name="Confirm")).to_be_visible()
    expect(card(page, first)).to_be_focused()
    expect(page.locator("#live-status")).to_contain_text("Undone")
    assert status_of(first) == ClaimLink.Status.SUGGESTED
    # After the undo window a decided card leaves the queue.
    card(page, second).get_by_role("button", name="Confirm").click()
    expect(card(page, second)).to_contain_text("Confirmed by rita")
    expect(card(page, second)).to_have_count(0, timeout=12_000)


def test_dashboard_counts_follow_an_action_on_the_page(live_server, page, queue):
    login(page, live_server, "rita")
    page.evaluate("window.reviewMarker = 'dashboard'")
    expect(page.locator('[data-count="suggestions"]')).to_have_text("3")
    page.locator("#dashboard-suggestions").get_by_role("button", name="Confirm").first.click()
    expect(page.locator('[data-count="suggestions"]')).to_have_text("2")
    expect(page.locator("#live-status")).to_contain_text("Confirmed:")
    expect(page.locator("#dashboard-suggestions .queue__item")).to_have_count(2)
    expect(page.locator("#dashboard-activity")).to_contain_text("link-confirmed")
    page.locator("#dashboard-drafts").get_by_role("button", name="Publish").first.click()
    expect(page.locator('[data-count="published"]')).to_have_text("1")
    expect(page.locator("#dashboard-published .queue__item")).to_have_count(1)
    expect(page.locator("#live-status")).to_be_empty(timeout=12_000)
    assert page.evaluate("window.reviewMarker") == "dashboard"


def test_workspace_edit_search_and_link_in_place(live_server, page, queue):
    login(page, live_server, "rita")
    claim = queue[0].to_claim
    factories.SourceFactory(name="Harbour Authority")
    other = factories.ClaimFactory(text="Ferry capacity is twelve thousand passengers")
    page.goto(f"{live_server.url}/workspace/claims/{claim.pk}/")
    page.evaluate("window.reviewMarker = 'workspace'")
    page.get_by_label("Speaker").fill("Harbour")
    expect(page.locator("#speaker-options option")).to_have_count(1)
    page.get_by_label("Speaker").fill("Harbour Authority")
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator("#claim-edit")).to_contain_text("Claim saved.")
    expect(page.locator("#claim-summary")).to_contain_text("Harbour Authority")
    page.get_by_label("Search claims").fill("ferry capacity")
    result = page.locator("#claim-search-results .search-result")
    expect(result).to_contain_text("twelve thousand")
    result.get_by_role("button", name="Link").click()
    expect(page.locator("#claim-links")).to_contain_text("twelve thousand")
    expect(page.locator("#claim-history")).to_contain_text("claim-updated")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#claim-summary")).to_contain_text("In review")
    # The edit form got the new version out of band, so a second save is not a conflict.
    page.get_by_label("Text").fill("The new ferry line will carry 10,000 passengers a day")
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator("#claim-edit")).to_contain_text("Claim saved.")
    assert page.evaluate("window.reviewMarker") == "workspace"
    claim.refresh_from_db()
    assert (claim.speaker.name, claim.status, claim.text[-9:]) == ("Harbour Authority", Claim.Status.REVIEW, "ers a day")
    assert ClaimLink.objects.filter(from_claim=claim, to_claim=other).exists()


def test_the_same_flow_without_javascript(live_server, browser, queue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/?relation=denies")
    first = queue[0]
    card(page, first).get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{live_server.url}/review/?relation=denies&decided={first.pk}")
    expect(page.get_by_role("region", name="Your last decision")).to_contain_text("Confirmed by rita")
    expect(page.locator(".messages")).to_contain_text("Confirmed:")
    assert status_of(first) == ClaimLink.Status.CONFIRMED
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text("Undone")
    assert status_of(first) == ClaimLink.Status.SUGGESTED
    # A stale form (someone decided meanwhile) gets the conflict page.
    factories.UserFactory(username="other-reviewer", role="reviewer")
    from claims import services

    second = queue[1]
    second.refresh_from_db()
    services.link_reject(link=second, reviewer=factories.UserFactory(username="other-reviewer"), expected_version=second.version)
    card(page, second).get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Conflict: your decision was not saved")).to_be_visible()
    expect(page.locator(".conflict-panel")).to_contain_text("Rejected by other-reviewer")
    assert status_of(second) == ClaimLink.Status.REJECTED
    # Filters work as a plain GET form.
    page.goto(f"{live_server.url}/review/")
    page.get_by_label("Minimum score").fill("0.6")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{live_server.url}/review/?relation=&min_score=0.6&speaker=&outlet=&date_from=&date_to=")
    expect(page.locator("article.link-card")).to_have_count(1)
    context.close()


@pytest.fixture
def newsroom(db):
    """A small invented newsroom day for the screenshots: named speakers, outlets and a history."""
    import datetime

    from claims import services

    rita = factories.UserFactory(username="rita", role="reviewer")
    eddie = factories.UserFactory(username="eddie", role="editor")
    speakers = [factories.SourceFactory(name=name) for name in (
        "Mayor Alda Ferreira", "Port Workers' Union", "Harbour Authority", "Transport Minister Ilse Varga", "City Audit Office",
    )]
    outlets = [factories.OutletFactory(name=name) for name in ("Coastal Courier", "The Harbour Post", "Radio Estuary")]
    relations = ["denies", "contradicts", "qualifies", "supports", "denies", "contradicts"]
    links = []
    for index, relation in enumerate(relations):
        links.append(suggested_link(
            score=round(0.94 - index * 0.09, 2), relation=relation, speaker=speakers[index % 5],
            counter_speaker=speakers[(index + 1) % 5], outlet=outlets[index % 3],
            stated_on=datetime.date(2026, 3, 2 + index), published=datetime.date(2026, 3, 3 + index),
        ))
    for link in links[4:]:
        services.claim_submit(claim=link.to_claim, actor=eddie)
        services.claim_assign(claim=link.to_claim, assignee=rita, actor=eddie)
    services.claim_publish(claim=links[5].from_claim, actor=rita)
    services.link_confirm(link=links[5], reviewer=rita, expected_version=links[5].version)
    return links


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS") == "1", reason="set SCREENSHOTS=1 to refresh docs/screenshots")
@pytest.mark.parametrize("width,height,suffix", [(1366, 768, ""), (820, 1180, "-tablet")])
def test_save_screenshots(live_server, browser, newsroom, width, height, suffix):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    login(page, live_server, "rita")
    page.screenshot(path=str(SCREENSHOTS / f"dashboard{suffix}.png"))
    page.goto(f"{live_server.url}/review/")
    page.keyboard.press("j")
    page.screenshot(path=str(SCREENSHOTS / f"review-queue{suffix}.png"))
    context.close()


def test_review_screens_run_under_the_content_security_policy(live_server, page, queue):
    problems = []
    # The browser's own favicon probe 404s (no favicon yet); every other failure counts.
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    login(page, live_server, "rita")
    claim = queue[0].to_claim
    for path in ("/dashboard/", "/review/", f"/workspace/claims/{claim.pk}/?q=ferry", "/workspace/claims/", "/workspace/activity/"):
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src" in response.headers.get("content-security-policy", "")
    page.goto(f"{live_server.url}/review/")
    card(page, queue[0]).get_by_role("button", name="Confirm").click()
    expect(card(page, queue[0])).to_contain_text("Confirmed by rita")
    assert problems == []


def test_review_screens_have_no_axe_violations(live_server, page, queue):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    login(page, live_server, "rita")
    claim = queue[0].to_claim
    found = {}
    for path in ("/dashboard/", "/review/", f"/workspace/claims/{claim.pk}/?q=ferry", "/workspace/claims/", "/workspace/activity/",
                 f"/workspace/claims/{claim.pk}/merge/?other={queue[0].from_claim_id}"):
        page.goto(f"{live_server.url}{path}")
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(violation["id"], violation["nodes"][0]["target"]) for violation in violations]
    assert found == {}


def test_a_finished_page_fetches_the_next_suggestions(live_server, page, db):
    factories.UserFactory(username="rita", role="reviewer")
    links = [suggested_link(score=0.99 - index / 100) for index in range(21)]
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    expect(page.locator("article.link-card")).to_have_count(20)
    page.keyboard.press("j")
    for link in links[:20]:
        expect(card(page, link)).to_be_focused()
        page.keyboard.press("c")
        expect(card(page, link)).to_contain_text("Confirmed by rita")
    expect(card(page, links[20])).to_be_visible(timeout=15_000)
    expect(card(page, links[20])).to_be_focused()
    expect(page.locator("#review-count")).to_contain_text("1 suggestion waiting")
    assert ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED).count() == 20
