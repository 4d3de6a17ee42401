"""Send the public's reads to the read replica when one is configured.

A request is "public" when it is an anonymous GET or HEAD (PublicReadsMiddleware marks it);
only the claims app's tables are read from the replica, so sessions, logins and lockouts
always see the primary. Writes and migrations always go to `default`. Without
DATABASE_REPLICA_URL there is no `replica` alias and everything reads `default`.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
REPLICATED_APPS = frozenset({"claims"})

_public_reads = contextvars.ContextVar("claims_public_reads", default=False)


@contextlib.contextmanager
def public_reads():
    """Within this block, reads of published material may come from the replica."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_reads.get() and model._meta.app_label in REPLICATED_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary, so objects from either relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class PublicReadsMiddleware:
    """Mark anonymous GET/HEAD requests as public reads (see ReplicaRouter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        if not public or not replica_configured():
            return self.get_response(request)
        with public_reads():
            return self.get_response(request)
