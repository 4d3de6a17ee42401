"""Reads that views share; each runs a fixed number of queries whatever the data size."""

import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims.models import Appearance, Article, AuditEvent, Claim, ClaimLink, Dispute, Outlet, PublicState, Source, SourceAlias, Verdict
from claims.querysets import claim_search_configuration, multilingual_search_query


def _without_nul(text: str) -> str:
    """`text` fit for a query: PostgreSQL refuses NUL characters, and no stored text holds one."""
    return (text or "").replace("\x00", "")


def _appearances():
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.select_related("article__outlet").order_by("article__published", "start"),
    )


# Public pages: what readers see. Only published claims, confirmed links, active articles.

INCOMING_LABELS = {
    ClaimLink.Relation.DENIES: "Denied by",
    ClaimLink.Relation.CONTRADICTS: "Contradicted by",
    ClaimLink.Relation.SUPPORTS: "Supported by",
    ClaimLink.Relation.QUALIFIES: "Qualified by",
    ClaimLink.Relation.DUPLICATE: "Repeated by",
}
OUTGOING_LABELS = {
    ClaimLink.Relation.DENIES: "Denies",
    ClaimLink.Relation.CONTRADICTS: "Contradicts",
    ClaimLink.Relation.SUPPORTS: "Supports",
    ClaimLink.Relation.QUALIFIES: "Qualifies",
    ClaimLink.Relation.DUPLICATE: "Repeats",
}
RELATION_ORDER = [
    ClaimLink.Relation.DENIES,
    ClaimLink.Relation.CONTRADICTS,
    ClaimLink.Relation.SUPPORTS,
    ClaimLink.Relation.QUALIFIES,
    ClaimLink.Relation.DUPLICATE,
]
OPPOSING_RELATIONS = (ClaimLink.Relation.DENIES, ClaimLink.Relation.CONTRADICTS)


@dataclass
class Counterclaim:
    """The claim at the other end of a confirmed link, phrased from the page's claim."""

    link: ClaimLink
    claim: Claim
    incoming: bool
    label: str
    appearances: list = field(default_factory=list)

    @property
    def relation(self) -> str:
        return self.link.relation

    @property
    def said_on(self):
        return claim_said_on(self.claim, self.appearances)


@dataclass
class CounterclaimGroup:
    key: str
    label: str
    items: list


def claim_said_on(claim: Claim, appearances) -> date | None:
    """When the claim was made: its own date, else the first article that carried it."""
    if claim.stated_on:
        return claim.stated_on
    dates = [appearance.article.published for appearance in appearances if appearance.article.published]
    return min(dates) if dates else None


def public_appearances_by_claim(claim_ids) -> dict[int, list[Appearance]]:
    """Appearances in active articles for the given claims, oldest article first (one query);
    additions awaiting a reviewer (or withheld by one) are left out."""
    grouped: dict[int, list[Appearance]] = defaultdict(list)
    if not claim_ids:
        return grouped
    appearances = (
        Appearance.objects.filter(claim_id__in=set(claim_ids), article__status=Article.Status.ACTIVE, public_state=PublicState.SHOWN)
        .select_related("article__outlet")
        .order_by(F("article__published").asc(nulls_last=True), "article_id", "start")
    )
    for appearance in appearances:
        grouped[appearance.claim_id].append(appearance)
    return grouped


def _counterclaim(link: ClaimLink, claim_id: int) -> Counterclaim:
    incoming = link.to_claim_id == claim_id
    other = link.from_claim if incoming else link.to_claim
    label = (INCOMING_LABELS if incoming else OUTGOING_LABELS)[link.relation]
    return Counterclaim(link=link, claim=other, incoming=incoming, label=label)


def claim_counterclaims(*, claim: Claim) -> list[Counterclaim]:
    """Confirmed links touching `claim` whose other claim is published, each with that claim's sources."""
    links = (
        ClaimLink.objects.confirmed()
        .involving(claim)
        .filter(from_claim__status=Claim.Status.PUBLISHED, to_claim__status=Claim.Status.PUBLISHED)
        .select_related("from_claim__speaker", "to_claim__speaker")
        .order_by("-reviewed_at", "-id")
    )
    return [_counterclaim(link, claim.pk) for link in links]


def group_counterclaims(counterclaims: list[Counterclaim]) -> list[CounterclaimGroup]:
    """Denied by, contradicted by, supported by, qualified by, then the claim's own denials and so on."""
    groups = []
    for incoming in (True, False):
        for relation in RELATION_ORDER:
            items = [item for item in counterclaims if item.incoming is incoming and item.relation == relation]
            if items:
                label = (INCOMING_LABELS if incoming else OUTGOING_LABELS)[relation]
                key = f"{'by' if incoming else 'of'}-{relation}"
                groups.append(CounterclaimGroup(key=key, label=label, items=items))
    return groups


