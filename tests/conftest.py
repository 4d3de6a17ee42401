"""Fixtures shared by the whole suite: users in each newsroom role, and the factories."""

from pathlib import Path

import pytest

from tests import factories

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SHARED_FIXTURES = SHARED / "fixtures"


@pytest.fixture
def shared_fixtures() -> Path:
    """../shared/fixtures, or a skip when the folder is absent (as in a user's clone)."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures is not present in this checkout")
    return SHARED_FIXTURES


@pytest.fixture
def editor(db):
    return factories.UserFactory(username="editor-user", role="editor")


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(username="reviewer-user", role="reviewer")


@pytest.fixture
def moderator(db):
    return factories.UserFactory(username="moderator-user", role="moderator")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="super-user", is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(db):
    """Signed in, but in no newsroom group."""
    return factories.UserFactory(username="outsider-user")


@pytest.fixture
def source_factory(db):
    return factories.SourceFactory


@pytest.fixture
def outlet_factory(db):
    return factories.OutletFactory


@pytest.fixture
def article_factory(db):
    return factories.ArticleFactory


@pytest.fixture
def claim_factory(db):
    return factories.ClaimFactory


@pytest.fixture
def appearance_factory(db):
    return factories.AppearanceFactory


@pytest.fixture
def link_factory(db):
    return factories.ClaimLinkFactory


@pytest.fixture
def dispute_factory(db):
    return factories.DisputeFactory


@pytest.fixture
def verdict_factory(db):
    return factories.VerdictFactory
