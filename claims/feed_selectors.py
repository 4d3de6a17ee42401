"""Reads for outlet feeds and "came back" alerts: the dashboard panels, the alerts' Atom feed, the
digest, and which claims count as disputed. Each page part runs a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q

from claims.models import Alert, Appearance, Claim, ClaimLink, Dispute, Feed, FeedPoll

PANEL_ALERTS = 10
PANEL_POLLS = 10
ALERT_FEED_LENGTH = 50
# A quote by another speaker counts as the claim coming back only when it has this many words:
# short phrases ("We will see", "No comment") are said by everyone.
CROSS_SPEAKER_MIN_WORDS = 6
# Another speaker's quote must be at least this similar when the dedup test is not sure it is the same.
CROSS_SPEAKER_MIN_SIMILARITY = 0.75
NEAR_SAME_CANDIDATES = 20


def _disputed_condition() -> Q:
    """Published, or answered by a confirmed denial, or in a confirmed contradiction (either side)."""
    denied = ClaimLink.objects.filter(
        status=ClaimLink.Status.CONFIRMED, relation=ClaimLink.Relation.DENIES, to_claim=OuterRef("pk")
    )
    contradicted = ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED, relation=ClaimLink.Relation.CONTRADICTS).filter(
        Q(to_claim=OuterRef("pk")) | Q(from_claim=OuterRef("pk"))
    )
    return Q(status=Claim.Status.PUBLISHED) | Q(Exists(denied)) | Q(Exists(contradicted))


def claims_disputed(*, claim_ids) -> set[int]:
    """Which of `claim_ids` are published or disputed (one query)."""
    if not claim_ids:
        return set()
    return set(
        Claim.objects.filter(pk__in=list(claim_ids), merged_into__isnull=True)
        .exclude(status=Claim.Status.ARCHIVED)
        .filter(_disputed_condition())
        .values_list("pk", flat=True)
    )


# Share of the shorter quote's content words another claim must have to be compared at all.
WORD_OVERLAP = 0.3
_WORD = re.compile(r"\w+")


@dataclass
class _DisputedIndex:
    """The published and disputed claims as (speaker, text) and an index from content word to claim,
    so that each imported quote is compared with the few that share its words, not queried for."""

    signature: tuple = ()
    claims: dict = field(default_factory=dict)
    by_word: dict = field(default_factory=dict)


_disputed_index = _DisputedIndex()


def _content_words(normalised: str, stopwords) -> set[str]:
    return {word for word in _WORD.findall(normalised) if len(word) > 2 and word not in stopwords and not word.isdigit()}


def _disputed_signature() -> tuple:
    """Changes whenever a claim is published, unpublished or edited while published, or a denial or
    contradiction is confirmed or undone (two index scans)."""
    claims = Claim.objects.filter(status=Claim.Status.PUBLISHED).aggregate(count=Count("pk"), latest=Max("updated_at"))
    links = ClaimLink.objects.filter(
        status=ClaimLink.Status.CONFIRMED, relation__in=[ClaimLink.Relation.DENIES, ClaimLink.Relation.CONTRADICTS]
    ).aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (claims["count"], claims["latest"], links["count"], links["latest"])


def disputed_index() -> _DisputedIndex:
    """This process's index of the published and disputed claims, rebuilt when the signature moved."""
    global _disputed_index
    from claims.matching.lexicon import load_lexicon

    signature = _disputed_signature()
    if signature == _disputed_index.signature:
        return _disputed_index
    stopwords = load_lexicon().stopwords
    index = _DisputedIndex(signature=signature)
    rows = (
        Claim.objects.filter(merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).filter(_disputed_condition())
        .values_list("pk", "speaker_id", "normalised_text")
    )
    for pk, speaker_id, normalised in rows:
        words = _content_words(normalised, stopwords)
        index.claims[pk] = (speaker_id, len(words))
        for word in words:
            index.by_word.setdefault(word, []).append(pk)
    _disputed_index = index
    return index


def _candidate_ids(claim: Claim, index: _DisputedIndex, stopwords) -> list[int]:
    words = _content_words(claim.normalised_text or "", stopwords)
    shared: dict[int, int] = {}
    for word in words:
        for pk in index.by_word.get(word, ()):
            shared[pk] = shared.get(pk, 0) + 1
    shared.pop(claim.pk, None)
    return [
        pk for pk, count in sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        if count >= max(1, WORD_OVERLAP * min(len(words), index.claims[pk][1] or 1))
    ][:NEAR_SAME_CANDIDATES]