def claim_page(*, claim: Claim) -> dict:
    """A claim with its appearances, verdict, disputes and counterclaims grouped by relation (five queries)."""
    counterclaims = claim_counterclaims(claim=claim)
    appearances = public_appearances_by_claim([claim.pk, *(item.claim.pk for item in counterclaims)])
    for item in counterclaims:
        item.appearances = appearances.get(item.claim.pk, [])
    verdict = (
        Verdict.objects.filter(claim=claim, status=Verdict.Status.PUBLISHED).order_by("-published_at", "-id").first()
    )
    own = appearances.get(claim.pk, [])
    disputes = list(
        Dispute.objects.published()
        .filter(Q(claim=claim) | Q(links__from_claim=claim, links__status=ClaimLink.Status.CONFIRMED) | Q(links__to_claim=claim, links__status=ClaimLink.Status.CONFIRMED))
        .filter(claim__status=Claim.Status.PUBLISHED)
        .distinct()
        .order_by("-published_at", "-id")
    )
    return {
        "claim": claim,
        "disputes": disputes,
        "appearances": own,
        "said_on": claim_said_on(claim, own),
        "verdict": verdict,
        "counterclaims": counterclaims,
        "groups": group_counterclaims(counterclaims),
    }


def home_page(*, dispute_limit: int = 10, claim_limit: int = 20) -> dict:
    """The newest published disputes and claims (two queries)."""
    disputes = list(
        Dispute.objects.published()
        .filter(claim__status=Claim.Status.PUBLISHED)
        .select_related("claim__speaker")
        .order_by("-published_at", "-id")[:dispute_limit]
    )
    claims = list(
        Claim.objects.published()
        .select_related("speaker")
        .annotate(
            opposed=Count(
                "links_to",
                filter=Q(
                    links_to__status=ClaimLink.Status.CONFIRMED,
                    links_to__relation__in=OPPOSING_RELATIONS,
                    links_to__from_claim__status=Claim.Status.PUBLISHED,
                ),
            )
        )
        .order_by("-published_at", "-id")[:claim_limit]
    )
    return {"disputes": disputes, "claims": claims}


@dataclass
class TimelineRow:
    y: int
    date_label: str
    speaker: str
    lines: list
    css_class: str
    relation_label: str
    gap_label: str = ""
    gap_y: int = 0


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


TIMELINE_WIDTH = 560
TIMELINE_ROW = 78


def dispute_timeline(*, entries: list[dict]) -> dict:
    """Who said what when, laid out for an inline SVG: one row per statement, oldest first."""
    ordered = sorted(entries, key=lambda entry: (entry["said_on"] is None, entry["said_on"] or date.min, entry["order"]))
    rows = []
    for index, entry in enumerate(ordered):
        said_on = entry["said_on"]
        y = 30 + index * TIMELINE_ROW
        rows.append(
            TimelineRow(
                y=y,
                date_label=f"{said_on.day} {said_on:%b %Y}" if said_on else "Undated",
                speaker=_wrap(entry["speaker"], 40, 1)[0],
                lines=[(y + 26 + number * 19, line) for number, line in enumerate(_wrap(f"“{entry['text']}”", 46, 2))],
                css_class=entry["css_class"],
                relation_label=entry["relation_label"],
            )
        )
    for previous, (row, entry) in zip(ordered, list(zip(rows, ordered))[1:]):
        if previous["said_on"] and entry["said_on"] and entry["said_on"] > previous["said_on"]:
            days = (entry["said_on"] - previous["said_on"]).days
            row.gap_label = f"{days} day{'s' if days != 1 else ''} later"
            row.gap_y = row.y - TIMELINE_ROW + 56
    height = 30 + max(len(rows), 1) * TIMELINE_ROW - 20
    first = next((entry["said_on"] for entry in ordered if entry["said_on"]), None)
    last = next((entry["said_on"] for entry in reversed(ordered) if entry["said_on"]), None)
    return {
        "rows": rows,
        "entries": ordered,
        "width": TIMELINE_WIDTH,
        "height": height,
        "line_bottom": height - 10,
        "first": first,
        "last": last,
    }


