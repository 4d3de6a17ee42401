"""The read-replica router: only the public's reads of claims data go to `replica`."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from claims.models import Claim, ClaimLink
from claims.routers import PublicReadsMiddleware, ReplicaRouter, public_reads


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setitem(django_settings.DATABASES, "replica", dict(django_settings.DATABASES["default"]))


@pytest.fixture
def without_replica(monkeypatch):
    monkeypatch.delitem(django_settings.DATABASES, "replica", raising=False)


router = ReplicaRouter()


def test_public_reads_of_claims_go_to_the_replica(with_replica):
    with public_reads():
        assert router.db_for_read(Claim) == "replica"
        assert router.db_for_read(ClaimLink) == "replica"


def test_sessions_and_users_are_always_read_from_the_primary(with_replica):
    with public_reads():
        assert router.db_for_read(Session) is None
        assert router.db_for_read(User) is None


def test_reads_outside_a_public_request_use_the_primary(with_replica):
    assert router.db_for_read(Claim) is None


def test_without_a_replica_everything_reads_the_primary(without_replica):
    with public_reads():
        assert router.db_for_read(Claim) is None


def test_writes_and_migrations_never_touch_the_replica(with_replica):
    with public_reads():
        assert router.db_for_write(Claim) == "default"
    assert router.allow_migrate("replica", "claims") is False
    assert router.allow_migrate("default", "claims") is True


def _seen_by_view(request):
    seen = {}

    def view(request):
        seen["database"] = router.db_for_read(Claim)
        return HttpResponse()

    PublicReadsMiddleware(view)(request)
    return seen["database"]


def test_middleware_marks_anonymous_get_requests_as_public(with_replica):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert _seen_by_view(request) == "replica"


@pytest.mark.django_db
def test_middleware_keeps_signed_in_users_and_posts_on_the_primary(with_replica, editor):
    request = RequestFactory().get("/")
    request.user = editor
    assert _seen_by_view(request) is None
    post = RequestFactory().post("/")
    post.user = AnonymousUser()
    assert _seen_by_view(post) is None
    # and the flag does not leak past the request
    assert router.db_for_read(Claim) is None
