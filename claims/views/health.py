"""`/healthz` for load balancers and monitoring: is the database and the cache usable?"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Once every migration is applied it stays applied; after that the check is only SELECT 1.
_migrations_seen_applied = False


def _database_state() -> dict:
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
    except Exception as error:  # any failure means "not healthy", never a 500
        return {"ok": False, "error": f"{type(error).__name__}: {str(error).strip()[:200]}"}
    if pending:
        return {"ok": False, "error": f"{pending} migration(s) not applied", "pending_migrations": pending}
    return {"ok": True}


def _cache_state() -> dict:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        read = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return {"ok": False, "error": f"{type(error).__name__}: {str(error).strip()[:200]}"}
    if read != value:
        return {"ok": False, "error": "a value written to the cache could not be read back"}
    return {"ok": True}


@never_cache
@require_safe
def healthz(request):
    database, cache_state = _database_state(), _cache_state()
    healthy = database["ok"] and cache_state["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "database": database, "cache": cache_state},
        status=200 if healthy else 503,
    )
