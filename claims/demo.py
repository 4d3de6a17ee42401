"""Demo content for `seed_demo`: the team's own demo articles, imported through the real pipeline."""


def seed_content(*, stdout=None) -> str:
    """Import the demo articles once; return a one-line report."""
    return "No demo articles to import yet."


STRONG_DENIAL_SCORE = 0.6


def seed_dispute(*, stdout=None) -> str:
    """After the demo articles are in: compute suggestions, confirm the strongest denial as the demo
    reviewer, and publish one dispute around it; other suggestions stay in the review queue.

    Running it again changes nothing once a dispute is published.
    """
    from django.contrib.auth import get_user_model

    from claims.models import Claim, ClaimLink, Dispute
    from claims.roles import REVIEWER
    from claims.services import claim_suggestions_recompute, dispute_create, dispute_publish, link_confirm

    published = Dispute.objects.published().first()
    if published is not None:
        return f"Dispute already published: {published.title}"
    reviewer = get_user_model().objects.filter(username=REVIEWER).first()
    if reviewer is None:
        return "No demo reviewer; no dispute published."
    for claim in Claim.objects.filter(merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).order_by("pk"):
        claim_suggestions_recompute(claim=claim)
    link = (
        ClaimLink.objects.filter(relation=ClaimLink.Relation.DENIES, status__in=[ClaimLink.Status.SUGGESTED, ClaimLink.Status.CONFIRMED], score__gte=STRONG_DENIAL_SCORE)
        .select_related("from_claim__speaker", "to_claim__speaker")
        .order_by("-score", "id")
        .first()
    )
    if link is None:
        return "No strong denial among the suggestions; no dispute published."
    if link.status == ClaimLink.Status.SUGGESTED:
        link = link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    claim, counter = link.to_claim, link.from_claim
    dispute = Dispute.objects.filter(claim=claim, links=link).first()
    if dispute is None:
        words = claim.text.split()
        excerpt = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        dispute = dispute_create(
            title=f"{claim.speaker.name}: “{excerpt}” — denied by {counter.speaker.name}",
            claim=claim,
            links=[link],
            summary="; ".join(link.reasons),
            actor=reviewer,
        )
    dispute_publish(dispute=dispute, actor=reviewer)
    waiting = ClaimLink.objects.suggested().count()
    return f"Published the dispute “{dispute.title}”; {waiting} suggestions wait in the review queue."
