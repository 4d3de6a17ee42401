"""Poll due feeds: fetch politely, parse, import new items as drafts, raise alerts, record each poll.

One cycle takes due feeds one at a time (`feed_claim_due` leases each, so several pollers, on
one machine or many, never poll the same feed at once) and keeps up to FEEDS_FETCH_THREADS
downloads in flight on a thread pool, at most FEEDS_PER_HOST_CONNECTIONS to one host. Every
download goes through the import's SSRF-safe fetcher (its deadline and size cap included);
a feed that hangs costs its own deadline only, the others are fetched meanwhile. Only the main
thread touches the database: each item is imported in its own transaction, so a failure
leaves no half-imported article, and a feed that fails, whatever the reason, is recorded and
backs off without stopping the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from claims.importing.errors import ImportInputError
from claims.outlet_feeds.parse import FeedParseError, parse_feed

logger = logging.getLogger(__name__)

FEED_CONTENT_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "text/html", "text/plain",
)
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


@dataclass
class CycleTotals:
    polled: int = 0
    new_articles: int = 0
    alerts: int = 0
    errors: int = 0
    not_modified: int = 0
    duplicates: int = 0

    def as_json(self) -> dict:
        return {"polled": self.polled, "new_articles": self.new_articles, "alerts": self.alerts, "errors": self.errors}


class HostLimiter:
    """At most `per_host` requests in flight to one host name at a time."""

    def __init__(self, per_host: int):
        self.per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = defaultdict(lambda: threading.BoundedSemaphore(self.per_host))

    @contextmanager
    def slot(self, url: str):
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore = self._slots[host]
        with semaphore:
            yield


def _fetch(limiter: HostLimiter, url: str, **options):
    from claims.importing.fetch import fetch_url

    with limiter.slot(url):
        return fetch_url(url, **options)


def _drop_broken_connection() -> None:
    """After an unexpected error, let Django reconnect if the database connection broke (outside
    a transaction only: inside one, e.g. in a test, closing would break the caller's transaction)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _one_line(error) -> str:
    return " ".join(str(error).split()) or error.__class__.__name__


class Poller:
    """One process's poller; `run_cycle` polls every due feed once."""

    def __init__(self, *, threads: int | None = None, per_host: int | None = None, max_new_items: int | None = None):
        self.threads = threads or settings.FEEDS_FETCH_THREADS
        self.limiter = HostLimiter(per_host or settings.FEEDS_PER_HOST_CONNECTIONS)
        self.max_new_items = max_new_items or settings.FEEDS_MAX_NEW_ITEMS_PER_POLL

    def run_cycle(self, *, on_poll=None) -> CycleTotals:
        """Poll every feed that is due now, each once; `on_poll(feed, outcome)` hears of each."""
        totals = CycleTotals()
        polled_ids: set[int] = set()
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="feed-fetch") as executor:
            documents: dict[Future, object] = {}
            # Two feeds at a time: one being imported while the next one's document downloads. More
            # would hold feeds leased (see feed_claim_due) long before this poller gets to them.
            ahead = 2

            def take_more():
                from claims.feed_services import feed_claim_due

                while len(documents) < ahead:
                    feed = feed_claim_due(exclude=polled_ids)
                    if feed is None:
                        return
                    polled_ids.add(feed.pk)
                    documents[executor.submit(self._fetch_document, feed)] = feed

            take_more()
            while documents:
                done, _pending = wait(list(documents), return_when=FIRST_COMPLETED)
                for future in done:
                    feed = documents.pop(future)
                    outcome = self._poll(feed, future, executor)
                    totals.polled += 1
                    totals.new_articles += outcome.new_articles
                    totals.alerts += outcome.alerts
                    totals.duplicates += outcome.duplicates
                    totals.errors += outcome.item_errors + (1 if outcome.status == "error" else 0)
                    totals.not_modified += outcome.status == "not-modified"
                    if on_poll is not None:
                        on_poll(feed, outcome)
                take_more()
        return totals

    def _fetch_document(self, feed):
        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        return _fetch(self.limiter, feed.url, headers=headers, content_types=FEED_CONTENT_TYPES)

    def _poll(self, feed, document: Future, executor) -> object:
        """Read one fetched feed document, import its new items, record the poll; never raises."""
        from claims.feed_services import PollOutcome, feed_poll_record

        started_at, began = timezone.now(), time.monotonic()
        try:
            outcome = self._read(feed, document, executor, started_at)
        except Exception as error:  # a bug or a lost database must not stop the other feeds
            logger.exception("Polling feed %s (%s) failed", feed.pk, feed.url)
            _drop_broken_connection()
            outcome = PollOutcome(status="error", started_at=started_at, error=f"Unexpected error: {_one_line(error)}"[:500])
        outcome.duration_ms = int((time.monotonic() - began) * 1000)
        try:
            feed_poll_record(feed=feed, outcome=outcome)
        except Exception:
            logger.exception("Recording the poll of feed %s failed", feed.pk)
            _drop_broken_connection()
        return outcome

    def _read(self, feed, document: Future, executor, started_at):
        from claims.feed_selectors import feed_items_known
        from claims.feed_services import ITEM_ATTEMPTS, PollOutcome, feed_items_seen_elsewhere

        try:
            page = document.result()
        except ImportInputError as error:
            return PollOutcome(status="error", started_at=started_at, error=_one_line(error))
        if page.status == 304:
            return PollOutcome(status="not-modified", started_at=started_at, http_status=304)
        try:
            parsed = parse_feed(page.content, url=page.url)
        except FeedParseError as error:
            return PollOutcome(status="error", started_at=started_at, http_status=page.status, error=_one_line(error))
        outcome = PollOutcome(
            status="ok", started_at=started_at, http_status=page.status, items_seen=len(parsed.entries), error=parsed.warning,
            etag=page.etag, last_modified=page.last_modified, title=parsed.title, kind=parsed.kind,
        )
        own, elsewhere = feed_items_known(feed=feed, urls=[entry.url for entry in parsed.entries])
        recognised, to_fetch = [], []
        for entry in parsed.entries:
            mine = own.get(entry.url)
            if mine is not None and (mine.status != "failed" or mine.attempts >= ITEM_ATTEMPTS):
                continue
            if mine is None and entry.url in elsewhere:
                recognised.append(entry)
            else:
                to_fetch.append(entry)
        outcome.duplicates += feed_items_seen_elsewhere(feed=feed, entries=recognised, articles=elsewhere)
        if len(to_fetch) > self.max_new_items:
            outcome.backlog = True
            to_fetch = to_fetch[: self.max_new_items]
        self._import_items(feed, to_fetch, executor, outcome)
        return outcome

    def _import_items(self, feed, entries, executor, outcome) -> None:
        """Fetch the items' pages on the pool (a window of them at a time) and import each as it comes."""
        window = deque()
        pending = iter(entries)

        def submit_next() -> bool:
            entry = next(pending, None)
            if entry is None:
                return False
            window.append((entry, executor.submit(_fetch, self.limiter, entry.url)))
            return True

        for _ in range(self.threads * 2):
            if not submit_next():
                break
        while window:
            entry, future = window.popleft()
            submit_next()
            self._import_one(feed, entry, future, outcome)

    def _import_one(self, feed, entry, future: Future, outcome) -> None:
        from claims.feed_services import feed_item_failed, feed_item_import
        from claims.importing.pipeline import extract, prepare_bytes
        from claims.selectors import extraction_known_sources
        from claims.services import ServiceError

        try:
            page = future.result()
            prepared = prepare_bytes(page.content, input_kind="url", url=entry.url, declared_charset=page.charset, content_type=page.content_type)
            quotes = extract(prepared, extraction_known_sources())
            imported = feed_item_import(feed=feed, url=entry.url, title=entry.title, published=entry.published, prepared=prepared, quotes=quotes)
        except (ImportInputError, ServiceError) as error:
            feed_item_failed(feed=feed, url=entry.url, title=entry.title, published=entry.published, error=_one_line(error))
            outcome.item_errors += 1
            return
        except Exception as error:
            logger.exception("Importing %s from feed %s failed", entry.url, feed.pk)
            _drop_broken_connection()
            feed_item_failed(feed=feed, url=entry.url, title=entry.title, published=entry.published, error=f"Unexpected error: {_one_line(error)}"[:500])
            outcome.item_errors += 1
            return
        if imported.duplicate:
            outcome.duplicates += 1
        else:
            outcome.new_articles += 1
        outcome.alerts += len(imported.alerts)


def next_due_in(default: float = 30.0) -> float:
    """Seconds until the next active feed is due (at most `default`, at least one)."""
    from claims.models import Feed

    upcoming = Feed.objects.filter(is_active=True).order_by("next_poll_at").values_list("next_poll_at", flat=True).first()
    if upcoming is None:
        return default
    return max(1.0, min(default, (upcoming - timezone.now()).total_seconds()))