def dispute_page(*, dispute: Dispute) -> dict:
    """A dispute's claim beside its published counterclaims, with sources and a timeline (four queries)."""
    claim = dispute.claim
    links = (
        dispute.links.confirmed()
        .filter(from_claim__status=Claim.Status.PUBLISHED, to_claim__status=Claim.Status.PUBLISHED)
        .select_related("from_claim__speaker", "to_claim__speaker")
        .order_by("id")
    )
    counterclaims = [_counterclaim(link, claim.pk) for link in links]
    appearances = public_appearances_by_claim([claim.pk, *(item.claim.pk for item in counterclaims)])
    for item in counterclaims:
        item.appearances = appearances.get(item.claim.pk, [])
    own = appearances.get(claim.pk, [])
    said_on = claim_said_on(claim, own)
    verdict = Verdict.objects.filter(claim=claim, status=Verdict.Status.PUBLISHED).order_by("-published_at", "-id").first()
    entries = [
        {"said_on": said_on, "speaker": claim.speaker.name, "text": claim.text, "css_class": "timeline-claim",
         "relation_label": "The claim", "claim": claim, "order": 0},
    ]
    for order, item in enumerate(counterclaims, start=1):
        entries.append(
            {"said_on": item.said_on, "speaker": item.claim.speaker.name, "text": item.claim.text,
             "css_class": f"timeline-{item.relation}", "relation_label": item.label, "claim": item.claim, "order": order}
        )
    return {
        "dispute": dispute,
        "claim": claim,
        "appearances": own,
        "said_on": said_on,
        "verdict": verdict,
        "counterclaims": counterclaims,
        "timeline": dispute_timeline(entries=entries),
    }


def source_page(*, source: Source) -> dict:
    """A source's published claims, newest first, each with who denied or contradicted it (three queries)."""
    claims = list(Claim.objects.published().filter(speaker=source).order_by("-published_at", "-id"))
    opposing = (
        ClaimLink.objects.confirmed()
        .filter(to_claim__in=[claim.pk for claim in claims], relation__in=OPPOSING_RELATIONS, from_claim__status=Claim.Status.PUBLISHED)
        .select_related("from_claim__speaker")
        .order_by("from_claim__stated_on", "id")
    )
    by_claim = defaultdict(list)
    for link in opposing:
        by_claim[link.to_claim_id].append(_counterclaim(link, link.to_claim_id))
    for claim in claims:
        claim.opposition = by_claim.get(claim.pk, [])
    return {
        "source": source,
        "aliases": [alias.name for alias in source.aliases.filter(public_state=PublicState.SHOWN)],
        "claims": claims,
        "opposed_count": sum(1 for claim in claims if claim.opposition),
    }


def published_sources_with_claims():
    """Active sources that have at least one published claim (for the sitemap and filters)."""
    return (
        Source.objects.active()
        .filter(claims__status=Claim.Status.PUBLISHED)
        .annotate(last_published=Max("claims__published_at", filter=Q(claims__status=Claim.Status.PUBLISHED)))
        .order_by("name")
    )


def search_filter_choices() -> dict:
    """Speakers and outlets that have published claims, for the search filters (two queries)."""
    outlets = (
        Outlet.objects.filter(
            articles__status=Article.Status.ACTIVE, articles__appearances__claim__status=Claim.Status.PUBLISHED,
            articles__appearances__public_state=PublicState.SHOWN,
        )
        .distinct()
        .order_by("name")
    )
    return {"speakers": list(published_sources_with_claims().only("name", "slug")), "outlets": list(outlets.only("name", "slug"))}


SEARCH_START, SEARCH_STOP = "\x02", "\x03"
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def _escaped_text(field_name: str):
    """The column HTML-escaped inside PostgreSQL, so ts_headline marks text that is already safe."""
    expression = F(field_name)
    for raw, entity in _HTML_ESCAPES:
        expression = Replace(expression, Value(raw), Value(entity))
    return expression


def claim_search(*, query: str = "", speaker: str = "", outlet: str = "", date_from=None, date_to=None):
    """Published claims matching the words (ranked, with a headline) and the filters; newest first without words."""
    first_published = (
        Appearance.objects.filter(claim=OuterRef("pk"), article__status=Article.Status.ACTIVE, public_state=PublicState.SHOWN)
        .order_by(F("article__published").asc(nulls_last=True))
        .values("article__published")[:1]
    )
    claims = Claim.objects.published().select_related("speaker").annotate(
        said_on=Coalesce("stated_on", Subquery(first_published))
    )
    if speaker:
        claims = claims.filter(speaker__slug=speaker)
    if outlet:
        claims = claims.filter(
            Exists(Appearance.objects.filter(claim=OuterRef("pk"), article__outlet__slug=outlet, article__status=Article.Status.ACTIVE,
                                             public_state=PublicState.SHOWN))
        )
    if date_from:
        claims = claims.filter(said_on__gte=date_from)
    if date_to:
        claims = claims.filter(said_on__lte=date_to)
    query = " ".join(query.split())
    if query:
        search_query = multilingual_search_query(query)
        claims = claims.search(query).annotate(
            headline=SearchHeadline(
                _escaped_text("text"),
                search_query,
                config=claim_search_configuration(),
                start_sel=SEARCH_START,
                stop_sel=SEARCH_STOP,
                max_words=60,
                min_words=30,
                max_fragments=0,
            )
        )
    else:
        claims = claims.order_by("-published_at", "-id")
    return claims


