"""Stored XSS: hostile text in every editable field is inert on every page.

Every GET URL the resolver knows (filled with real objects, as in the authorisation
matrix) is opened in Chromium as a superuser and as the public. Pass one switches the
CSP off (bypass_csp) so that only escaping protects the page: any dialog fails the test.
Pass two keeps the CSP on: the page must not trip it (no blocked inline script or style).
"""

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from claims import services
from claims.models import Appearance, Article, Claim, ClaimLink, Dispute, Outlet, Source, SourceAlias, Verdict
from tests.hardening.test_authorisation_matrix import _cases_for, _fill, _kwargs, discovered_routes, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = '<script>alert("xss-script")</script>'
IMG = '<img src=x onerror="alert(\'xss-img\')">'
ATTR = '" autofocus onfocus="alert(\'xss-attr\')" x="'
SVG = "<svg onload=alert('xss-svg')>"
PAYLOAD = f"{SCRIPT}{IMG}{ATTR}{SVG}"
JS_URL = "javascript:alert('xss-url')"


def _poison(world):
    editor = world["users"]["editor"]
    for index, source in enumerate(Source.objects.all()):
        Source.objects.filter(pk=source.pk).update(name=f"{PAYLOAD} speaker {index}", description=PAYLOAD, affiliation=PAYLOAD)
    for index, outlet in enumerate(Outlet.objects.all()):
        Outlet.objects.filter(pk=outlet.pk).update(name=f"{PAYLOAD} outlet {index}", domain="")
    SourceAlias.objects.update(name=PAYLOAD)
    Claim.objects.update(text=PAYLOAD, context=PAYLOAD)
    Article.objects.update(url=JS_URL, title=PAYLOAD, text=PAYLOAD)
    Appearance.objects.update(quote=PAYLOAD, context=PAYLOAD, attribution=PAYLOAD, speaker_as_written=PAYLOAD)
    ClaimLink.objects.update(note=PAYLOAD, reasons=[PAYLOAD, JS_URL])
    Dispute.objects.update(title=PAYLOAD, summary=PAYLOAD)
    Verdict.objects.update(rating_text=PAYLOAD[:100], explanation=PAYLOAD)
    # Audit rows are append-only: new ones carry the payload in their text.
    draft = world["draft"]
    draft.refresh_from_db()
    services.claim_update(claim=draft, actor=editor, expected_version=draft.version, text=PAYLOAD + " edited")


def _urls(world):
    for route in discovered_routes():
        for case in _cases_for(route):
            yield route.key, _fill(route, _kwargs(route, case, world))


def _visit_all(live_server, context, urls):
    dialogs, csp_violations, script_links, html_pages = [], [], [], set()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    page.on("console", lambda message: "Content Security Policy" in message.text and csp_violations.append((page.url, message.text)))
    for key, path in urls:
        try:
            response = page.goto(live_server.url + path)
        except PlaywrightError:  # an empty error body (405 on a POST-only URL) has nothing to render
            continue
        if response is not None and "text/html" in response.headers.get("content-type", ""):
            html_pages.add(page.url)
        page.wait_for_load_state("load")
        # Focus and hover everything focusable so onfocus/onmouseover payloads get their chance.
        for element in page.locator("a, button, input, textarea, select").all()[:25]:
            try:
                element.focus(timeout=100)
            except Exception:
                pass
        if page.locator('a[href^="javascript:" i], [src^="javascript:" i], iframe[src^="javascript:" i]').count():
            script_links.append((key, path))
    # No page.close(): closing the context closes its page (see own_browser for why).
    # Chromium's own viewer styles XML (sitemap, feed) inline; only our HTML pages must obey.
    csp_violations = [(url, text) for url, text in csp_violations if url in html_pages]
    return dialogs, csp_violations, script_links


@pytest.fixture
def own_browser(launch_browser):
    """A Chromium of its own: on the browser the other browser tests shared, closing the last
    page now and then never returned (seen in full runs only, never when this file ran alone)."""
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.mark.parametrize("role", ["superuser", "anonymous"])
def test_payloads_are_inert_on_every_page(live_server, own_browser, world, role):  # noqa: F811
    browser = own_browser
    _poison(world)
    assert Claim.objects.filter(text=PAYLOAD).exists()
    urls = list(_urls(world))
    assert len(urls) > 20
    cookies = []
    user = world["users"][role]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        cookies = [{"name": "sessionid", "value": session, "url": live_server.url}]

    context = browser.new_context(bypass_csp=True)
    context.add_cookies(cookies) if cookies else None
    dialogs, _, script_links = _visit_all(live_server, context, urls)
    context.close()
    assert not dialogs, f"payload executed: {dialogs}"
    assert not script_links, f"javascript: URL became a link or frame on: {script_links}"

    context = browser.new_context()
    context.add_cookies(cookies) if cookies else None
    dialogs, csp_violations, _ = _visit_all(live_server, context, urls)
    context.close()
    assert not dialogs
    assert not csp_violations, "pages break their own CSP:\n" + "\n".join(f"{url}: {text}" for url, text in csp_violations)
