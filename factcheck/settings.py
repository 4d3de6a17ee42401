"""Settings read from the environment (django-environ); names follow ../shared/INTERFACE.md."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off; "
            "set it in the environment or in a .env file."
        )
    SECRET_KEY = "django-insecure-development-key-only-used-when-debug-is-on"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "claims.admin_apps.ModerationAdminConfig",  # django.contrib.admin with the moderation site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "claims.routers.PublicReadsMiddleware",
    # A write that lost a race to another user's (a duplicate key, a deadlock) is a 409 with a message.
    "claims.conflicts.ConflictMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"


def _default_database() -> dict:
    """DATABASE_URL when set; otherwise the embedded cluster's unix socket (see factcheck/db.py)."""
    if env("DATABASE_URL", default=""):
        return env.db_url("DATABASE_URL")
    from factcheck.db import DATABASE_NAME, POSTGRES_USER, socket_folder

    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": POSTGRES_USER,
        "HOST": str(socket_folder()),
    }


def _pooled(database: dict) -> dict:
    """Keep the URL's own options (sslmode, ...) and add the connection pool.

    libpq's `?host=/socket/folder` form (what `python -m factcheck.db url` prints) lands in
    OPTIONS; it belongs in HOST.
    """
    options = dict(database.get("OPTIONS") or {})
    if "host" in options and not database.get("HOST"):
        database["HOST"] = options.pop("host")
    options["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_SIZE", default=10),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
    database["OPTIONS"] = options
    database["CONN_MAX_AGE"] = 0
    return database