def highlight(headline: str) -> str:
    """Turn ts_headline's markers into <mark> on text escaped before it was marked; never trusts raw HTML."""
    if any(character in headline for character in "<>\"'"):
        headline = str(escape(headline))  # cannot happen with escaped input; stay safe if it ever does
    return mark_safe(headline.replace(SEARCH_START, "<mark>").replace(SEARCH_STOP, "</mark>"))


def published_claims_export(*, claims) -> list[dict]:
    """The export_claims fields for published claims, with public appearances and links only (three queries)."""
    claims = list(claims)
    ids = [claim.pk for claim in claims]
    appearances = public_appearances_by_claim(ids)
    links = defaultdict(list)
    for link in (
        ClaimLink.objects.confirmed()
        .filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids))
        .filter(from_claim__status=Claim.Status.PUBLISHED, to_claim__status=Claim.Status.PUBLISHED)
        .order_by("id")
    ):
        if link.from_claim_id in ids:
            links[link.from_claim_id].append({"claim_id": link.to_claim_id, "relation": link.relation, "status": link.status, "direction": "outgoing"})
        if link.to_claim_id in ids:
            links[link.to_claim_id].append({"claim_id": link.from_claim_id, "relation": link.relation, "status": link.status, "direction": "incoming"})
    return [
        {
            "id": claim.pk,
            "slug": claim.slug,
            "speaker": claim.speaker.name,
            "text": claim.text,
            "status": claim.status,
            "stated_on": claim.stated_on.isoformat() if claim.stated_on else None,
            "published_at": claim.published_at.isoformat() if claim.published_at else None,
            "appearances": [
                {
                    "url": appearance.article.url,
                    "outlet": appearance.article.outlet.name if appearance.article.outlet else None,
                    "published": appearance.article.published.isoformat() if appearance.article.published else None,
                }
                for appearance in appearances.get(claim.pk, [])
            ],
            "links": links.get(claim.pk, []),
        }
        for claim in claims
    ]


# Editorial dashboard and review

REVIEW_PAGE_SIZE = 20
CLAIM_LIST_PAGE_SIZE = 30
ACTIVITY_PAGE_SIZE = 50
DASHBOARD_QUEUE_LENGTH = 5


def _card_appearances(prefix: str) -> Prefetch:
    # The card shows the quote in its sentence, so the article text is needed; the raw
    # input (the page as fetched) can be large and is never shown here.
    return Prefetch(
        f"{prefix}__appearances",
        queryset=Appearance.objects.select_related("article__outlet").defer("article__raw_input").order_by("article__published", "start"),
    )


def review_cards():
    """Links with everything a review card shows, in a fixed number of queries."""
    return ClaimLink.objects.select_related(
        "from_claim__speaker", "to_claim__speaker", "reviewed_by", "suggested_by"
    ).prefetch_related(_card_appearances("from_claim"), _card_appearances("to_claim"))


def _either_claim(condition: Q) -> Q:
    matching = Claim.objects.filter(condition).values("pk")
    return Q(from_claim__in=matching) | Q(to_claim__in=matching)


def review_queue(*, relation: str = "", min_score: float | None = None, speaker: str = "", outlet: str = "",
                 date_from=None, date_to=None, page: int | str = 1):
    """Suggested links, best score first, filtered; a Paginator page of review cards."""
    links = review_cards().awaiting_review()
    if relation:
        links = links.filter(relation=relation)
    if min_score is not None:
        links = links.filter(score__gte=min_score)
    if speaker:
        links = links.filter(_either_claim(Q(speaker__name__icontains=speaker) | Q(speaker__aliases__name__icontains=speaker)))
    if outlet:
        links = links.filter(_either_claim(Q(appearances__article__outlet__name__icontains=outlet)))
    if date_from or date_to:
        stated, published = Q(), Q()
        if date_from:
            stated &= Q(stated_on__gte=date_from)
            published &= Q(appearances__article__published__gte=date_from)
        if date_to:
            stated &= Q(stated_on__lte=date_to)
            published &= Q(appearances__article__published__lte=date_to)
        links = links.filter(_either_claim(stated | published))
    return Paginator(links.order_by("-score", "-id"), REVIEW_PAGE_SIZE).get_page(page)


