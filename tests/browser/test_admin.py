"""The moderation admin in a real browser: publish claims through the confirmation page."""

import importlib
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from claims import services
from claims.models import AuditEvent, Claim
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

# docs/screenshots/ is refreshed only on request (SCREENSHOTS=1), so test runs leave the tree clean.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("SCREENSHOTS") == "1" else Path(tempfile.mkdtemp())
PASSWORD = "correct horse battery staple"


def moderator_group() -> Group:
    """The moderator group as migration 0003 makes it (a transactional test may have flushed it)."""
    permissions = importlib.import_module("claims.migrations.0003_newsroom_groups").GROUP_PERMISSIONS["moderator"]
    group, _ = Group.objects.get_or_create(name="moderator")
    group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=permissions))
    return group


def claims_in_review(actor) -> list[Claim]:
    outlet = services.outlet_get_or_create(name="Harbour Gazette", domain="harbour.example", actor=actor)
    ministry = services.source_create(name="Water Ministry", kind="government", actor=actor)
    army = services.source_create(name="River Command", kind="military", actor=actor)
    texts = [
        (ministry, "The dam was opened on schedule and nobody was warned late"),
        (army, "Our units did not open the dam gates at any point that night"),
        (ministry, "Water levels downstream fell back within two days"),
        (army, "The flooding was caused by shelling of the spillway"),
    ]
    claims = []
    for number, (speaker, text) in enumerate(texts):
        article = factories.ArticleFactory(outlet=outlet, title=f"Flood report {number + 1}", text=f'Officials said "{text}" on Monday.')
        claim = services.claim_create(speaker=speaker, text=text, actor=actor)
        services.appearance_create(claim=claim, article=article, start=15, end=15 + len(text), actor=actor)
        claims.append(services.claim_submit(claim=claim, actor=actor))
    return claims


def test_moderator_publishes_claims_through_the_confirmation_page(live_server, page):
    moderator = factories.UserFactory(username="moderator-in-browser", is_staff=True)
    moderator.groups.add(moderator_group())
    editor = factories.UserFactory(username="editor-in-browser")
    claims = claims_in_review(editor)
    page.set_viewport_size({"width": 1440, "height": 900})
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/claims/claim/")
    page.get_by_label("Username").fill(moderator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Claim Tracker moderation")).to_be_visible()

    to_publish = claims[:3]
    for claim in to_publish:
        page.locator(f'input[name="_selected_action"][value="{claim.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish_claims")
    page.get_by_role("button", name="Run").first.click()

    expect(page.get_by_role("heading", name="Publish claims")).to_be_visible()
    expect(page.locator("table.confirmation-objects tbody tr")).to_have_count(3)
    assert Claim.objects.filter(status=Claim.Status.PUBLISHED).count() == 0  # nothing yet
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-confirmation.png"), full_page=True)
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_text("Published 3 claims.")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "admin-claims.png"), full_page=True)

    # The claim's history page lists its audit events: the editor's work and the publish.
    page.goto(f"{live_server.url}/admin/claims/claim/{to_publish[0].pk}/change/")
    expect(page.get_by_role("link", name="Open in workspace")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "admin-claim-change.png"), full_page=True)
    page.get_by_role("link", name="History").click()
    history = page.locator("#audit-history")
    expect(history.get_by_text("claim-published")).to_be_visible()
    expect(history.get_by_text("claim-created")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "admin-history.png"), full_page=True)

    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors

    published = set(Claim.objects.filter(status=Claim.Status.PUBLISHED).values_list("pk", flat=True))
    assert published == {claim.pk for claim in to_publish}
    assert AuditEvent.objects.filter(verb="claim-published", actor=moderator).count() == 3
