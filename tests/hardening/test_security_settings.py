"""Production settings, security headers and the CSP rules every template must follow."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

REPOSITORY = Path(__file__).resolve().parents[2]


def _production_environment(**extra) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="claims.example.org",
        **extra,
    )
    return environment


def test_deploy_check_passes_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPOSITORY, env=_production_environment(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_hsts_is_switched_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPOSITORY, env=_production_environment(DJANGO_SECURE_HSTS_SECONDS="0"),
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    environment = _production_environment()
    del environment["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_proxy_header_and_trusted_origins_are_read_from_the_environment():
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPOSITORY, capture_output=True, text=True, timeout=60,
        env=_production_environment(
            DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https",
            DJANGO_CSRF_TRUSTED_ORIGINS="https://claims.example.org,https://www.claims.example.org",
            DJANGO_SECURE_SSL_REDIRECT="False",
            DJANGO_SECURE_HSTS_SECONDS="600",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('HTTP_X_FORWARDED_PROTO', 'https') ['https://claims.example.org', 'https://www.claims.example.org'] False 600"
    )


@pytest.mark.django_db
def test_pages_carry_the_security_headers_over_https(client):
    response = client.get(reverse("claims:home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_csp_is_strict_and_its_nonce_is_on_every_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads htmx"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
        assert "src=" in tag, tag
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html).group(1))
    assert config["includeIndicatorStyles"] is False


@pytest.mark.django_db
def test_each_response_gets_a_new_nonce(client):
    first = client.get(reverse("login"))["Content-Security-Policy"]
    second = client.get(reverse("login"))["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_htmx_debug_script_is_external_and_carries_the_nonce(client):
    response = client.get(reverse("login"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert len(scripts) >= 2, "debug mode adds django-htmx's error script"
    assert all("src=" in tag and f'nonce="{nonce}"' in tag for tag in scripts)


def test_htmx_indicator_rules_are_in_the_stylesheet():
    css = (REPOSITORY / "static" / "css" / "app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


INLINE_PATTERNS = {
    "inline <script> without src (JSON-LD must carry the nonce)": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\"[^>]*nonce=\"\{\{ csp_nonce \}\}\")"
        r"(?![^>]*nonce=\"\{\{ csp_nonce \}\}\"[^>]*type=\"application/ld\+json\")[^>]*>",
        re.IGNORECASE,
    ),
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _project_templates():
    folders = [REPOSITORY / "templates", *(REPOSITORY / "claims").glob("**/templates")]
    for folder in folders:
        yield from sorted(folder.rglob("*.html"))


def test_no_template_contains_inline_script_or_style():
    offences = []
    templates = list(_project_templates())
    assert templates
    for template in templates:
        text = template.read_text()
        for label, pattern in INLINE_PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offences.append(f"{template.relative_to(REPOSITORY)}:{line}: {label}: {match.group(0)[:60]}")
    assert not offences, "\n".join(offences)


def test_inline_pattern_catches_what_the_csp_would_refuse():
    bad = ['<script>alert(1)</script>', '<div style="color:red">', '<a onclick="x()">', '<a href="javascript:x()">', '<style>p{}</style>',
           '<script type="application/ld+json">{}</script>']
    good = ['<script src="/static/x.js" defer></script>', '<script type="application/ld+json" nonce="{{ csp_nonce }}">{}</script>']
    for snippet in bad:
        assert any(pattern.search(snippet) for pattern in INLINE_PATTERNS.values()), snippet
    for snippet in good:
        assert not any(pattern.search(snippet) for pattern in INLINE_PATTERNS.values()), snippet


def test_test_settings_keep_the_production_security_defaults():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS and settings.SECURE_HSTS_PRELOAD


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("http://news.example/", "http://news.example/"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//evil.example/", ""),
        ("http://[::1", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_http_url_filter_lets_only_http_links_through(url, expected):
    from claims.templatetags.safety import http_url

    assert http_url(url) == expected