def review_card(*, link_id: int) -> ClaimLink:
    """One link as its review card shows it."""
    return review_cards().get(pk=link_id)


def dashboard_summary(*, user, limit: int = DASHBOARD_QUEUE_LENGTH) -> dict:
    """Counts and short queues for the newsroom's start page."""
    counts = Claim.objects.filter(merged_into__isnull=True).aggregate(
        drafts=Count("pk", filter=Q(status=Claim.Status.DRAFT)),
        in_review=Count("pk", filter=Q(status=Claim.Status.REVIEW)),
        published=Count("pk", filter=Q(status=Claim.Status.PUBLISHED)),
        assigned_to_me=Count("pk", filter=Q(assigned_to=user) & ~Q(status=Claim.Status.ARCHIVED)),
    )
    counts["suggestions"] = ClaimLink.objects.awaiting_review().count()
    open_claims = Claim.objects.filter(merged_into__isnull=True).select_related("speaker")
    return {
        "counts": counts,
        "suggestions": list(
            ClaimLink.objects.awaiting_review().select_related("from_claim__speaker", "to_claim__speaker").order_by("-score", "-id")[:limit]
        ),
        "drafts": list(open_claims.filter(status__in=[Claim.Status.DRAFT, Claim.Status.REVIEW]).order_by("-status", "-updated_at", "-id")[:limit]),
        "assigned": list(open_claims.filter(assigned_to=user).exclude(status=Claim.Status.ARCHIVED).order_by("-updated_at", "-id")[:limit]),
        "recently_published": list(open_claims.published().order_by("-published_at", "-id")[:limit]),
        "activity": list(AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")[:10]),
    }


def workspace_claims(*, status: str = "", assignee=None, unassigned: bool = False, speaker: str = "", query: str = "", page: int | str = 1):
    """Claims for the newsroom's list, newest change first (merged duplicates left out)."""
    claims = Claim.objects.filter(merged_into__isnull=True).select_related("speaker", "assigned_to").annotate(
        appearance_count=Count("appearances", distinct=True)
    )
    if status:
        claims = claims.filter(status=status)
    if assignee is not None:
        claims = claims.filter(assigned_to=assignee)
    if unassigned:
        claims = claims.filter(assigned_to__isnull=True)
    if speaker:
        claims = claims.filter(Q(speaker__name__icontains=speaker) | Q(speaker__in=Source.objects.filter(aliases__name__icontains=speaker).values("pk")))
    if query:
        claims = claims.filter(pk__in=Claim.objects.search(query).values("pk"))
    return Paginator(claims.order_by("-updated_at", "-id"), CLAIM_LIST_PAGE_SIZE).get_page(page)


def claim_history(*, claim: Claim, link_ids, limit: int = 100) -> list[AuditEvent]:
    """Audit events for a claim and for the links that touch it, newest first."""
    claim_type = ContentType.objects.get_for_model(Claim)
    link_type = ContentType.objects.get_for_model(ClaimLink)
    events = AuditEvent.objects.filter(
        Q(target_type=claim_type, target_id=str(claim.pk))
        | Q(target_type=link_type, target_id__in=[str(pk) for pk in link_ids])
    )
    return list(events.select_related("actor").order_by("-created_at", "-id")[:limit])


def claim_workspace(*, claim_id: int) -> dict:
    """A claim with its appearances, its links (both ways, every status) and its history."""
    claim = (
        Claim.objects.select_related("speaker", "assigned_to", "merged_into")
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("article__outlet").defer("article__raw_input").order_by("article__published", "start"),
            )
        )
        .get(pk=claim_id)
    )
    links = list(
        ClaimLink.objects.involving(claim)
        .select_related("from_claim__speaker", "to_claim__speaker", "reviewed_by", "suggested_by")
        .order_by("status", "-score", "-id")
    )
    return {
        "claim": claim,
        "links": links,
        "history": claim_history(claim=claim, link_ids=[link.pk for link in links]),
        "reviewers": newsroom_reviewers(),
    }


