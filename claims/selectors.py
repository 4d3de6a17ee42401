"""Reads that views share; each runs a fixed number of queries whatever the data size."""

from django.db.models import Count, Prefetch, Q

from claims.models import Appearance, AuditEvent, Claim, ClaimLink, Dispute, Source


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


def dashboard_summary(*, user, limit: int = 5) -> dict:
    """Counts and short queues for the newsroom's start page."""
    counts = Claim.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Claim.Status.DRAFT)),
        in_review=Count("pk", filter=Q(status=Claim.Status.REVIEW)),
        published=Count("pk", filter=Q(status=Claim.Status.PUBLISHED)),
        assigned_to_me=Count("pk", filter=Q(assigned_to=user) & ~Q(status=Claim.Status.ARCHIVED)),
    )
    counts["suggestions"] = ClaimLink.objects.suggested().count()
    return {
        "counts": counts,
        "suggestions": list(
            ClaimLink.objects.suggested().select_related("from_claim__speaker", "to_claim__speaker").order_by("-score", "-id")[:limit]
        ),
        "drafts": list(Claim.objects.filter(status__in=[Claim.Status.DRAFT, Claim.Status.REVIEW]).select_related("speaker").order_by("-updated_at")[:limit]),
        "assigned": list(Claim.objects.filter(assigned_to=user).exclude(status=Claim.Status.ARCHIVED).select_related("speaker")[:limit]),
        "recently_published": list(Claim.objects.published().select_related("speaker").order_by("-published_at")[:limit]),
        "activity": list(AuditEvent.objects.select_related("actor")[:10]),
    }


# Admin moderation


def claim_export_rows(*, claims) -> list[dict]:
    """Claims in the export_claims shape (id, slug, speaker, text, status, appearances, links), in two queries plus prefetches."""
    claims = (
        claims.select_related("speaker")
        .prefetch_related(_appearances(), "links_from", "links_to")
        .order_by("id")
    )
    rows = []
    for claim in claims:
        links = [
            {"claim_id": link.to_claim_id, "relation": link.relation, "status": link.status, "direction": "from"}
            for link in claim.links_from.all()
        ] + [
            {"claim_id": link.from_claim_id, "relation": link.relation, "status": link.status, "direction": "to"}
            for link in claim.links_to.all()
        ]
        rows.append(
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
                "links": sorted(links, key=lambda link: (link["claim_id"], link["relation"])),
            }
        )
    return rows
