"""/healthz reports database and cache state for load balancers."""

import pytest
from django.test import override_settings

from claims.views import health


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_work(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"ok": True}, "cache": {"ok": True}}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_no_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}})
def test_healthz_is_503_when_the_cache_is_broken(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"] == {"ok": True}
    assert body["cache"]["ok"] is False and "Connection" in body["cache"]["error"]


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_healthz_is_503_when_the_cache_forgets(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == {"ok": False, "error": "a value written to the cache could not be read back"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db.utils import OperationalError

    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connections["default"], "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError: connection refused"}


@pytest.mark.django_db
def test_healthz_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("claims", "0099_future")])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["pending_migrations"] == 1
