"""The issue's bar on the shared Kursk fixture, through the real import pipeline."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim


@pytest.mark.django_db
def test_general_staff_denial_is_the_first_denies_suggestion_for_trump_on_the_fixture(shared_fixtures, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_article", str(shared_fixtures / "kursk-surrender-2025-03-14.txt"), "--published", "2025-03-14", "--outlet", "Daily Sabah", stdout=StringIO())
    trump = Claim.objects.get(speaker__name="Donald Trump", text__icontains="completely surrounded")
    out = StringIO()
    call_command("suggest_links", str(trump.pk), "--format", "json", stdout=out)
    suggestions = json.loads(out.getvalue())["suggestions"]
    print("\n" + "\n".join(f"{item['score']:.2f} {item['relation']} {item['claim']['speaker']}: {item['claim']['text']} | {item['reasons']}" for item in suggestions))
    denials = [item for item in suggestions if item["relation"] == "denies"]
    assert denials, suggestions
    assert denials[0]["claim"]["text"] == "There is no threat of our units being encircled"
    assert any(reason.startswith("denial cue") for reason in denials[0]["reasons"])
    assert any("encircled ≈ surrounded" in reason or "surrounded ≈ encircled" in reason for reason in denials[0]["reasons"])
