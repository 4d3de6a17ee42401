"""Every write for outlet feeds and "came back" alerts: one transaction and audit rows, as in
claims/services.py (whose helpers and import service these reuse).

Feeds are added by moderators (admin) and `manage.py add_feed`; `watch_feeds` records each
poll and imports new items through `article_import`, then raises an alert when a quote in
the new article is a claim already published or disputed (or a near-same quote of one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Alert, Article, Claim, ClaimLink, Dispute, Feed, FeedItem, FeedPoll, Outlet
from claims.services import (
    ServiceError,
    _audit_event,
    _public_content_changed,
    _require_text,
    article_import,
    audit_record,
    link_confirm,
    link_suggest,
    outlet_get_or_create,
)

INTERVAL_MIN, INTERVAL_MAX = 60, 86400
# A feed item whose page could not be fetched or read is tried again on later polls, this often.
ITEM_ATTEMPTS = 3
FEED_EDITABLE_FIELDS = {"url", "outlet", "kind", "title", "is_active", "interval"}


# Feeds


def _clean_feed_url(url: str, *, exclude_pk=None) -> str:
    from claims.importing.fetch import FetchRefused, check_url

    url = _require_text(url, "Feed URL")
    if len(url) > 2000:
        raise ServiceError("The feed URL is longer than 2,000 characters.")
    try:
        url = check_url(url)
        URLValidator(schemes=["http", "https"])(url)
    except FetchRefused as error:
        raise ServiceError(str(error)) from None
    except ValidationError:
        raise ServiceError(f"{url!r} is not a valid http(s) URL.") from None
    other = Feed.objects.filter(url=url).exclude(pk=exclude_pk).select_related("outlet").first()
    if other is not None:
        raise ServiceError(f"That feed is already followed (for {other.outlet.name}).")
    return url


def _clean_interval(interval) -> int:
    try:
        interval = int(interval)
    except (TypeError, ValueError):
        raise ServiceError(f"The interval must be a whole number of seconds, not {interval!r}.") from None
    if not INTERVAL_MIN <= interval <= INTERVAL_MAX:
        raise ServiceError(f"The interval must be between {INTERVAL_MIN} and {INTERVAL_MAX:,} seconds.")
    return interval


def _clean_kind(kind: str) -> str:
    if kind not in Feed.Kind.values:
        raise ServiceError(f"Unknown feed kind {kind!r}; one of {', '.join(Feed.Kind.values)}.")
    return kind


@transaction.atomic
def feed_create(*, url: str, outlet: Outlet, actor, kind: str = Feed.Kind.AUTO, interval: int | None = None, title: str = "", is_active: bool = True) -> Feed:
    """Follow a feed of `outlet`; a URL that is not http(s), points at a private address or is
    followed already is refused, and nothing is written."""
    if outlet is None:
        raise ServiceError("A feed belongs to an outlet; choose one.")
    url = _clean_feed_url(url)
    interval = _clean_interval(settings.FEEDS_DEFAULT_INTERVAL if interval is None else interval)
    try:
        with transaction.atomic():
            feed = Feed.objects.create(
                outlet=outlet, url=url, kind=_clean_kind(kind), title=(title or "").strip()[:500], interval=interval,
                is_active=is_active, next_poll_at=timezone.now(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        raise ServiceError("That feed is already followed.") from None
    audit_record(actor=actor, verb="feed-added", target=feed, data={"url": url, "outlet": outlet.pk, "kind": feed.kind, "interval": interval})
    return feed


@transaction.atomic
def feed_add(*, url: str, outlet_name: str, actor, kind: str = Feed.Kind.AUTO, interval: int | None = None) -> Feed:
    """`manage.py add_feed`: the outlet by name (created on first sight) and its new feed, or nothing at all."""
    outlet_name = " ".join((outlet_name or "").split())
    if not outlet_name:
        raise ServiceError("Give the outlet's name (--outlet NAME).")
    _clean_feed_url(url)  # refuse before the outlet is created, so bad input writes nothing
    outlet = outlet_get_or_create(name=outlet_name[:200], actor=actor)
    return feed_create(url=url, outlet=outlet, actor=actor, kind=kind, interval=interval)


@transaction.atomic
def feed_update(*, feed: Feed, actor, **changes) -> Feed:
    """Change a feed's URL, outlet, kind, title, interval or switch it on and off."""
    unknown = set(changes) - FEED_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Cannot change {', '.join(sorted(unknown))} on a feed.")
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if "url" in changes:
        changes["url"] = _clean_feed_url(changes["url"], exclude_pk=feed.pk) if changes["url"] != feed.url else feed.url
    if "interval" in changes:
        changes["interval"] = _clean_interval(changes["interval"])
    if "kind" in changes:
        changes["kind"] = _clean_kind(changes["kind"])
    if "outlet" in changes and changes["outlet"] is None:
        raise ServiceError("A feed belongs to an outlet; choose one.")
    before, after = {}, {}
    for name, value in changes.items():
        current = getattr(feed, name)
        if current != value:
            before[name] = current.pk if isinstance(current, Outlet) else current
            after[name] = value.pk if isinstance(value, Outlet) else value
            setattr(feed, name, value)
    if not after:
        return feed
    if "url" in after:  # another document: forget the old one's validators and failures
        feed.etag, feed.last_modified, feed.failures, feed.last_error = "", "", 0, ""
    if after.get("is_active") or "url" in after:
        feed.next_poll_at = timezone.now()
    feed.save()
    audit_record(actor=actor, verb="feed-updated", target=feed, data={"before": before, "after": after})
    return feed


