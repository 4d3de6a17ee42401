"""Reads that views share; each runs a fixed number of queries whatever the data size."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from claims.models import Appearance, AuditEvent, Claim, ClaimLink, Dispute, Source, SourceAlias


def _appearances():
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.select_related("article__outlet").order_by("article__published", "start"),
    )


def home_page(*, limit: int = 20) -> dict:
    """The newest published disputes and claims."""
    disputes = list(Dispute.objects.published().select_related("claim__speaker").order_by("-published_at")[:limit])
    claims = list(Claim.objects.published().select_related("speaker").order_by("-published_at")[:limit])
    return {"disputes": disputes, "claims": claims}


def claim_counterclaims(*, claim: Claim, published_only: bool = True) -> list[ClaimLink]:
    """Confirmed links touching `claim`, each with the other claim and its speaker."""
    links = ClaimLink.objects.confirmed().involving(claim).select_related("from_claim__speaker", "to_claim__speaker")
    if published_only:
        links = links.filter(from_claim__status=Claim.Status.PUBLISHED, to_claim__status=Claim.Status.PUBLISHED)
    return list(links.order_by("relation", "-score"))


def claim_page(*, claim: Claim, published_only: bool = True) -> dict:
    """A claim with its appearances and counterclaims."""
    claim = Claim.objects.select_related("speaker").prefetch_related(_appearances()).get(pk=claim.pk)
    return {"claim": claim, "links": claim_counterclaims(claim=claim, published_only=published_only)}


def dispute_page(*, dispute: Dispute) -> dict:
    """A dispute's claim and the counterclaims on its links."""
    links = list(dispute.links.confirmed().select_related("from_claim__speaker", "to_claim__speaker"))
    return {"dispute": dispute, "claim": dispute.claim, "links": links}


def source_page(*, source: Source) -> dict:
    """A source's published claims, newest first."""
    claims = list(Claim.objects.published().filter(speaker=source).order_by("-published_at"))
    return {"source": source, "claims": claims}


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
    links = review_cards().suggested()
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
    counts["suggestions"] = ClaimLink.objects.suggested().count()
    open_claims = Claim.objects.filter(merged_into__isnull=True).select_related("speaker")
    return {
        "counts": counts,
        "suggestions": list(
            ClaimLink.objects.suggested().select_related("from_claim__speaker", "to_claim__speaker").order_by("-score", "-id")[:limit]
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
    query = (query or "").strip()
    if not query:
        return []
    return list(
        Claim.objects.search(query).filter(merged_into__isnull=True).exclude(pk=exclude.pk).select_related("speaker")[:limit]
    )


def activity_log(*, page: int | str = 1, verb: str = ""):
    """Every audit event, newest first, a page at a time."""
    events = AuditEvent.objects.select_related("actor", "target_type")
    if verb:
        events = events.filter(verb=verb)
    return Paginator(events.order_by("-created_at", "-id"), ACTIVITY_PAGE_SIZE).get_page(page)


# Import


def claim_find_same(*, speaker: Source, text: str) -> Claim | None:
    """The live claim of `speaker` that `text` repeats: the same normalised text, or near-same
    words (translation variants, capitals, trimmed ends, a partial quote it contains); an
    uncertain match is left to the suggestions as a `duplicate` link."""
    from claims.matching.dedup import SAME, find_same
    from claims.text import normalise_for_matching

    normalised = normalise_for_matching(text)
    if not normalised:
        return None
    exact = (
        Claim.objects.filter(speaker=speaker, normalised_text=normalised, merged_into__isnull=True)
        .exclude(status=Claim.Status.ARCHIVED)
        .order_by("created_at", "id")
        .first()
    )
    if exact is not None:
        return exact
    match = find_same(speaker=speaker, text=text)
    return match.claim if match is not None and match.certainty == SAME else None


def extraction_known_sources() -> list:
    """Every active source as a KnownSource (name, aliases, kind) for the extractor, in one query."""
    from django.contrib.postgres.aggregates import ArrayAgg

    from claims.extraction import KnownSource

    rows = (
        Source.objects.active()
        .annotate(alias_names=ArrayAgg("aliases__name", filter=Q(aliases__isnull=False), default=[], ordering="aliases__name"))
        .values_list("name", "kind", "alias_names")
    )
    return [KnownSource(name=name, aliases=tuple(aliases), kind=kind) for name, kind, aliases in rows]


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
    from django.contrib.postgres.search import TrigramSimilarity

    name = " ".join((name or "").split())
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
    by_name = (
        Source.objects.active()
        .annotate(similarity=TrigramSimilarity("name", name))
        .filter(similarity__gte=SPEAKER_SIMILARITY_THRESHOLD)
        .order_by("-similarity", "id")
        .values_list("pk", "similarity")
        .first()
    )
    by_alias = (
        SourceAlias.objects.filter(source__merged_into__isnull=True)
        .annotate(similarity=TrigramSimilarity("name", name))
        .filter(similarity__gte=SPEAKER_SIMILARITY_THRESHOLD)
        .order_by("-similarity", "id")
        .values_list("source_id", "similarity")
        .first()
    )
    candidates = [candidate for candidate in (by_name, by_alias) if candidate]
    if not candidates:
        return None, ""
    best_pk = max(candidates, key=lambda candidate: candidate[1])[0]
    return Source.objects.get(pk=best_pk), "similar"


def source_autocomplete(*, query: str, limit: int = 10) -> list[Source]:
    """Active sources whose name or an alias contains or resembles `query`, best first (three queries)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    query = " ".join((query or "").split())[:200]
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
    if url:
        match |= Q(url=url)
    return Article.objects.select_related("outlet").filter(match).order_by("id").first()


def claims_export(*, status: str | None = None) -> list[dict]:
    """Every claim (or those with `status`) with its appearances and every link touching it; three queries."""
    claims = Claim.objects.select_related("speaker").prefetch_related(_appearances()).order_by("id")
    if status:
        claims = claims.filter(status=status)
    claims = list(claims)
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
