"""Finding 11: a quote or speaker that starts like a spreadsheet formula leaves as text."""

import csv
import io

import pytest
from django.core.management import call_command

from tests.admin.conftest import run_action  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("formula", FORMULAS)
def test_export_claims_csv_neutralises_formula_cells(formula, claim_factory, source_factory):
    claim = claim_factory(text=formula, speaker=source_factory(name=formula))
    output = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=output)
    row = next(row for row in _rows(output.getvalue()) if row["id"] == str(claim.pk))
    expected = "'" + formula.replace("\r", "\n")  # a bare CR would end the CSV row
    assert row["text"] == expected
    assert row["speaker"] == expected


def test_admin_csv_export_neutralises_formula_cells(client, moderator, run_action, claim_factory, source_factory):  # noqa: F811
    client.force_login(moderator)
    claim = claim_factory(text="=1+2", speaker=source_factory(name="@Someone"))
    response = run_action("claim", "export_claims_csv", [claim])
    row = _rows(response.content.decode())[0]
    assert (row["text"], row["speaker"]) == ("'=1+2", "'@Someone")


def test_ordinary_text_is_exported_unchanged(claim_factory):
    claim = claim_factory(text="The bridge opens in May, minus a week.")
    output = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=output)
    row = next(row for row in _rows(output.getvalue()) if row["id"] == str(claim.pk))
    assert row["text"] == claim.text
