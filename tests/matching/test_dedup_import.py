"""Dedup on import: near-identical quotes become appearances; uncertain ones a suggested duplicate."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimLink
from claims.selectors import claim_find_same
from claims.services import claim_create, claim_suggestions_recompute, source_create

FIRST = 'BRACKWELL, May 6 - "Halvorsen will shut the Brackwell factory before Christmas," union leader Gwen Ashdown said on Monday.\n'
VARIANT = 'BRACKWELL, May 8 - "halvorsen will shut the Brackwell Factory before Christmas" union leader Gwen Ashdown told reporters.\n'
UNCERTAIN = 'BRACKWELL, May 9 - "Halvorsen is going to shut the Brackwell factory soon," union leader Gwen Ashdown said.\n'


def _import(tmp_path, name, text, published):
    path = tmp_path / name
    path.write_text(text)
    out = StringIO()
    call_command("import_article", str(path), "--published", published, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_a_variant_quote_becomes_an_appearance_of_the_existing_claim(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _import(tmp_path, "a.txt", FIRST, "2025-05-06")
        second = _import(tmp_path, "b.txt", VARIANT, "2025-05-08")
    assert first["claims"][0]["id"] == second["claims"][0]["id"]
    assert Claim.objects.get(pk=first["claims"][0]["id"]).appearances.count() == 2


@pytest.mark.django_db
def test_an_uncertain_match_becomes_a_suggested_duplicate_link(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _import(tmp_path, "a.txt", FIRST, "2025-05-06")
        third = _import(tmp_path, "c.txt", UNCERTAIN, "2025-05-09")
    old, new = first["claims"][0]["id"], third["claims"][0]["id"]
    assert old != new
    link = ClaimLink.objects.get(relation="duplicate")
    assert {link.from_claim_id, link.to_claim_id} == {old, new} and link.status == "suggested"
    assert "same speaker: Gwen Ashdown" in link.reasons


def test_claim_find_same_ignores_other_speakers_and_negations(db):
    ashdown, other = source_create(name="Gwen Ashdown"), source_create(name="Tom Reilly")
    claim = claim_create(speaker=ashdown, text="Halvorsen will shut the Brackwell factory before Christmas")
    assert claim_find_same(speaker=ashdown, text="shut the Brackwell factory before Christmas") == claim
    assert claim_find_same(speaker=other, text="Halvorsen will shut the Brackwell factory before Christmas") is None
    assert claim_find_same(speaker=ashdown, text="Halvorsen will not shut the Brackwell factory before Christmas") is None


def test_export_claims_lists_suggested_links_on_both_claims(db):
    trump = source_create(name="Donald Trump")
    staff = source_create(name="General Staff of the Armed Forces of Ukraine")
    claim = claim_create(speaker=trump, text="Ukrainian troops are completely surrounded by the Russian army")
    denial = claim_create(speaker=staff, text="There is no threat of our units being encircled", polarity="denies")
    claim_suggestions_recompute(claim=claim)
    out = StringIO()
    call_command("export_claims", "--format", "json", stdout=out)
    rows = {row["id"]: row for row in json.loads(out.getvalue())}
    assert rows[claim.pk]["links"] == [{"claim_id": denial.pk, "relation": "denies", "status": "suggested"}]
    assert rows[denial.pk]["links"] == [{"claim_id": claim.pk, "relation": "denies", "status": "suggested"}]


def test_a_changed_suggestion_is_relabelled_in_place(db):
    trump = source_create(name="Donald Trump")
    staff = source_create(name="General Staff of the Armed Forces of Ukraine")
    claim = claim_create(speaker=trump, text="Ukrainian troops are completely surrounded by the Russian army")
    denial = claim_create(speaker=staff, text="There is no threat of our units being encircled", polarity="denies")
    stale = ClaimLink.objects.create(from_claim=claim, to_claim=denial, relation="supports", score=0.4, reasons=["old rule"])
    claim_suggestions_recompute(claim=claim)
    stale.refresh_from_db()
    assert (stale.from_claim_id, stale.to_claim_id, stale.relation, stale.status) == (denial.pk, claim.pk, "denies", "suggested")
    assert ClaimLink.objects.count() == 1
