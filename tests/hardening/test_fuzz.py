"""Fuzzing with hypothesis: hostile input never raises a 500 or leaves partial rows."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import clean_text, extract_quotes
from claims.models import AuditEvent, Claim
from tests.hardening.strategies import form_body, hostile_bytes, hostile_text

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(text=hostile_text, title=st.one_of(st.none(), hostile_text))
def test_clean_text_accepts_any_text(text, title):
    cleaned = clean_text(text, title=title)
    assert isinstance(cleaned.text, str)


@FUZZ
@given(text=hostile_text)
def test_extract_quotes_returns_well_formed_quotes_for_any_text(text):
    body = clean_text(text).text
    for quote in extract_quotes(body):
        assert 0 <= quote.start < quote.end <= len(body)
        assert quote.text.strip()
        assert quote.kind in {"direct", "mixed", "paraphrase"}
        assert quote.polarity in {"asserts", "denies"}


@pytest.mark.parametrize(
    "text",
    [
        '"' * 50_000,
        "said " * 40_000,
        ("The minister said \"" + "very " * 5_000 + "long\". ") * 10,
        "\u201c" * 20_000 + "\u201d" * 20_000,
        "A" * 1_000_000,
        ("<p>" + "x" * 100 + "</p>\n") * 5_000,
    ],
    ids=["quotes", "said", "long-quote", "curly", "one-megabyte-word", "many-paragraphs"],
)
def test_extraction_of_huge_or_pathological_input_finishes_quickly(text):
    started = time.monotonic()
    extract_quotes(clean_text(text).text)
    assert time.monotonic() - started < 20, "no catastrophic backtracking"


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(username=hostile_bytes, password=hostile_bytes)
def test_login_form_answers_any_input_with_a_clear_message(username, password):
    users, events = get_user_model().objects.count(), AuditEvent.objects.count()
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", form_body(username=username, password=password),
                           content_type="application/x-www-form-urlencoded", REMOTE_ADDR="192.0.2.77")
    assert response.status_code in (200, 429), response.status_code
    body = response.content.decode()
    assert ("Please enter a correct username and password" in body or "This field is required" in body
            or "Null characters are not allowed" in body or "Too many failed logins" in body), body[:500]
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users and AuditEvent.objects.count() == events
    assert Claim.objects.count() == 0
