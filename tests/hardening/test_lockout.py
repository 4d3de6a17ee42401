"""django-axes locks a username out from one address after five failed logins."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True):
        yield


def _login(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_locks_after_five_failures_with_a_clear_message(client):
    user = factories.UserFactory(username="victim", role="editor")
    user.set_password("right-password-123")
    user.save()
    for _ in range(4):
        assert _login(client, "victim", "wrong").status_code == 200
    locked = _login(client, "victim", "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "Try again in 15 minutes" in locked.content.decode()
    # Even the right password is refused while locked.
    again = _login(client, "victim", "right-password-123")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_keyed_on_username_and_address(client):
    user = factories.UserFactory(username="victim2", role="editor")
    user.set_password("right-password-123")
    user.save()
    for _ in range(5):
        _login(client, "victim2", "wrong")
    assert _login(client, "victim2", "right-password-123").status_code == 429
    # The same user from another address, and another user from the same address, may log in.
    assert _login(client, "victim2", "right-password-123", address="198.51.100.9").status_code == 302
    other = factories.UserFactory(username="bystander", role="editor")
    other.set_password("another-password-456")
    other.save()
    client.logout()
    assert _login(client, "bystander", "another-password-456").status_code == 302


def test_successful_login_resets_the_failure_count(client):
    user = factories.UserFactory(username="forgetful", role="editor")
    user.set_password("right-password-123")
    user.save()
    for _ in range(4):
        _login(client, "forgetful", "wrong")
    assert _login(client, "forgetful", "right-password-123").status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "forgetful", "wrong").status_code == 200


def test_hostile_usernames_are_recorded_safely(client):
    for username in ["a" * 5000, "nul\x00byte", "\x00" * 10]:
        response = _login(client, username, "wrong")
        assert response.status_code == 200
        assert 'class="form-error"' in response.content.decode()
    from axes.models import AccessAttempt

    assert all("\x00" not in name and len(name) <= 150 for name in AccessAttempt.objects.values_list("username", flat=True))


def test_behind_a_proxy_failures_count_against_the_forwarded_client(client, settings):
    """Finding 2: with AXES_PROXY_COUNT, five failures from one client do not lock out everyone behind the proxy."""
    settings.LOCKOUT_TRUSTED_PROXY_COUNT = 1  # AXES_PROXY_COUNT=1 in the environment
    user = factories.UserFactory(username="shared", role="editor")
    user.set_password("right-password-123")
    user.save()
    proxy = "10.0.0.5"

    def login(password, forwarded):
        return client.post(reverse("login"), {"username": "shared", "password": password},
                           REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded)

    for _ in range(5):
        login("wrong", "203.0.113.50")
    assert login("right-password-123", "203.0.113.50").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert login("right-password-123", "198.51.100.60").status_code == 302
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