# Polls


@dataclass
class PollOutcome:
    """What one poll found; `feed_poll_record` stores it."""

    status: str
    started_at: object
    duration_ms: int = 0
    http_status: int | None = None
    items_seen: int = 0
    new_articles: int = 0
    duplicates: int = 0
    item_errors: int = 0
    alerts: int = 0
    error: str = ""
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    kind: str = ""
    backlog: bool = False  # more new items than one poll takes: come back soon, without validators
    errors: list[str] = field(default_factory=list)


def backoff_seconds(*, interval: int, failures: int) -> int:
    """After `failures` failed polls in a row the feed waits interval × 2^failures, at most FEEDS_MAX_BACKOFF."""
    if failures <= 0:
        return interval
    return int(min(interval * 2 ** min(failures, 20), max(settings.FEEDS_MAX_BACKOFF, interval)))


@transaction.atomic
def feed_poll_record(*, feed: Feed, outcome: PollOutcome) -> FeedPoll:
    """Store a poll, move the feed's next poll (its interval, a back-off after failures, or soon when a
    backlog is left) and keep its validators; a poll that changed something is audited."""
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    now = timezone.now()
    poll = FeedPoll.objects.create(
        feed=feed, started_at=outcome.started_at, duration_ms=outcome.duration_ms, status=outcome.status,
        http_status=outcome.http_status, items_seen=outcome.items_seen, new_articles=outcome.new_articles,
        duplicates=outcome.duplicates, item_errors=outcome.item_errors, alerts=outcome.alerts, error=outcome.error[:5000],
    )
    failures_before = feed.failures
    feed.last_polled_at = now
    if outcome.status == FeedPoll.Status.ERROR:
        feed.failures += 1
        feed.last_error = outcome.error[:5000]
        feed.next_poll_at = now + timedelta(seconds=backoff_seconds(interval=feed.interval, failures=feed.failures))
    else:
        feed.failures, feed.last_error = 0, ""
        if outcome.backlog:
            # The rest of the items next time; no validators, or the server would answer 304.
            feed.etag, feed.last_modified = "", ""
            feed.next_poll_at = now
        else:
            if outcome.etag is not None:
                feed.etag = outcome.etag[:500]
            if outcome.last_modified is not None:
                feed.last_modified = outcome.last_modified[:100]
            feed.next_poll_at = now + timedelta(seconds=feed.interval)
        if outcome.kind and feed.kind == Feed.Kind.AUTO:
            feed.kind = outcome.kind
        if outcome.title and not feed.title:
            feed.title = outcome.title[:500]
    feed.save()
    if outcome.new_articles or outcome.duplicates or outcome.item_errors or outcome.status == FeedPoll.Status.ERROR or failures_before:
        audit_record(
            actor=None, verb="feed-polled", target=feed,
            data={"poll": poll.pk, "status": outcome.status, "new_articles": outcome.new_articles, "duplicates": outcome.duplicates,
                  "item_errors": outcome.item_errors, "alerts": outcome.alerts, "error": outcome.error[:300]},
        )
    return poll


@transaction.atomic
def feed_claim_due(*, lease_seconds: int = 1800, exclude=()) -> Feed | None:
    """The next due active feed, taken for this poller: its next poll moves `lease_seconds` ahead so
    that other pollers (other processes or machines) skip it; the poll's record sets the real time."""
    feed = (
        Feed.objects.select_for_update(skip_locked=True)
        .filter(is_active=True, next_poll_at__lte=timezone.now())
        .exclude(pk__in=list(exclude))
        .select_related("outlet")
        .order_by("next_poll_at", "pk")
        .first()
    )
    if feed is None:
        return None
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timedelta(seconds=lease_seconds))
    return feed


