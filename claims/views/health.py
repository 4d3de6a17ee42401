"""`/healthz` for load balancers and monitoring: is the database and the cache usable?

Anyone may ask, so the answer says only ok or not for each part; what went wrong (a host
name, a connection string) goes to the log. A failing database makes the server unhealthy
(503); a failing cache does not, because pages are then served uncached and rate limits
counted per process (claims/public_cache.py, claims/ratelimit.py): the answer is 200 with
`"status": "degraded"`, so a load balancer keeps the servers in while Redis is away.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Once every migration is applied it stays applied; after that the check is only SELECT 1.
_migrations_seen_applied = False


def _database_ok() -> bool:
    global _migrations_seen_applied
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = 0
        if not _migrations_seen_applied:
            executor = MigrationExecutor(connection)
            pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
            _migrations_seen_applied = pending == 0
    except Exception:  # any failure means "not healthy", never a 500
        logger.exception("Health check: the database failed")
        return False
    if pending:
        logger.error("Health check: %s migration(s) not applied", pending)
        return False
    return True


def _cache_ok() -> bool:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        read = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache failed")
        return False
    if read != value:
        logger.error("Health check: a value written to the cache could not be read back")
        return False
    return True


@never_cache
@require_safe
def healthz(request):
    database, cache_ok = _database_ok(), _cache_ok()
    status = "ok" if database and cache_ok else ("degraded" if database else "fail")
    return JsonResponse(
        {"status": status, "database": {"ok": database}, "cache": {"ok": cache_ok}},
        status=200 if database else 503,
    )
