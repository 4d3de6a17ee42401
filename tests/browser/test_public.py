"""Public pages in Chromium: axe-core finds no serious problems, search updates as you type,
the layout holds at phone width, and the print stylesheet keeps what matters."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims import services
from tests import factories
from tests.public.conftest import add_appearance, confirmed_link, empty_cache, published_claim, story  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots go to docs/screenshots/ when SCREENSHOTS=1 (to refresh the README), else to tmp.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MOBILE = {"width": 390, "height": 844}


@pytest.fixture
def full_story(story, reviewer):
    """The bridge story with a verdict and a qualifying statement, as a reader would find it."""
    services.verdict_create(
        claim=story["claim"], rating_value=2, rating_text="Mostly false",
        explanation="The ministry, which sets opening dates, said no date had been set; the contractor's timetable does not end before July.",
        reviewer=reviewer, publish=True,
    )
    qualifier = published_claim(
        speaker=factories.SourceFactory(name="Harbour Contractors Ltd", slug="harbour-contractors", kind="organisation"),
        text="The deck may be finished in May, but road connections will take until July", stated_on=__import__("datetime").date(2026, 3, 12),
    )
    add_appearance(qualifier, outlet=story["gazette"], title="Contractor sets out bridge timetable", published=__import__("datetime").date(2026, 3, 12), url="https://gazette.example/timetable")
    link = confirmed_link(from_claim=qualifier, to_claim=story["claim"], relation="qualifies", reviewer=reviewer, note="Same bridge, same month: the contractor agrees on the deck but not on traffic.")
    story["dispute"].links.add(link)
    services.public_cache_bump()
    return story


def shot(page, name: str, tmp_path, full_page=True):
    folder = SCREENSHOTS if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=full_page)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("page_name", ["home", "claim", "dispute", "source", "search"])
def test_public_pages_have_no_serious_accessibility_violations(live_server, page, full_story, page_name):
    urls = {
        "home": "/",
        "claim": full_story["claim"].get_absolute_url(),
        "dispute": full_story["dispute"].get_absolute_url(),
        "source": full_story["minister"].get_absolute_url(),
        "search": "/search/?q=bridge",
    }
    page.goto(live_server.url + urls[page_name])
    assert serious_violations(page) == []


def test_claim_page_screenshot(live_server, page, full_story, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + full_story["claim"].get_absolute_url())
    assert page.get_by_role("heading", name="Denied by").is_visible()
    assert page.get_by_role("heading", name="Qualified by").is_visible()
    shot(page, "claim-page.png", tmp_path)


def test_dispute_page_shows_two_columns_and_the_timeline(live_server, page, full_story, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + full_story["dispute"].get_absolute_url())
    claim_box = page.locator(".dispute-claim").bounding_box()
    counter_box = page.locator(".dispute-counterclaims").bounding_box()
    assert counter_box["x"] > claim_box["x"] + claim_box["width"] - 1  # side by side
    assert abs(counter_box["y"] - claim_box["y"]) < 2
    timeline = page.get_by_role("img", name="Timeline of the dispute")
    assert timeline.is_visible()
    assert page.locator(".timeline-dot").count() == 4
    shot(page, "dispute-page.png", tmp_path)


def test_search_updates_as_you_type_and_pushes_the_url(live_server, page, full_story, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/search/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Words to look for").press_sequentially("schedule", delay=30)
    page.wait_for_url("**/search/?q=schedule**")
    page.locator("#search-results mark").first.wait_for()
    assert page.locator("#search-results .claim-card").count() == 1
    assert page.locator("#search-results mark").first.inner_text().lower() == "schedule"
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not reloaded
    page.get_by_label("Words to look for").fill("bridge")
    page.wait_for_url("**/search/?q=bridge**")
    expect(page.locator("#search-results .claim-card")).to_have_count(3)
    page.get_by_label("Speaker").select_option(label="Ministry of Works")
    expect(page.locator("#search-results .claim-card")).to_have_count(1)
    assert "speaker=ministry-of-works" in page.url
    page.get_by_label("Speaker").select_option(label="Any speaker")
    expect(page.locator("#search-results .claim-card")).to_have_count(3)
    shot(page, "search.png", tmp_path)


def test_search_works_without_javascript(live_server, browser, full_story):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Search published claims").fill("contractor")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=contractor")
    assert page.locator("#search-results .claim-card").count() == 0
    assert page.get_by_text("No published claims match “contractor”").is_visible()
    page.get_by_label("Words to look for").fill("deck")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=deck**")
    assert page.locator("#search-results .claim-card").count() == 2
    context.close()


@pytest.mark.parametrize("page_name", ["claim", "dispute", "search"])
def test_public_pages_fit_a_phone_screen(live_server, browser, full_story, tmp_path, page_name):
    context = browser.new_context(viewport=MOBILE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    urls = {"claim": full_story["claim"].get_absolute_url(), "dispute": full_story["dispute"].get_absolute_url(), "search": "/search/?q=bridge"}
    page.goto(live_server.url + urls[page_name])
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    if page_name == "dispute":
        claim_box = page.locator(".dispute-claim").bounding_box()
        counter_box = page.locator(".dispute-counterclaims").bounding_box()
        assert counter_box["y"] >= claim_box["y"] + claim_box["height"] - 1  # stacked on a phone
    if page_name == "claim":
        shot(page, "mobile-claim.png", tmp_path, full_page=False)
    context.close()


def test_print_stylesheet_hides_navigation_and_keeps_the_timeline_table(live_server, page, full_story):
    page.goto(live_server.url + full_story["dispute"].get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".timeline-table").is_visible()
    assert page.locator(".dispute-claim blockquote").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('.appearances a'), '::after').content")
    assert "https://gazette.example/bridge" in after
