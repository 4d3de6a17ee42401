"""Public-page fixtures: a cleared cache, and a published dispute built through the services."""

import datetime

import pytest
from django.core.cache import cache

from claims import services
from claims.models import PublicState
from claims.public_cache import forget_local_pages
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """A clean local-memory cache for each test (never a shared Redis: clear() would flush it)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-tests"}}
    cache.clear()
    forget_local_pages()
    yield
    cache.clear()
    forget_local_pages()


def published_claim(*, speaker=None, text=None, stated_on=None, actor=None, **kwargs):
    claim = factories.ClaimFactory(speaker=speaker or factories.SourceFactory(), stated_on=stated_on, **({"text": text} if text else {}), **kwargs)
    return services.claim_publish(claim=claim, actor=actor)


def add_appearance(claim, *, outlet=None, title=None, published=None, url=None):
    kwargs = {"outlet": outlet or factories.OutletFactory()}
    if title:
        kwargs["title"] = title
    if published:
        kwargs["published"] = published
    if url:
        kwargs["url"] = url
    article = factories.ArticleFactory(**kwargs)
    appearance = services.appearance_create(claim=claim, article=article, start=18, end=44)
    if appearance.public_state == PublicState.PENDING:
        # An addition to a published claim shows once a reviewer agrees (finding 3 of issue 16).
        appearance = services.appearance_review(appearance=appearance, reviewer=factories.UserFactory(role="reviewer"), show=True)
    return appearance


def confirmed_link(*, from_claim, to_claim, relation="denies", reviewer, note=""):
    link = services.link_suggest(from_claim=from_claim, to_claim=to_claim, relation=relation, score=0.9, reasons=["denial cue"])
    return services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version, note=note or None)


@pytest.fixture
def story(db, reviewer):
    """A minister's published claim, denied by a ministry and supported by an engineer, in a published dispute."""
    minister = factories.SourceFactory(name="Minister Ada Example", slug="ada-example", kind="person")
    ministry = factories.SourceFactory(name="Ministry of Works", slug="ministry-of-works", kind="government")
    engineer = factories.SourceFactory(name="Engineer Bo Sample", slug="bo-sample", kind="person")
    gazette = factories.OutletFactory(name="The Daily Gazette", slug="daily-gazette", domain="gazette.example")
    courier = factories.OutletFactory(name="Evening Courier", slug="evening-courier", domain="courier.example")
    claim = published_claim(speaker=minister, text="The new bridge will open to traffic in May", stated_on=datetime.date(2026, 3, 2))
    add_appearance(claim, outlet=gazette, title="Bridge opening set for spring", published=datetime.date(2026, 3, 3), url="https://gazette.example/bridge")
    add_appearance(claim, outlet=courier, title="Minister promises May bridge", published=datetime.date(2026, 3, 4), url="https://courier.example/may")
    denial = published_claim(speaker=ministry, text="No opening date for the bridge has been set", stated_on=datetime.date(2026, 3, 5))
    add_appearance(denial, outlet=courier, title="Ministry walks back bridge date", published=datetime.date(2026, 3, 5), url="https://courier.example/walk-back")
    support = published_claim(speaker=engineer, text="Work on the bridge deck is on schedule for a May opening", stated_on=datetime.date(2026, 3, 8))
    add_appearance(support, outlet=gazette, title="Engineers upbeat on bridge", published=datetime.date(2026, 3, 9), url="https://gazette.example/engineers")
    denial_link = confirmed_link(from_claim=denial, to_claim=claim, relation="denies", reviewer=reviewer, note="The ministry's statement answers the minister's date directly.")
    support_link = confirmed_link(from_claim=support, to_claim=claim, relation="supports", reviewer=reviewer)
    dispute = services.dispute_create(title="When will the new bridge open?", claim=claim, links=[denial_link, support_link], summary="The minister named May; the ministry says no date is set.", actor=reviewer)
    dispute = services.dispute_publish(dispute=dispute, actor=reviewer)
    return {"claim": claim, "denial": denial, "support": support, "dispute": dispute, "denial_link": denial_link,
            "support_link": support_link, "minister": minister, "ministry": ministry, "gazette": gazette, "courier": courier}