# Items


@dataclass
class ItemImport:
    """One feed item imported (or recognised as an article already there) and the alerts it raised."""

    item: FeedItem
    article: Article
    duplicate: bool
    alerts: list[Alert] = field(default_factory=list)


def _item_upsert(*, feed: Feed, url: str, title: str, published: date | None, status: str, article: Article | None, error: str = "") -> FeedItem:
    item = FeedItem.objects.select_for_update().filter(feed=feed, url=url).first()
    if item is None:
        return FeedItem.objects.create(feed=feed, url=url, title=title[:500], published=published, status=status, article=article, error=error[:2000])
    item.title, item.published, item.status, item.article, item.error = title[:500] or item.title, published or item.published, status, article, error[:2000]
    item.attempts = F("attempts") + 1
    item.save()
    item.refresh_from_db()
    return item


@transaction.atomic
def feed_item_import(*, feed: Feed, url: str, title: str = "", published: date | None = None, prepared, quotes) -> ItemImport:
    """Import one feed item's article as drafts (the same pipeline as the import screen) and record the
    item; a known URL or text makes it another sighting of the article already there. Alerts for
    quotes that came back are raised in the same transaction: all of it is stored, or none."""
    result = article_import(
        prepared=prepared, quotes=quotes, actor=None, outlet_name=feed.outlet.name,
        published=prepared.published or published, url=url, title=prepared.title or title,
    )
    status = FeedItem.Status.DUPLICATE if result.duplicate else FeedItem.Status.IMPORTED
    item = _item_upsert(feed=feed, url=url, title=title or result.article.title, published=published, status=status, article=result.article)
    audit_record(actor=None, verb="feed-item-imported", target=item,
                 data={"feed": feed.pk, "article": result.article.pk, "duplicate": result.duplicate})
    alerts = [] if result.duplicate else alerts_for_import(result=result)
    return ItemImport(item=item, article=result.article, duplicate=result.duplicate, alerts=alerts)


@transaction.atomic
def feed_item_failed(*, feed: Feed, url: str, title: str = "", published: date | None = None, error: str) -> FeedItem:
    """Record that an item's page could not be fetched or read; it is tried again up to ITEM_ATTEMPTS times."""
    item = _item_upsert(feed=feed, url=url, title=title, published=published, status=FeedItem.Status.FAILED, article=None, error=error)
    audit_record(actor=None, verb="feed-item-failed", target=item, data={"feed": feed.pk, "error": error[:300], "attempts": item.attempts})
    return item


@transaction.atomic
def feed_items_seen_elsewhere(*, feed: Feed, entries, articles: dict) -> int:
    """Items this feed lists whose article is already here (another feed's item, or an article imported
    by hand from the same URL): recorded as sightings of it without fetching the page again."""
    rows = [
        FeedItem(feed=feed, url=entry.url, title=entry.title[:500], published=entry.published, status=FeedItem.Status.DUPLICATE,
                 article_id=articles[entry.url])
        for entry in entries
    ]
    if not rows:
        return 0
    created = FeedItem.objects.bulk_create(rows, ignore_conflicts=True)
    audit_record(actor=None, verb="feed-items-recognised", target=feed,
                 data={"urls": [row.url for row in created][:50], "count": len(created)})
    return len(created)


# Alerts


def alerts_for_import(*, result) -> list[Alert]:
    """Alerts for the quotes of a fresh import that repeat a claim already published or disputed: the
    claim itself (the import gave it a new appearance) or a near-same quote of one (claims/matching/dedup)."""
    from claims.feed_selectors import disputed_index, disputed_near_same

    quotes = list(result.quotes)
    if not quotes:
        return []
    index = disputed_index()
    disputed = {item.claim.pk for item in quotes} & index.claims.keys()
    near = disputed_near_same(claims=list({item.claim.pk: item.claim for item in quotes}.values()), index=index)
    found: dict[int, tuple] = {}
    for item in quotes:
        if item.claim.pk in disputed and item.claim.pk not in found:
            found[item.claim.pk] = (item.appearance, "the same claim appeared again", 1.0)
        for match in near.get(item.claim.pk, ()):
            if match.claim.pk not in found:
                found[match.claim.pk] = (item.appearance, match.reason, match.similarity)
    if found:  # the index may still hold a claim archived or merged since it was built
        live = set(Claim.objects.filter(pk__in=list(found), merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).values_list("pk", flat=True))
        found = {claim_id: value for claim_id, value in found.items() if claim_id in live}
    alerts = []
    for claim_id, (appearance, reason, similarity) in found.items():
        alert = alert_create(claim_id=claim_id, appearance=appearance, reason=reason, similarity=similarity)
        if alert is not None:
            alerts.append(alert)
    return alerts


