"""Bulk decisions in the review queue, in Debian's Chromium: with htmx and without JavaScript."""

import pytest
from playwright.sync_api import expect

from claims.models import ClaimLink
from tests.browser.test_review import card, login, queue, status_of  # noqa: F401  (queue is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_selected_cards_are_rejected_together_and_leave_the_list(live_server, page, queue):
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    page.evaluate("window.reviewMarker = 'still here'")
    first, second, third = queue
    card(page, first).get_by_label("Select").check()
    card(page, third).get_by_label("Select").check()
    page.get_by_role("button", name="Reject selected").click()
    expect(page.locator("#live-status")).to_contain_text("Rejected 2 suggestions.")
    expect(card(page, first)).to_have_count(0)
    expect(card(page, third)).to_have_count(0)
    expect(card(page, second)).to_be_visible()
    expect(page.locator("#review-count")).to_contain_text("1 suggestion waiting")
    assert page.evaluate("window.reviewMarker") == "still here"
    assert [status_of(link) for link in queue] == [ClaimLink.Status.REJECTED, ClaimLink.Status.SUGGESTED, ClaimLink.Status.REJECTED]


def test_bulk_confirm_works_without_javascript(live_server, browser, queue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "rita")
    page.goto(f"{live_server.url}/review/")
    first, second, _ = queue
    card(page, first).get_by_label("Select").check()
    card(page, second).get_by_label("Select").check()
    page.get_by_role("button", name="Confirm selected").click()
    expect(page.locator(".messages")).to_contain_text("Confirmed 2 suggestions.")
    assert status_of(first) == ClaimLink.Status.CONFIRMED and status_of(second) == ClaimLink.Status.CONFIRMED
    context.close()
