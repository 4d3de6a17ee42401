"""seed_demo imports the team's demo articles through the real pipeline, once."""

import io

import pytest
from django.core.management import call_command

from claims import demo
from claims.models import Article, AuditEvent, Claim, Dispute, Source


@pytest.fixture
def without_shared_fixtures(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "SHARED_FIXTURES", tmp_path / "absent")


def _seed(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo-password-123", stdout=out)
    return out.getvalue()


def test_seed_demo_imports_the_demo_articles_as_drafts(db, settings, without_shared_fixtures):
    output = _seed(settings)
    assert "Demo articles: 4 imported" in output
    assert Article.objects.count() == 4
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Baltic Wire", "Coastal Herald"}
    published = set(Claim.objects.exclude(status=Claim.Status.DRAFT).values_list("pk", flat=True))
    dispute_claims = {pk for dispute in Dispute.objects.all() for link in dispute.links.all() for pk in (link.from_claim_id, link.to_claim_id)}
    assert published <= dispute_claims, "seed_demo publishes only the claims of its one dispute"
    varga = Source.objects.get(name="Elena Varga")
    repeated = Claim.objects.get(speaker=varga, text__startswith="The dredging of the Northport channel")
    assert repeated.appearances.count() == 2, "the minister's repeated statement is one claim in two articles"
    assert Claim.objects.filter(speaker__name="Tomasz Wren", polarity=Claim.Polarity.DENIES).exists()


def test_seed_demo_twice_changes_nothing(db, settings, without_shared_fixtures):
    _seed(settings)
    state = (Article.objects.count(), Claim.objects.count(), Source.objects.count(), AuditEvent.objects.count())
    output = _seed(settings)
    assert "0 imported" in output and "4 already there" in output
    assert (Article.objects.count(), Claim.objects.count(), Source.objects.count(), AuditEvent.objects.count()) == state


def test_seed_demo_also_imports_the_shared_fixtures_with_their_metadata(db, settings, shared_fixtures):
    _seed(settings)
    article = Article.objects.get(title="Putin tells Ukraine troops in Russian region to 'surrender'")
    assert article.outlet.name == "Daily Sabah (AFP wire)"
    assert article.published.isoformat() == "2025-03-14"
    assert article.appearances.count() >= 10


def test_seed_demo_writes_the_password_where_settings_say_and_nowhere_else(db, settings, without_shared_fixtures, tmp_path):
    from django.conf import settings as live_settings

    real_file = live_settings.BASE_DIR / ".data" / "demo-credentials.txt"
    before = real_file.read_bytes() if real_file.exists() else None
    settings.DEMO_CREDENTIALS_FILE = tmp_path / "data" / "demo-credentials.txt"
    _seed(settings)
    assert settings.DEMO_CREDENTIALS_FILE.read_text().splitlines() == [
        "editor / demo-password-123", "reviewer / demo-password-123", "moderator / demo-password-123",
    ]
    assert oct(settings.DEMO_CREDENTIALS_FILE.stat().st_mode & 0o777) == "0o600"
    # The checkout's own file, which `make run` prints, is the developer's, never the tests'.
    assert (real_file.read_bytes() if real_file.exists() else None) == before
