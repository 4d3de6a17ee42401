"""Small security hooks wired in through settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from claims.ratelimit import client_address


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The username django-axes records and locks on, made safe to store.

    A login form accepts any bytes; PostgreSQL refuses NUL characters and axes' column holds
    255 characters, so a hostile username would otherwise turn a failed login into a 500.
    No real username is longer than the user model allows, so cutting there loses nothing.
    """
    if credentials:
        username = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get("username")
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length or 150
    return str(username).replace("\x00", "")[:limit]


def axes_client_address(request) -> str:
    """The address django-axes counts failures against: the rate limiter's, with the AXES_PROXY_COUNT (env) proxies trusted."""
    return client_address(request, proxies=getattr(settings, "LOCKOUT_TRUSTED_PROXY_COUNT", 0))