def newsroom_reviewers() -> list:
    """Active users who may review: members of the reviewer or moderator group."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(is_active=True, groups__name__in=["reviewer", "moderator"]).distinct().order_by("username")
    )


def claim_search_results(*, query: str, exclude: Claim, limit: int = 10) -> list[Claim]:
    """Other claims matching `query` (full text), best first."""
    query = _without_nul(query).strip()
    if not query:
        return []
    candidates = Claim.objects.filter(merged_into__isnull=True).exclude(pk=exclude.pk).select_related("speaker")
    found = list(candidates.search(query)[:limit])
    words = re.findall(r"\w+", query)
    if found or not words:
        return found
    # While typing, the last word is usually unfinished ("ferr"): match it as a prefix.
    prefix_query = SearchQuery(" & ".join(f"{word}:*" for word in words), config="english", search_type="raw")
    return list(
        candidates.filter(search_vector=prefix_query)
        .annotate(rank=SearchRank(F("search_vector"), prefix_query))
        .order_by("-rank", "-id")[:limit]
    )


def activity_log(*, page: int | str = 1, verb: str = ""):
    """Every audit event, newest first, a page at a time."""
    events = AuditEvent.objects.select_related("actor", "target_type")
    verb = _without_nul(verb)
    if verb:
        events = events.filter(verb=verb)
    return Paginator(events.order_by("-created_at", "-id"), ACTIVITY_PAGE_SIZE).get_page(page)


# Import


def claim_find_same(*, speaker: Source, text: str, exact_checked: bool = False) -> Claim | None:
    """The live claim of `speaker` that `text` repeats: the same normalised text, or near-same
    words (translation variants, capitals, trimmed ends, a partial quote it contains); an
    uncertain match is left to the suggestions as a `duplicate` link."""
    from claims.matching.dedup import SAME, find_same
    from claims.text import normalise_for_matching

    normalised = normalise_for_matching(text)
    if not normalised:
        return None
    if not exact_checked:  # with it, the caller already looked for the same normalised text
        exact = claims_find_exact(pairs=[(speaker.pk, normalised)]).get((speaker.pk, normalised))
        if exact is not None:
            return exact
    match = find_same(speaker=speaker, text=text)
    return match.claim if match is not None and match.certainty == SAME else None


def extraction_known_sources() -> tuple:
    """Every active source as a KnownSource (name, aliases, kind) for the extractor, oldest
    first (of two sources with one alias, the extractor gives it to the oldest), in two queries.

    Read afresh on every call; when the rows are the ones the last call read, the same tuple
    of KnownSource comes back, so the extractor can reuse the index it built from it (with
    2,000 sources, building both took 10 ms of every import)."""
    global _known_sources_last
    from django.db import connection

    from claims.extraction import KnownSource

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name, kind FROM claims_source WHERE merged_into_id IS NULL ORDER BY id")
        sources = cursor.fetchall()
        cursor.execute(
            "SELECT a.source_id, a.name FROM claims_sourcealias a JOIN claims_source s ON s.id = a.source_id "
            "WHERE s.merged_into_id IS NULL ORDER BY a.source_id, a.name"
        )
        aliases = cursor.fetchall()
    rows, known = _known_sources_last
    if rows == (sources, aliases):
        return known
    names: dict = {}
    for source_id, alias in aliases:
        names.setdefault(source_id, []).append(alias)
    known = tuple(KnownSource(name=name, aliases=tuple(names.get(source_id, ())), kind=kind) for source_id, name, kind in sources)
    _known_sources_last = ((sources, aliases), known)
    return known


# The rows extraction_known_sources read last, and what it made of them (one per process).
_known_sources_last: tuple = (None, ())


# Trigram similarity at or above which a speaker name is taken to be an existing source.
# Measured (tests/importing/test_speaker_matching.py prints the table): spelling variants
# score 0.60-0.87 ("Mike Walz"/"Mike Waltz" 0.62, "Marta Lindquist"/"Lindqvist" 0.68,
# "Volodymyr Zelenskyy"/"Zelensky" 0.86, "Donald J. Trump"/"Donald Trump" 0.87); different
# names that look alike stay below ("Donald Tusk"/"Donald Trump" 0.47, "Jane Smith"/"John
# Smith" 0.47, "Ministry of Defence"/"of Finance" 0.54, "Tomas Berg"/"Tomas Borg" 0.57).
# The ranges touch, so the review screen shows which source each speaker will become.
SPEAKER_SIMILARITY_THRESHOLD = 0.6
AUTOCOMPLETE_SIMILARITY = 0.3


def source_find_by_name(*, name: str) -> tuple[Source | None, str]:
    """The active source a speaker name means, and how it was found ("exact", "alias", "similar" or "")."""
    name = " ".join(_without_nul(name).split())
    if not name:
        return None, ""
    exact = Source.objects.active().filter(name__iexact=name).first()
    if exact:
        return exact, "exact"
    alias = SourceAlias.objects.filter(name__iexact=name).select_related("source__merged_into").order_by("id").first()
    if alias:
        source = alias.source
        while source.merged_into_id:
            source = source.merged_into
        return source, "alias"
    by_name = _most_similar_name(Source.objects.active(), "pk", name)
    by_alias = _most_similar_name(SourceAlias.objects.filter(source__merged_into__isnull=True), "source_id", name)
    candidates = [candidate for candidate in (by_name, by_alias) if candidate]
    if not candidates:
        return None, ""
    best_pk = max(candidates, key=lambda candidate: candidate[1])[0]
    return Source.objects.get(pk=best_pk), "similar"


# How many names nearest in trigram distance `_most_similar_name` compares.
NEAREST_NAMES = 20


def _most_similar_name(rows, field: str, name: str) -> tuple | None:
    """(`field`, similarity) of the row whose `name` is most similar to `name`, at least
    SPEAKER_SIMILARITY_THRESHOLD, ties to the lowest id; None when no name is that similar.

    The GiST trigram index hands out names nearest first (distance is 1 - similarity), so only
    the nearest few are compared instead of every name (a sequential scan: 4 ms at 2,000
    sources). When the last of those ties with the best, a row further on may tie too with a
    lower id, and every name is compared as before."""
    from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity

    similar = rows.annotate(similarity=TrigramSimilarity("name", name))
    nearest = list(similar.order_by(TrigramDistance("name", name)).values_list("pk", field, "similarity")[:NEAREST_NAMES])
    best = max((similarity for _pk, _value, similarity in nearest), default=0.0)
    if best < SPEAKER_SIMILARITY_THRESHOLD:
        return None
    if len(nearest) == NEAREST_NAMES and nearest[-1][2] == best:
        return similar.filter(similarity__gte=SPEAKER_SIMILARITY_THRESHOLD).order_by("-similarity", "id").values_list(field, "similarity").first()
    _pk, value, similarity = min((row for row in nearest if row[2] == best), key=lambda row: row[0])
    return value, similarity


def source_autocomplete(*, query: str, limit: int = 10) -> list[Source]:
    """Active sources whose name or an alias contains or resembles `query`, best first (three queries)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    query = " ".join(_without_nul(query).split())[:200]
    if not query:
        return list(Source.objects.active().order_by("name")[:limit])
    resembles = Q(name__icontains=query) | Q(similarity__gte=AUTOCOMPLETE_SIMILARITY)
    by_name = (
        Source.objects.active().annotate(similarity=TrigramWordSimilarity(query, "name")).filter(resembles)
        .order_by("-similarity").values_list("pk", "similarity", "name")[: limit * 2]
    )
    by_alias = (
        SourceAlias.objects.filter(source__merged_into__isnull=True).annotate(similarity=TrigramWordSimilarity(query, "name"))
        .filter(resembles).order_by("-similarity").values_list("source_id", "similarity", "name")[: limit * 2]
    )
    scores: dict[int, float] = {}
    lowered = query.lower()
    for pk, similarity, name in [*by_name, *by_alias]:
        # A name that contains what was typed ranks above one that merely looks alike.
        score = similarity + (1.0 if lowered in name.lower() else 0.0)
        scores[pk] = max(scores.get(pk, 0.0), score)
    best = sorted(scores, key=lambda pk: -scores[pk])[:limit]
    sources = Source.objects.in_bulk(best)
    return [sources[pk] for pk in best]


