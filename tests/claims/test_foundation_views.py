"""The pages the foundation ships: home, login, dashboard access."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_honest_when_nothing_is_published(client):
    response = client.get(reverse("claims:home"))
    assert response.status_code == 200
    assert b"Nothing has been published yet" in response.content


def test_login_page_has_username_and_password_fields(client):
    content = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Username</label>' in content
    assert '<label for="id_password">Password</label>' in content


def test_login_with_the_right_password_leads_to_the_dashboard(client, editor):
    response = client.post(reverse("login"), {"username": "editor-user", "password": "correct horse battery staple"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("claims:dashboard")
    assert b"Dashboard" in response.content


def test_dashboard_sends_anonymous_users_to_login(client):
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_dashboard_refuses_users_outside_the_newsroom(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("claims:dashboard")).status_code == 403


def test_draft_claim_page_is_hidden_from_the_public(client, claim_factory):
    claim = claim_factory()
    assert client.get(claim.get_absolute_url()).status_code == 404
