"""Who gets into the moderation admin: moderators and superusers, nobody else."""

import pytest
from django.contrib.admin import site
from django.urls import reverse

from tests import factories
from tests.admin.conftest import changelist_url

pytestmark = pytest.mark.django_db

ADMIN_INDEX = "/admin/"


def test_admin_site_is_the_moderation_site_at_admin():
    assert reverse("admin:index") == ADMIN_INDEX
    assert site.site_header == "Claim Tracker moderation"


@pytest.mark.parametrize("role", ["editor", "reviewer", "outsider"])
def test_newsroom_users_who_are_not_moderators_are_sent_to_login(client, request, role):
    user = request.getfixturevalue(role)
    assert not user.is_staff
    client.force_login(user)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(changelist_url("claim")).status_code == 302


def test_staff_account_outside_the_moderator_group_is_refused(client):
    staff = factories.UserFactory(username="staff-not-moderator", is_staff=True)
    client.force_login(staff)
    response = client.get(changelist_url("claim"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_editor_is_refused_too(client):
    staff_editor = factories.UserFactory(username="staff-editor", role="editor", is_staff=True)
    client.force_login(staff_editor)
    assert client.get(ADMIN_INDEX).status_code == 302


def test_moderator_without_staff_flag_is_refused(client):
    moderator = factories.UserFactory(username="moderator-not-staff", role="editor")
    moderator.groups.add(factories.Group.objects.get(name="moderator"))
    client.force_login(moderator)
    assert client.get(ADMIN_INDEX).status_code == 302


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_moderators_and_superusers_get_in(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    assert "Claim Tracker moderation" in response.content.decode()
    for model_name in ["source", "outlet", "article", "claim", "appearance", "claimlink", "dispute", "verdict", "auditevent"]:
        assert client.get(changelist_url(model_name)).status_code == 200, model_name


def test_admin_login_form_refuses_an_editor_with_a_clear_message(client, editor):
    response = client.post(reverse("admin:login"), {"username": editor.username, "password": "correct horse battery staple"})
    assert response.status_code == 200
    assert "not a moderator" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_form_lets_a_moderator_in(client, moderator):
    response = client.post(reverse("admin:login"), {"username": moderator.username, "password": "correct horse battery staple", "next": ADMIN_INDEX})
    assert response.status_code == 302
    assert client.get(ADMIN_INDEX).status_code == 200


def test_admin_header_links_back_to_the_site_and_dashboard(client, moderator):
    client.force_login(moderator)
    html = client.get(ADMIN_INDEX).content.decode()
    assert 'href="/"' in html
    assert f'href="{reverse("claims:dashboard")}"' in html
    assert "css/admin.css" in html


@pytest.mark.parametrize("role", ["editor", "reviewer", "outsider"])
def test_non_moderators_cannot_run_an_action_by_posting_it(client, request, role, claim_factory):
    claim = claim_factory(status="review")
    client.force_login(request.getfixturevalue(role))
    response = client.post(changelist_url("claim"), {"action": "publish_claims", "_selected_action": [claim.pk], "post": "yes"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "review"


def test_site_navigation_offers_admin_only_to_moderators(client, moderator):
    staff = factories.UserFactory(username="staff-only", is_staff=True)
    client.force_login(staff)
    assert 'href="/admin/"' not in client.get(reverse("claims:home")).content.decode()
    client.force_login(moderator)
    assert 'href="/admin/"' in client.get(reverse("claims:home")).content.decode()


def test_admin_pages_carry_the_content_security_policy(client, moderator):
    client.force_login(moderator)
    response = client.get(changelist_url("claim"))
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert 'css/admin.css" nonce="' in response.content.decode()
