"""import_article and export_claims as INTERFACE.md describes them."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, AuditEvent, Claim
from tests.importing.conftest import ARTICLE_HTML

REPO = Path(__file__).resolve().parents[2]
STORY = (
    "Council denies budget cut\n\n"
    '"The library budget will not be cut by a single euro," said Lena Fischer, the council treasurer.\n\n'
    'The librarians\' union said it had seen the draft. "The draft shows a cut of a fifth," said union secretary Omar Haddad.\n'
)


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("import_article", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def story_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_import_article_prints_the_article_and_its_claims(db, story_file):
    payload = _run(str(story_file), "--url", "https://town.example/budget", "--outlet", "Town Gazette", "--published", "2024-03-04")
    assert set(payload) == {"article", "claims"}
    assert payload["article"] == {
        "id": Article.objects.get().pk, "title": "Council denies budget cut", "url": "https://town.example/budget",
        "outlet": "Town Gazette", "published": "2024-03-04", "language": "en", "duplicate": False,
    }
    text = Article.objects.get().text
    assert payload["claims"], "the story has quotes"
    for claim in payload["claims"]:
        assert set(claim) == {"id", "speaker", "text", "kind", "polarity", "start", "end"}
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["kind"] in ("direct", "mixed", "paraphrase") and claim["polarity"] in ("asserts", "denies")
    assert {claim["speaker"] for claim in payload["claims"]} == {"Lena Fischer", "Omar Haddad"}


def test_import_article_reports_a_duplicate_and_changes_nothing(db, story_file):
    first = _run(str(story_file))
    counts = (Article.objects.count(), Claim.objects.count(), AuditEvent.objects.count())
    second = _run(str(story_file))
    assert second["article"]["duplicate"] is True and second["article"]["id"] == first["article"]["id"]
    assert (Article.objects.count(), Claim.objects.count(), AuditEvent.objects.count()) == counts


def test_import_article_reads_an_html_file(db, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    payload = _run(str(page))
    assert payload["article"]["title"] == "Harbour authority denies bridge closure"
    assert payload["article"]["outlet"] == "Coastline Courier"
    assert "Marta Lindqvist" in {claim["speaker"] for claim in payload["claims"]}


def test_import_article_fetches_an_http_url(db, local_server, allow_loopback):
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    payload = _run(local_server.url("/story"))
    assert payload["article"]["url"] == local_server.url("/story")


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/file.txt"], "No such file"),
        (["STORY", "--published", "14/03/2025"], "YYYY-MM-DD"),
        (["STORY", "--published", "2025-02-30"], "YYYY-MM-DD"),
        (["ftp://example.com/story.txt"], "Only http:// and https://"),
        (["http://127.0.0.1:9/story"], "Refused to fetch"),
        (["BINARY"], "PNG image"),
        (["EMPTY"], "empty"),
    ],
)
def test_import_article_bad_input_raises_a_one_line_error_and_saves_nothing(db, story_file, tmp_path, args, message):
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    args = [{"STORY": str(story_file), "BINARY": str(binary), "EMPTY": str(empty)}.get(arg, arg) for arg in args]
    with pytest.raises(CommandError, match=message) as error:
        _run(*args)
    assert "\n" not in str(error.value)
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_import_article_error_exit_is_one_line_on_stderr_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", str(tmp_path / "missing.txt"), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings_test"},
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "No such file" in result.stderr and "Traceback" not in result.stderr


def test_export_claims_json_lists_claims_with_appearances_and_links(db, claim_factory, appearance_factory, link_factory):
    claim = claim_factory(text="The bridge will open in May")
    other = claim_factory(status=Claim.Status.PUBLISHED)
    appearance_factory(claim=claim)
    link_factory(from_claim=other, to_claim=claim)
    out = io.StringIO()
    call_command("export_claims", "--format", "json", stdout=out)
    rows = {row["id"]: row for row in json.loads(out.getvalue())}
    row = rows[claim.pk]
    assert set(row) == {"id", "slug", "speaker", "text", "status", "appearances", "links"}
    article = claim.appearances.get().article
    assert row["appearances"] == [{"url": article.url, "outlet": article.outlet.name, "published": article.published.isoformat()}]
    assert row["links"] == [{"claim_id": other.pk, "relation": "denies", "status": "suggested"}]
    assert rows[other.pk]["links"] == [{"claim_id": claim.pk, "relation": "denies", "status": "suggested"}]
    out = io.StringIO()
    call_command("export_claims", "--status", "published", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [other.pk]


def test_export_claims_csv_has_one_row_per_claim(db, claim_factory, appearance_factory, link_factory):
    claim = claim_factory(text='He said "yes", then\nleft')
    appearance_factory(claim=claim)
    appearance_factory(claim=claim)
    link_factory(from_claim=claim)
    out = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == Claim.objects.count()
    row = next(row for row in rows if row["id"] == str(claim.pk))
    assert row["text"] == 'He said "yes", then\nleft'
    assert row["appearances"].count(" | ") == 1
    assert row["links"].startswith("denies ")


def test_export_claims_refuses_an_unknown_status(db):
    with pytest.raises(CommandError, match="Unknown status"):
        call_command("export_claims", "--status", "nonsense")


def test_fixture_scores_full_marks_with_the_shared_scorer(db, shared_fixtures, tmp_path):
    """Runs ../shared/tools/score_extraction.py on a fresh import of the shared fixture."""
    payload = _run(str(shared_fixtures / "kursk-surrender-2025-03-14.txt"))
    output = tmp_path / "out.json"
    output.write_text(json.dumps(payload), encoding="utf-8")
    scorer = shared_fixtures.parent / "tools" / "score_extraction.py"
    result = subprocess.run([sys.executable, str(scorer), str(shared_fixtures / "kursk-surrender-2025-03-14.gold.json"), str(output)], capture_output=True, text=True, timeout=60)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "quote recall 1.00, speaker accuracy 1.00" in result.stdout
    assert "furniture 0" in result.stdout
