"""Reads for outlet feeds and "came back" alerts: the dashboard panels, the alerts' Atom feed, the
digest, and which claims count as disputed. Each page part runs a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

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


# Share of the shorter quote's content words another claim must have to be compared at all.
WORD_OVERLAP = 0.3
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DisputedClaim:
    """What the index keeps of a published or disputed claim."""

    pk: int
    speaker_id: int
    text: str
    word_count: int
    negated: bool


@dataclass
class _DisputedIndex:
    """The published and disputed claims and an index from content word to claim, so that each
    imported quote is compared with the few that share its words, without a query."""

    signature: tuple = ()
    claims: dict = field(default_factory=dict)
    by_word: dict = field(default_factory=dict)


_disputed_index = _DisputedIndex()


def _content_words(normalised: str, stopwords) -> set[str]:
    return {word for word in _WORD.findall(normalised) if len(word) > 2 and word not in stopwords and not word.isdigit()}


def _negated(text: str, lexicon) -> bool:
    from claims.matching.lexicon import find_cues

    return bool(find_cues(text, "denial", lexicon) or find_cues(text, "negation", lexicon))


_SIGNATURE_SQL = """
    SELECT (SELECT count(*) FROM claims_claim WHERE status = 'published'),
           (SELECT max(updated_at) FROM claims_claim WHERE status = 'published'),
           (SELECT count(*) FROM claims_claimlink WHERE status = 'confirmed' AND relation IN ('denies', 'contradicts')),
           (SELECT max(updated_at) FROM claims_claimlink WHERE status = 'confirmed' AND relation IN ('denies', 'contradicts'))
"""


def _disputed_signature() -> tuple:
    """Changes whenever a claim is published, unpublished or edited while published, or a denial or
    contradiction is confirmed or undone (one query of index scans). A claim disputed by a link and then
    archived or merged keeps its place until then: alerts_for_import checks the few it raises."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_SIGNATURE_SQL)
        return tuple(cursor.fetchone())


def disputed_index() -> _DisputedIndex:
    """This process's index of the published and disputed claims, rebuilt when the signature moved
    (one query while nothing moved)."""
    global _disputed_index
    from claims.matching.lexicon import load_lexicon

    signature = _disputed_signature()
    if signature == _disputed_index.signature:
        return _disputed_index
    lexicon = load_lexicon()
    index = _DisputedIndex(signature=signature)
    # By index: the published claims, then the claims on confirmed denials and contradictions.
    ids = set(Claim.objects.filter(status=Claim.Status.PUBLISHED).values_list("pk", flat=True))
    for relation, to_claim, from_claim in ClaimLink.objects.filter(
        status=ClaimLink.Status.CONFIRMED, relation__in=[ClaimLink.Relation.DENIES, ClaimLink.Relation.CONTRADICTS]
    ).values_list("relation", "to_claim_id", "from_claim_id"):
        ids.add(to_claim)
        if relation == ClaimLink.Relation.CONTRADICTS:
            ids.add(from_claim)
    rows = (
        Claim.objects.filter(pk__in=ids, merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED)
        .values_list("pk", "speaker_id", "text", "normalised_text")
    ) if ids else ()
    for pk, speaker_id, text, normalised in rows:
        words = _content_words(normalised, lexicon.stopwords)
        index.claims[pk] = DisputedClaim(pk=pk, speaker_id=speaker_id, text=text, word_count=len(words), negated=_negated(text, lexicon))
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
        if count >= max(1, WORD_OVERLAP * min(len(words), index.claims[pk].word_count or 1))
    ][:NEAR_SAME_CANDIDATES]


def disputed_near_same(*, claims, index: _DisputedIndex | None = None) -> dict[int, list]:
    """For each of `claims`, the published or disputed claims (other than itself) its quote repeats, by
    the import's own same-claim test (claims/matching/dedup.compare): the same speaker's, or another
    speaker's when the quote is long enough to be more than a stock phrase. {claim id: [DedupMatch
    whose `claim` is a DisputedClaim, best first]}.

    The candidates are the claims of this process's word index (`index`, from disputed_index) that
    share enough content words with the quote; no query."""
    from claims.matching.dedup import SAME, DedupMatch, compare
    from claims.matching.lexicon import load_lexicon

    lexicon = load_lexicon()
    index = index or disputed_index()
    found = {}
    for claim in claims:
        candidate_ids = _candidate_ids(claim, index, lexicon.stopwords)
        if not candidate_ids:
            continue
        long_enough = len(claim.text.split()) >= CROSS_SPEAKER_MIN_WORDS
        new_negated = _negated(claim.text, lexicon)
        matches = []
        for pk in candidate_ids:
            candidate = index.claims[pk]
            same_speaker = candidate.speaker_id == claim.speaker_id
            # Similar words with the opposite sense ("never failed" / "failed") answer the claim, not repeat it.
            if (not same_speaker and not long_enough) or candidate.negated != new_negated:
                continue
            match = compare(claim.text, candidate.text)
            if match is None:
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
