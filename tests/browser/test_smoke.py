"""The browser set-up itself: Debian's Chromium renders our home page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_chromium(live_server, page):
    page.goto(live_server.url + "/")
    assert page.title().endswith("Claim Tracker")
    assert page.get_by_role("heading", level=1).inner_text() == "Claims and counterclaims"