DATABASES = {"default": _pooled(_default_database())}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "claims:home"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Short socket timeouts: an unreachable Redis must fail fast (pages are then served
    # uncached, rate limits counted per process), not hold every request.
    CACHES = {"default": {"BACKEND": "factcheck.cache.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "factcheck"}}

# Public pages are cached for anonymous readers until something they show changes
# (services bump a version after commit); this is only the upper bound.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=24 * 60 * 60)
# Each process keeps its most-read public pages in memory and trusts the cache version it
# last read for this long: a change made through another app server shows within it.
# 0 asks the shared cache on every request.
PUBLIC_PAGE_LOCAL_SECONDS = env.float("PUBLIC_PAGE_LOCAL_SECONDS", default=1.0)
# The page-cache version lives in the database; the cache keeps a copy for this long. A bump
# that cannot reach the cache (Redis down) shows within it.
PUBLIC_PAGE_VERSION_SECONDS = env.int("PUBLIC_PAGE_VERSION_SECONDS", default=10)

# Where `seed_demo` writes the demo users' password for `make run` to print.
DEMO_CREDENTIALS_FILE = BASE_DIR / ".data" / "demo-credentials.txt"

# Fetching articles by URL refuses private and special-purpose addresses, and ports other
# than IMPORT_ALLOWED_PORTS. IMPORT_ALLOW_PRIVATE_NETWORKS lists networks (e.g. an intranet's
# feeds, or 127.0.0.1/32 in tests) that may be reached all the same, on any port.
IMPORT_ALLOW_PRIVATE_NETWORKS = env.list("IMPORT_ALLOW_PRIVATE_NETWORKS", default=[])
IMPORT_ALLOWED_PORTS = env.list("IMPORT_ALLOWED_PORTS", cast=int, default=[80, 443])
for _network in IMPORT_ALLOW_PRIVATE_NETWORKS:
    try:
        ipaddress.ip_network(_network.strip(), strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"IMPORT_ALLOW_PRIVATE_NETWORKS: {_network!r} is not a network ({_error}).") from None
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# A pasted article travels as a form field, which Django caps at 2.5 MB by default: it
# would refuse an article well inside the import limit with a bare 400. Twice the limit
# leaves room for the line breaks browsers double and lets the import form itself say
# "too large" for anything up to that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * IMPORT_MAX_BYTES
IMPORT_FETCH_TIMEOUT = env.float("IMPORT_FETCH_TIMEOUT", default=10.0)

# Background work (suggestion recompute, URL fetches) runs in `manage.py db_worker`,
# which `make run` starts beside the web server; the web request never waits on it.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Every task stops after this many seconds (claims/tasks.py: time_limit), so one slow task
# cannot hold a worker; `make run` and `make serve` start TASK_WORKERS workers.
TASK_TIME_LIMIT = env.float("TASK_TIME_LIMIT", default=120.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}


# Security and operations (issue 9). Every value can be tuned from the environment; the
# defaults are the production ones whenever debug is off.

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO=https". Only set it when the
# proxy always overwrites that header; otherwise a client could claim HTTPS.
_proxy_header = env("DJANGO_SECURE_PROXY_SSL_HEADER", default="")
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    if not _name or not _value:
        raise ImproperlyConfigured("DJANGO_SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO=https.")
    SECURE_PROXY_SSL_HEADER = (_name.strip(), _value.strip())
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's own middleware). Scripts and styles come from our
# origin or carry the per-response nonce (`{{ csp_nonce }}` in templates); nothing inline
# without it, no eval, no plugins, no framing. htmx's inline indicator <style> is switched
# off in base.html (htmx-config) and its rules live in static/css/app.css.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

# Login lockout (django-axes): five failures for one username from one address lock that
# pair out for the cool-off period; the attempts live in the database so every app server
# sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "claims.security.axes_username"
# Behind a proxy, the client's address is the hop the trusted proxies appended to
# X-Forwarded-For: the rate limiter's own function reads it (django-ipware is not
# installed, and without it axes would silently ignore a proxy count).
LOCKOUT_TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "claims.security.axes_client_address"

# Rate limits (claims/ratelimit.py): "<requests>/<seconds>" per user (or address when
# anonymous), counted in the cache, so Redis makes them hold across app servers.
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_IMPORT = env("RATELIMIT_IMPORT", default="30/3600")
RATELIMIT_SEARCH = env("RATELIMIT_SEARCH", default="60/60")
RATELIMIT_TRUSTED_PROXY_COUNT = env.int("RATELIMIT_TRUSTED_PROXY_COUNT", default=0)

# Read replica: public pages read from it when DATABASE_REPLICA_URL is set (claims/routers.py).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = _pooled(env.db_url("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["claims.routers.ReplicaRouter"]

# `make bench` switches on a hello-world view to measure the server itself against.
BENCH = env.bool("DJANGO_BENCH", default=False)

# Outlet feeds and "came back" alerts (docs/feeds.md). `manage.py watch_feeds` polls due
# feeds; a feed's own interval (FEEDS_DEFAULT_INTERVAL seconds when it was added) says how
# often, failures back off up to FEEDS_MAX_BACKOFF. At most FEEDS_PER_HOST_CONNECTIONS
# requests are in flight to one host at a time (per poller process).
FEEDS_DEFAULT_INTERVAL = env.int("FEEDS_DEFAULT_INTERVAL", default=15 * 60)
FEEDS_MAX_BACKOFF = env.int("FEEDS_MAX_BACKOFF", default=24 * 60 * 60)
FEEDS_PER_HOST_CONNECTIONS = env.int("FEEDS_PER_HOST_CONNECTIONS", default=2)
FEEDS_FETCH_THREADS = env.int("FEEDS_FETCH_THREADS", default=8)
# A feed with more new items than this is imported over several polls (the rest next time).
FEEDS_MAX_NEW_ITEMS_PER_POLL = env.int("FEEDS_MAX_NEW_ITEMS_PER_POLL", default=500)
# The alert digest (`manage.py send_alert_digest`) goes through Django's default mailer:
# EMAIL_URL (django-environ's form: smtp+tls://user:password@host:587), by default the
# console under `make run` (debug on) and an SMTP server on localhost otherwise.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {"host": _email.get("EMAIL_HOST"), "port": _email.get("EMAIL_PORT"), "username": _email.get("EMAIL_HOST_USER"),
                 "password": _email.get("EMAIL_HOST_PASSWORD"), "use_tls": _email.get("EMAIL_USE_TLS"), "use_ssl": _email.get("EMAIL_USE_SSL")}
MAILERS = {"default": {
    "BACKEND": _email["EMAIL_BACKEND"],
    "OPTIONS": {key: value for key, value in _smtp_options.items() if value not in (None, "")} if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="claim-tracker@localhost")
# Where links in e-mails point (the site's public address).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