def article_find_duplicate(*, url: str, content_hash: str):
    """The article already imported from this URL or with this content hash, if any."""
    from claims.models import Article

    match = Q(content_hash=content_hash)
    url = _without_nul(url)
    if url:
        match |= Q(url=url)
    return Article.objects.select_related("outlet").filter(match).order_by("id").first()


def claims_export(*, status: str | None = None) -> list[dict]:
    """Every claim (or those with `status`) with its appearances and every link touching it; three queries."""
    claims = Claim.objects.filter(status=status) if status else Claim.objects.all()
    return claim_export_rows(claims=claims)


# Admin moderation


def claim_export_rows(*, claims) -> list[dict]:
    """`claims` in the export_claims shape (id, slug, speaker, text, status, appearances, links); three queries."""
    claims = list(claims.select_related("speaker").prefetch_related(_appearances()).order_by("id"))
    ids = [claim.pk for claim in claims]
    links: dict[int, list[dict]] = {pk: [] for pk in ids}
    touching = ClaimLink.objects.filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids)).order_by("id")
    for link in touching.values("from_claim_id", "to_claim_id", "relation", "status"):
        for own, other in (("from_claim_id", "to_claim_id"), ("to_claim_id", "from_claim_id")):
            if link[own] in links:
                links[link[own]].append({"claim_id": link[other], "relation": link["relation"], "status": link["status"]})
    return [
        {
            "id": claim.pk,
            "slug": claim.slug,
            "speaker": claim.speaker.name,
            "text": claim.text,
            "status": claim.status,
            "appearances": [
                {
                    "url": appearance.article.url,
                    "outlet": appearance.article.outlet.name if appearance.article.outlet else None,
                    "published": appearance.article.published.isoformat() if appearance.article.published else None,
                }
                for appearance in claim.appearances.all()
            ],
            "links": links[claim.pk],
        }
        for claim in claims
    ]


