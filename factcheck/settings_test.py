"""Settings for the test suite: the real settings, a test-only secret, the embedded database started."""

import os
import tempfile
from pathlib import Path

# Tests speak plain HTTP to the test client and live server; tests of the production
# headers ask for HTTPS themselves (secure=True).
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

if not os.environ.get("DATABASE_URL"):
    from factcheck.db import start

    start()

from factcheck.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The flush between transactional tests TRUNCATEs every table; the audit table refuses that
# unless the session allows it (claims/migrations/0007_hardening.py).
DATABASES["default"]["OPTIONS"]["options"] = " ".join(  # noqa: F405
    filter(None, [DATABASES["default"]["OPTIONS"].get("options", ""), "-c claims.audit_truncate=allowed"])  # noqa: F405
)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Tasks run in-line in tests so that their effects can be asserted; tests of the worker
# itself switch to the database backend explicitly.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# django-axes needs the request in authenticate(), which `client.login()` does not pass;
# the lockout tests switch it on for themselves (override_settings(AXES_ENABLED=True)).
AXES_ENABLED = False
RATELIMIT_ENABLED = False

# Tests clear and swap caches between them; a process-local copy of public pages would
# outlive that. tests/public/test_caching.py switches it on where it is the subject.
PUBLIC_PAGE_LOCAL_SECONDS = 0

# seed_demo in tests must not overwrite the password file `make run` prints from.
DEMO_CREDENTIALS_FILE = Path(tempfile.gettempdir()) / "factcheck-test-demo-credentials.txt"
