"""add_feed: clear errors, and nothing written on bad input; feeds added in admin go through the same service."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.models import AuditEvent, Feed, Outlet

pytestmark = pytest.mark.django_db


def add(*args) -> dict:
    out = StringIO()
    call_command("add_feed", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_add_feed_creates_the_outlet_and_the_feed():
    added = add("https://news.example/rss.xml", "--outlet", "Example News", "--interval", "600")
    assert added["feed"]["outlet"] == "Example News" and added["feed"]["interval"] == 600
    feed = Feed.objects.get()
    assert feed.outlet == Outlet.objects.get(name="Example News") and feed.is_active
    assert AuditEvent.objects.filter(verb="feed-added").count() == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ftp://news.example/rss.xml", "--outlet", "New Outlet"], "Only http:// and https://"),
        (["http://10.0.0.5/rss.xml", "--outlet", "New Outlet"], "private address"),
        (["http://127.0.0.1/rss.xml", "--outlet", "New Outlet"], "loopback"),
        (["not a url", "--outlet", "New Outlet"], "Only http:// and https://"),
        (["https://news.example/rss.xml", "--outlet", "   "], "--outlet NAME"),
        (["https://news.example/rss.xml", "--outlet", "New Outlet", "--interval", "5"], "between 60 and 86,400"),
        (["https://", "--outlet", "New Outlet"], "no host name"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(arguments, message, settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = []
    with pytest.raises(CommandError, match=message):
        add(*arguments)
    assert not Feed.objects.exists()
    assert not Outlet.objects.filter(name="New Outlet").exists()
    assert not AuditEvent.objects.exists()


def test_a_feed_followed_already_is_refused():
    add("https://news.example/rss.xml", "--outlet", "Example News")
    with pytest.raises(CommandError, match="already followed"):
        add("https://news.example/rss.xml", "--outlet", "Other Outlet")
    assert Feed.objects.count() == 1 and not Outlet.objects.filter(name="Other Outlet").exists()


def test_moderators_add_feeds_in_admin_through_the_service(client, moderator):
    outlet = Outlet.objects.create(name="Admin Outlet", slug="admin-outlet")
    client.force_login(moderator)
    response = client.post(reverse("admin:claims_feed_add"), {
        "outlet": outlet.pk, "url": "https://admin.example/feed.xml", "kind": "auto", "title": "", "is_active": "on", "interval": "900",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    feed = Feed.objects.get()
    assert feed.created_by == moderator
    assert AuditEvent.objects.filter(verb="feed-added", actor=moderator).count() == 1
    refused = client.post(reverse("admin:claims_feed_add"), {
        "outlet": outlet.pk, "url": "http://192.168.0.9/feed.xml", "kind": "auto", "title": "", "is_active": "on", "interval": "900",
    }, follow=True)
    assert Feed.objects.count() == 1
    assert "Nothing was saved" in refused.content.decode() and "private address" in refused.content.decode()