@transaction.atomic
def alert_create(*, claim_id: int, appearance, reason: str, similarity: float = 1.0) -> Alert | None:
    """Raise the alert that claim `claim_id` came back at `appearance`; None when that claim already has
    an alert for this article (the database allows one)."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                claim_id=claim_id, appearance=appearance, article_id=appearance.article_id, reason=reason[:300], similarity=round(similarity, 3)
            )
    except IntegrityError:
        return None
    audit_record(actor=None, verb="alert-created", target=alert,
                 data={"claim": claim_id, "appearance": appearance.pk, "article": appearance.article_id, "reason": reason[:300]})
    return alert


def _lock_open_alert(alert: Alert) -> Alert:
    current = Alert.objects.select_for_update(of=("self",)).select_related("claim", "appearance__claim", "decided_by").get(pk=alert.pk)
    if current.status != Alert.Status.OPEN:
        who = current.decided_by.get_username() if current.decided_by else "someone"
        raise ServiceError(f"This alert was already {current.get_status_display().lower()} by {who}.")
    return current


def _live(claim: Claim) -> Claim:
    while claim.merged_into_id:
        claim = Claim.objects.get(pk=claim.merged_into_id)
    return claim


@transaction.atomic
def alert_add_to_dispute(*, alert: Alert, reviewer) -> Alert:
    """Put the quote that came back into the dispute: when it is another claim, a confirmed link from it
    to the disputed claim (`duplicate` for the same speaker, `supports` for another), added to the
    disputes the disputed claim heads; the same claim already shows the new appearance."""
    alert = _lock_open_alert(alert)
    disputed, repeated = _live(alert.claim), _live(alert.appearance.claim)
    link = None
    if repeated.pk != disputed.pk:
        relation = ClaimLink.Relation.DUPLICATE if repeated.speaker_id == disputed.speaker_id else ClaimLink.Relation.SUPPORTS
        pair = ClaimLink.objects.select_for_update().filter(from_claim=repeated, to_claim=disputed, relation=relation).first()
        if pair is not None and pair.status == ClaimLink.Status.REJECTED:
            raise ServiceError("A reviewer rejected the link between these two claims; reopen it in the workspace first.")
        if pair is None:
            pair = link_suggest(from_claim=repeated, to_claim=disputed, relation=relation, score=alert.similarity,
                                reasons=[f"came back: {alert.reason}"], actor=reviewer)
        link = pair if pair.status == ClaimLink.Status.CONFIRMED else link_confirm(link=pair, reviewer=reviewer, expected_version=pair.version)
        for dispute in Dispute.objects.filter(claim=disputed).exclude(status=Dispute.Status.ARCHIVED):
            if not dispute.links.filter(pk=link.pk).exists():
                dispute.links.add(link)
                audit_record(actor=reviewer, verb="dispute-link-added", target=dispute, data={"link": link.pk, "alert": alert.pk})
                if dispute.status == Dispute.Status.PUBLISHED:
                    _public_content_changed()
    alert.status, alert.decided_by, alert.decided_at, alert.link = Alert.Status.ADDED, reviewer, timezone.now(), link
    alert.save(update_fields=["status", "decided_by", "decided_at", "link"])
    audit_record(actor=reviewer, verb="alert-added-to-dispute", target=alert,
                 data={"claim": disputed.pk, "repeated_claim": repeated.pk, "link": link.pk if link else None})
    return alert


@transaction.atomic
def alert_dismiss(*, alert: Alert, actor) -> Alert:
    """Not worth adding (a quote of the claim in a rebuttal, say): the alert leaves the panel."""
    alert = _lock_open_alert(alert)
    alert.status, alert.decided_by, alert.decided_at = Alert.Status.DISMISSED, actor, timezone.now()
    alert.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, verb="alert-dismissed", target=alert, data={"claim": alert.claim_id})
    return alert


@transaction.atomic
def alerts_mark_emailed(*, alerts, recipients: list[str]) -> int:
    """Note that these alerts went out in a digest (each goes out once), one audit row each."""
    alerts = list(alerts)
    if not alerts:
        return 0
    now = timezone.now()
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(emailed_at=now)
    from claims.models import AuditEvent

    AuditEvent.objects.bulk_create(
        _audit_event(actor=None, verb="alert-emailed", target=alert, data={"recipients": len(recipients)}) for alert in alerts
    )
    return len(alerts)
