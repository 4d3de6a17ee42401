"""watch_feeds against a local HTTP server: formats, conditional GET, failures that stay contained."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims import feed_services
from claims.models import Appearance, Article, AuditEvent, Claim, Feed, FeedItem, FeedPoll
from claims.outlet_feeds.poller import Poller
from tests import factories
from tests.feeds.conftest import article_html, atom, news_sitemap, rss, serve_articles

pytestmark = pytest.mark.django_db


def follow(server, path: str, outlet=None, **options) -> Feed:
    outlet = outlet or factories.OutletFactory(name="Test Gazette", domain="")
    return feed_services.feed_create(url=server.url(path), outlet=outlet, actor=None, **options)


def poll_once(**options):
    return Poller(threads=4, **options).run_cycle()


def test_rss_items_become_draft_articles_with_their_claims(feed_server):
    feed_server.feed("/rss.xml", rss(serve_articles(feed_server, range(3))))
    feed = follow(feed_server, "/rss.xml")
    totals = poll_once()
    assert (totals.polled, totals.new_articles, totals.errors) == (1, 3, 0)
    articles = Article.objects.filter(url__startswith=feed_server.url("/news/"))
    assert articles.count() == 3
    assert {article.outlet.name for article in articles} == {"Test Gazette"}
    # The three reports quote the council leader with the same words: one draft claim, three appearances.
    claim = Claim.objects.get(speaker__name="Imogen Hartwell")
    assert claim.status == Claim.Status.DRAFT and claim.appearances.count() == 3
    feed.refresh_from_db()
    assert feed.kind == Feed.Kind.RSS and feed.title == "Test Gazette" and feed.failures == 0
    poll = FeedPoll.objects.get(feed=feed)
    assert (poll.status, poll.http_status, poll.items_seen, poll.new_articles) == ("ok", 200, 3, 3)
    assert FeedItem.objects.filter(feed=feed, status=FeedItem.Status.IMPORTED).count() == 3


def test_atom_items_are_imported(feed_server):
    feed_server.feed("/atom.xml", atom(serve_articles(feed_server, range(10, 12))), content_type="application/atom+xml")
    feed = follow(feed_server, "/atom.xml")
    assert poll_once().new_articles == 2
    feed.refresh_from_db()
    assert feed.kind == Feed.Kind.ATOM


def test_news_sitemap_items_are_imported(feed_server):
    feed_server.feed("/news-sitemap.xml", news_sitemap(serve_articles(feed_server, range(20, 22))), content_type="application/xml")
    feed = follow(feed_server, "/news-sitemap.xml")
    assert poll_once().new_articles == 2
    feed.refresh_from_db()
    assert feed.kind == Feed.Kind.SITEMAP


def test_malformed_xml_is_a_failed_poll_and_the_other_feeds_are_still_polled(feed_server):
    feed_server.feed("/broken.xml", "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Half a <b>tag</ti")
    feed_server.feed("/good.xml", rss(serve_articles(feed_server, [30])))
    outlet = factories.OutletFactory(name="Test Gazette", domain="")
    broken = follow(feed_server, "/broken.xml", outlet=outlet)
    follow(feed_server, "/good.xml", outlet=outlet)
    totals = poll_once()
    assert (totals.polled, totals.new_articles, totals.errors) == (2, 1, 1)
    broken.refresh_from_db()
    assert broken.failures == 1
    assert "not well-formed" in broken.last_error
    assert broken.next_poll_at > timezone.now() + timezone.timedelta(seconds=broken.interval)  # backed off
    assert FeedPoll.objects.get(feed=broken).status == FeedPoll.Status.ERROR


def test_a_redirect_to_a_private_address_is_refused(feed_server):
    feed_server.routes["/moved.xml"] = (302, {"Location": "http://192.168.1.20/feed.xml"}, b"")
    feed = follow(feed_server, "/moved.xml")
    totals = poll_once()
    assert totals.errors == 1
    feed.refresh_from_db()
    assert "private address" in feed.last_error and "192.168.1.20" in feed.last_error


def test_an_item_redirecting_to_a_private_address_is_refused_and_the_rest_imported(feed_server):
    feed_server.routes["/news/sneaky"] = (302, {"Location": "http://10.0.0.7/admin"}, b"")
    items = [(feed_server.url("/news/sneaky"), "Sneaky"), *serve_articles(feed_server, [40])]
    feed_server.feed("/rss.xml", rss(items))
    feed = follow(feed_server, "/rss.xml")
    totals = poll_once()
    assert (totals.new_articles, totals.errors) == (1, 1)
    failed = FeedItem.objects.get(feed=feed, status=FeedItem.Status.FAILED)
    assert "10.0.0.7" in failed.error and failed.article is None
    assert not Article.objects.filter(url=feed_server.url("/news/sneaky")).exists()


def test_a_feed_of_10000_items_is_read_and_imported_over_several_polls(feed_server, settings):
    # Item pages are generated on request, so the server holds only the feed document.
    def item(request):
        number = int(request.path.rsplit("/", 1)[1])
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article_html(number).encode()

    links = [(feed_server.url(f"/wire/{number}"), f"Item {number}") for number in range(10_000)]
    for number in range(10_000):
        feed_server.routes[f"/wire/{number}"] = item
    feed_server.feed("/big.xml", rss(links), etag='"big-1"')
    feed = follow(feed_server, "/big.xml")
    first = Poller(threads=4, max_new_items=25).run_cycle()
    assert (first.polled, first.new_articles, first.errors) == (1, 25, 0)
    poll = FeedPoll.objects.get(feed=feed)
    assert poll.items_seen == 10_000
    feed.refresh_from_db()
    # A backlog: due again at once, and without the validators (a 304 would hide the rest).
    assert feed.etag == "" and feed.next_poll_at <= timezone.now()
    second = Poller(threads=4, max_new_items=25).run_cycle()
    assert second.new_articles == 25
    assert Article.objects.filter(url__startswith=feed_server.url("/wire/")).count() == 50
    assert FeedItem.objects.filter(feed=feed).count() == 50


def test_a_feed_that_hangs_costs_its_deadline_while_the_others_are_polled(feed_server, settings):
    settings.IMPORT_FETCH_TIMEOUT = 1.0
    released = []

    def hang(request):
        import time

        for _ in range(40):  # about 4 s, far past the deadline
            if released:
                break
            time.sleep(0.1)
        return 200, {"Content-Type": "application/rss+xml"}, rss([]).encode()

    feed_server.routes["/hangs.xml"] = hang
    outlet = factories.OutletFactory(name="Test Gazette", domain="")
    hanging = follow(feed_server, "/hangs.xml", outlet=outlet)
    for number in range(3):
        feed_server.feed(f"/ok-{number}.xml", rss(serve_articles(feed_server, [50 + number])))
        follow(feed_server, f"/ok-{number}.xml", outlet=outlet)
    try:
        totals = poll_once()
    finally:
        released.append(True)
    assert (totals.polled, totals.new_articles, totals.errors) == (4, 3, 1)
    hanging.refresh_from_db()
    assert "1 seconds" in hanging.last_error


def test_the_same_item_in_two_feeds_is_one_article(feed_server):
    items = serve_articles(feed_server, [60, 61])
    feed_server.feed("/a.xml", rss(items))
    feed_server.feed("/b.xml", rss(items[:1]))
    outlet = factories.OutletFactory(name="Test Gazette", domain="")
    first, second = follow(feed_server, "/a.xml", outlet=outlet), follow(feed_server, "/b.xml", outlet=outlet)
    totals = poll_once()
    assert totals.new_articles == 2
    assert Article.objects.filter(url=items[0][0]).count() == 1
    shared = FeedItem.objects.filter(url=items[0][0])
    assert {item.feed_id for item in shared} == {first.pk, second.pk}
    assert len({item.article_id for item in shared}) == 1
    assert feed_server.hits[items[0][0].removeprefix(feed_server.url(""))] == 1  # fetched once


def test_a_republished_wire_story_is_another_sighting_of_the_same_article(feed_server):
    story = article_html(70)
    feed_server.page("/wire/story", story)
    feed_server.page("/partner/same-story", story)
    feed_server.feed("/wire.xml", rss([(feed_server.url("/wire/story"), "Story")]))
    feed_server.feed("/partner.xml", rss([(feed_server.url("/partner/same-story"), "Story")]))
    follow(feed_server, "/wire.xml", outlet=factories.OutletFactory(name="Wire Service", domain=""))
    partner = follow(feed_server, "/partner.xml", outlet=factories.OutletFactory(name="Partner Paper", domain=""))
    totals = poll_once()
    assert (totals.new_articles, totals.duplicates) == (1, 1)
    assert Article.objects.count() == 1
    copy = FeedItem.objects.get(feed=partner)
    assert copy.status == FeedItem.Status.DUPLICATE and copy.article == Article.objects.get()
    assert Appearance.objects.count() == 1


def test_an_unchanged_feed_answers_304_and_nothing_is_imported(feed_server):
    feed_server.feed("/rss.xml", rss(serve_articles(feed_server, [80])), etag='"v1"')
    feed = follow(feed_server, "/rss.xml")
    poll_once()
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_modified
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    articles, events = Article.objects.count(), AuditEvent.objects.count()
    totals = poll_once()
    assert (totals.polled, totals.new_articles, totals.errors) == (1, 0, 0)
    latest = FeedPoll.objects.filter(feed=feed).first()
    assert (latest.status, latest.http_status) == (FeedPoll.Status.NOT_MODIFIED, 304)
    assert Article.objects.count() == articles and AuditEvent.objects.count() == events


def test_items_already_seen_are_not_fetched_again(feed_server):
    items = serve_articles(feed_server, [90, 91])
    feed_server.feed("/rss.xml", rss(items))
    feed = follow(feed_server, "/rss.xml")
    poll_once()
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert poll_once().new_articles == 0
    assert all(feed_server.hits[link.removeprefix(feed_server.url(""))] == 1 for link, _title in items)


def test_a_failure_in_the_middle_of_an_import_leaves_no_half_imported_article(feed_server, monkeypatch):
    items = serve_articles(feed_server, [100, 101, 102])
    feed_server.feed("/rss.xml", rss(items))
    feed = follow(feed_server, "/rss.xml")
    from claims import feed_services as services_module

    real = services_module.alerts_for_import

    def failing(*, result):
        if result.article.url == items[1][0]:
            raise RuntimeError("database went away half way")
        return real(result=result)

    monkeypatch.setattr(services_module, "alerts_for_import", failing)
    totals = poll_once()
    assert (totals.new_articles, totals.errors) == (2, 1)
    assert not Article.objects.filter(url=items[1][0]).exists()
    assert not Appearance.objects.filter(article__url=items[1][0]).exists()
    failed = FeedItem.objects.get(feed=feed, url=items[1][0])
    assert failed.status == FeedItem.Status.FAILED and "half way" in failed.error
    # Tried again on the next poll, and imported once the fault is gone.
    monkeypatch.setattr(services_module, "alerts_for_import", real)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert poll_once().new_articles == 1
    failed.refresh_from_db()
    assert failed.status == FeedItem.Status.IMPORTED and failed.attempts == 2


def test_failures_back_off_and_a_success_resets_them(feed_server):
    feed = follow(feed_server, "/missing.xml", interval=60)
    poll_once()
    feed.refresh_from_db()
    assert feed.failures == 1
    first_wait = (feed.next_poll_at - feed.last_polled_at).total_seconds()
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    poll_once()
    feed.refresh_from_db()
    assert feed.failures == 2
    assert (feed.next_poll_at - feed.last_polled_at).total_seconds() == pytest.approx(first_wait * 2, rel=0.01)
    feed_server.feed("/missing.xml", rss([]))
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    poll_once()
    feed.refresh_from_db()
    assert (feed.failures, feed.last_error) == (0, "")
    assert (feed.next_poll_at - feed.last_polled_at).total_seconds() == pytest.approx(60, abs=1)


def test_feeds_not_due_or_paused_are_left_alone(feed_server):
    feed_server.feed("/rss.xml", rss(serve_articles(feed_server, [110])))
    later = follow(feed_server, "/rss.xml")
    Feed.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timezone.timedelta(minutes=5))
    feed_server.feed("/paused.xml", rss(serve_articles(feed_server, [111])))
    paused = follow(feed_server, "/paused.xml", outlet=later.outlet)
    feed_services.feed_update(feed=paused, actor=None, is_active=False)
    assert poll_once().polled == 0
    assert feed_server.hits == {}


def test_watch_feeds_once_prints_the_totals_as_json(feed_server):
    feed_server.feed("/rss.xml", rss(serve_articles(feed_server, [120, 121])))
    follow(feed_server, "/rss.xml")
    out = StringIO()
    call_command("watch_feeds", "--once", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"polled": 1, "new_articles": 2, "alerts": 0, "errors": 0}


def test_a_feed_taken_by_one_poller_is_left_to_it_by_the_others(feed_server):
    outlet = factories.OutletFactory(name="Test Gazette", domain="")
    first, second = follow(feed_server, "/a.xml", outlet=outlet), follow(feed_server, "/b.xml", outlet=outlet)
    taken = [feed_services.feed_claim_due(), feed_services.feed_claim_due()]
    assert {feed.pk for feed in taken} == {first.pk, second.pk}
    assert feed_services.feed_claim_due() is None  # both are leased until their polls are recorded


def test_links_too_long_to_store_are_left_out(feed_server):
    long_link = feed_server.url("/news/" + "x" * 2100)
    feed_server.feed("/rss.xml", rss([(long_link, "Too long"), *serve_articles(feed_server, [130])]))
    feed = follow(feed_server, "/rss.xml")
    totals = poll_once()
    assert (totals.new_articles, totals.errors) == (1, 0)
    assert FeedPoll.objects.get(feed=feed).items_seen == 1


def test_the_per_host_limit_makes_a_second_request_to_one_host_wait():
    from claims.outlet_feeds.poller import HostLimiter

    limiter = HostLimiter(1)
    with limiter.slot("http://a.example/feed.xml"):
        assert not limiter._slots["a.example"].acquire(blocking=False)  # the next request to a.example waits
        with limiter.slot("https://b.example/other"):  # another host does not
            pass
    assert limiter._slots["a.example"].acquire(blocking=False)