EXPORT_CSV_COLUMNS = ["id", "slug", "speaker", "text", "status", "appearances", "links"]


def claim_export_csv_row(row: dict) -> list:
    """One export row as CSV cells: appearances as "url (outlet) date | ...", links as "relation id (status) | ..."."""
    appearances = " | ".join(
        " ".join(part for part in (item["url"] or "(no URL)", f"({item['outlet']})" if item["outlet"] else "", item["published"] or "") if part)
        for item in row["appearances"]
    )
    links = " | ".join(f"{link['relation']} {link['claim_id']} ({link['status']})" for link in row["links"])
    cells = [row["id"], row["slug"], row["speaker"], row["text"], row["status"], appearances, links]
    return [csv_safe_cell(cell) for cell in cells]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value):
    """A CSV cell a spreadsheet shows as text: a leading formula character gets an apostrophe before it.

    Carriage returns become line feeds: the export ends lines with "\n", so the csv module
    quotes a cell with a line feed but would leave a bare carriage return unquoted.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


# Import performance


def claims_find_exact(*, pairs) -> dict:
    """{(speaker id, normalised text): the oldest live claim of that speaker with that text}
    for many pairs in one query: the first step of `claim_find_same`, batched for an import."""
    pairs = set(pairs)
    if not pairs:
        return {}
    speaker_ids = {speaker_id for speaker_id, _text in pairs}
    texts = {text for _speaker_id, text in pairs}
    found: dict = {}
    claims = (
        Claim.objects.filter(speaker_id__in=speaker_ids, normalised_text__in=texts, merged_into__isnull=True)
        .exclude(status=Claim.Status.ARCHIVED)
        .order_by("created_at", "id")
    )
    for claim in claims:
        key = (claim.speaker_id, claim.normalised_text)
        if key in pairs:
            found.setdefault(key, claim)
    return found


def sources_find_known(*, names) -> dict:
    """{name: (source, "exact" | "alias")} for the names that `source_find_by_name` finds by its
    first two steps (the same case-insensitive comparison; the oldest source, else the oldest
    alias followed to its surviving source), for many names in two queries. Names it does not
    know are left out (the caller asks `source_find_by_name` for those)."""
    from django.db import connection

    names = sorted({" ".join(_without_nul(name).split()) for name in names} - {""})
    if not names:
        return {}
    chosen: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.name, s.id FROM unnest(%s::text[]) AS q(name) "
            "JOIN claims_source s ON UPPER(s.name::text) = UPPER(q.name) "
            "WHERE s.merged_into_id IS NULL ORDER BY s.id",
            [names],
        )
        for name, source_id in cursor.fetchall():
            chosen.setdefault(name, (source_id, "exact"))
        unknown = [name for name in names if name not in chosen]
        if unknown:
            cursor.execute(
                "SELECT q.name, a.source_id FROM unnest(%s::text[]) AS q(name) "
                "JOIN claims_sourcealias a ON UPPER(a.name::text) = UPPER(q.name) ORDER BY a.id",
                [unknown],
            )
            for name, source_id in cursor.fetchall():
                chosen.setdefault(name, (source_id, "alias"))
    sources = Source.objects.in_bulk({source_id for source_id, _how in chosen.values()})
    found = {}
    for name, (source_id, how) in chosen.items():
        source = sources[source_id]
        while source.merged_into_id:
            source = source.merged_into
        found[name] = (source, how)
    return found


# Additions to published material awaiting a reviewer


def published_additions(*, limit: int = 100) -> dict:
    """Appearances and aliases added to published claims and sources that wait for a reviewer,
    oldest first (two queries)."""
    appearances = (
        Appearance.objects.filter(public_state=PublicState.PENDING)
        .select_related("claim__speaker", "article__outlet")
        .defer("article__raw_input", "article__text")
        .order_by("created_at", "id")[:limit]
    )
    aliases = SourceAlias.objects.filter(public_state=PublicState.PENDING).select_related("source").order_by("id")[:limit]
    return {"appearances": list(appearances), "aliases": list(aliases)}