def disputed_near_same(*, claims, index: _DisputedIndex | None = None) -> dict[int, list]:
    """For each of `claims`, the published or disputed claims (other than itself) its quote repeats, by
    the import's own same-claim test (claims/matching/dedup.compare): the same speaker's, or another
    speaker's when the quote is long enough to be more than a stock phrase. {claim id: [DedupMatch,
    best first]}.

    The candidates come from this process's word index of those claims (`index`, from
    disputed_index); the few that share enough words are read afresh in one query for all
    `claims` (none when no quote shares enough words)."""
    from claims.matching.dedup import SAME, DedupMatch, compare
    from claims.matching.lexicon import find_cues, load_lexicon

    lexicon = load_lexicon()
    index = index or disputed_index()
    wanted = {claim.pk: _candidate_ids(claim, index, lexicon.stopwords) for claim in claims}
    ids = {pk for candidate_ids in wanted.values() for pk in candidate_ids}
    if not ids:
        return {}
    # Read afresh, still published or disputed: the index may be a moment old.
    fresh = Claim.objects.filter(pk__in=ids, merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).filter(_disputed_condition()).in_bulk()

    def negated(text: str) -> bool:
        return bool(find_cues(text, "denial", lexicon) or find_cues(text, "negation", lexicon))

    found = {}
    for claim in claims:
        long_enough = len(claim.text.split()) >= CROSS_SPEAKER_MIN_WORDS
        new_negated = negated(claim.text)
        matches = []
        for pk in wanted.get(claim.pk, ()):
            candidate = fresh.get(pk)
            if candidate is None:
                continue
            same_speaker = candidate.speaker_id == claim.speaker_id
            if not same_speaker and not long_enough:
                continue
            match = compare(claim.text, candidate.text)
            # Similar words with the opposite sense ("never failed" / "failed") answer the claim, not repeat it.
            if match is None or negated(candidate.text) != new_negated:
                continue
            if not same_speaker and match.certainty != SAME and match.similarity < CROSS_SPEAKER_MIN_SIMILARITY:
                continue
            reason = match.reason if same_speaker else f"another speaker repeated it: {match.reason}"
            matches.append(DedupMatch(match.certainty, match.similarity, reason, candidate))
        if matches:
            found[claim.pk] = sorted(matches, key=lambda match: (-match.similarity, match.claim.pk))
    return found


def _alerts_with_context():
    """Alerts with everything the panel and the feed show: the new appearance (quote, speaker, article,
    outlet) and the disputed claim with its confirmed counterclaims and its disputes."""
    answering = Prefetch(
        "claim__links_to",
        queryset=ClaimLink.objects.confirmed()
        .filter(relation__in=[ClaimLink.Relation.DENIES, ClaimLink.Relation.CONTRADICTS])
        .select_related("from_claim__speaker")
        .order_by("-score", "id"),
        to_attr="answers",
    )
    disputes = Prefetch("claim__disputes", queryset=Dispute.objects.exclude(status=Dispute.Status.ARCHIVED).order_by("id"), to_attr="live_disputes")
    return (
        Alert.objects.select_related(
            "claim__speaker", "appearance__claim__speaker", "article__outlet", "decided_by"
        )
        .defer("article__raw_input", "article__text")
        .prefetch_related(answering, disputes)
    )


def open_alerts(*, limit: int = PANEL_ALERTS) -> list[Alert]:
    """The newest open alerts, for the dashboard's "Came back" panel (three queries)."""
    return list(_alerts_with_context().filter(status=Alert.Status.OPEN).order_by("-created_at", "-id")[:limit])


def alert_for_panel(*, alert_id: int) -> Alert:
    return _alerts_with_context().get(pk=alert_id)


def alert_feed_items(*, limit: int = ALERT_FEED_LENGTH) -> list[Alert]:
    """The newest alerts of any status, for a staff member's Atom feed."""
    return list(_alerts_with_context().order_by("-created_at", "-id")[:limit])


def alerts_for_digest() -> list[Alert]:
    """Open alerts not yet sent in a digest, oldest first."""
    return list(_alerts_with_context().filter(status=Alert.Status.OPEN, emailed_at__isnull=True).order_by("created_at", "id"))


def feeds_panel(*, limit: int = PANEL_POLLS) -> dict:
    """The dashboard's "Feeds" panel: counts, the latest polls and the feeds that are failing (three queries)."""
    counts = Feed.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        failing=Count("pk", filter=Q(is_active=True, failures__gt=0)),
        total=Count("pk"),
    )
    counts["open_alerts"] = Alert.objects.filter(status=Alert.Status.OPEN).count()
    polls = list(FeedPoll.objects.select_related("feed__outlet").order_by("-started_at", "-id")[:limit])
    failing = list(Feed.objects.filter(is_active=True, failures__gt=0).select_related("outlet").order_by("-failures", "next_poll_at")[:limit])
    return {"feed_counts": counts, "feed_polls": polls, "failing_feeds": failing}


def appearance_in_context(appearance: Appearance) -> tuple[str, str, str]:
    """(before, quote, after): the quote inside its sentence, for showing it marked."""
    context = appearance.context or ""
    quote = appearance.quote
    position = context.find(quote) if context else -1
    if position < 0:
        return "", quote, ""
    return context[:position], quote, context[position + len(quote):]


def feed_items_known(*, feed: Feed, urls: list[str]) -> tuple[dict, dict]:
    """(this feed's items by URL, {URL: article id} for the other URLs whose article is here already:
    another feed listed it, or an article was imported from that URL). Three queries whatever the length."""
    from claims.models import Article, FeedItem

    if not urls:
        return {}, {}
    own = {item.url: item for item in FeedItem.objects.filter(feed=feed, url__in=urls).only("url", "status", "attempts")}
    rest = [url for url in urls if url not in own]
    elsewhere = dict(FeedItem.objects.filter(url__in=rest, article__isnull=False).values_list("url", "article_id"))
    elsewhere.update(Article.objects.filter(url__in=rest).values_list("url", "pk"))
    return own, elsewhere
