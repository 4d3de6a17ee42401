"""Demo content for `seed_demo`: the team's own demo articles, imported through the real pipeline."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings

from claims import services
from claims.importing.errors import ImportInputError
from claims.importing.pipeline import extract, prepare_bytes
from claims.selectors import extraction_known_sources

DEMO_ARTICLES = Path(__file__).resolve().parent / "demo_articles"
SHARED_FIXTURES = Path(settings.BASE_DIR).parent / "shared" / "fixtures"


def demo_articles() -> list[dict]:
    """The shipped demo articles, then every ../shared/fixtures/*.txt with metadata from its .gold.json."""
    manifest = json.loads((DEMO_ARTICLES / "manifest.json").read_text(encoding="utf-8"))
    entries = [{**entry, "path": DEMO_ARTICLES / entry["file"]} for entry in manifest["articles"]]
    if SHARED_FIXTURES.is_dir():
        for path in sorted(SHARED_FIXTURES.glob("*.txt")):
            gold = path.with_name(path.name.removesuffix(".txt") + ".gold.json")
            meta = json.loads(gold.read_text(encoding="utf-8")).get("article", {}) if gold.is_file() else {}
            entries.append({"path": path, "title": meta.get("title", ""), "outlet": meta.get("outlet", ""), "url": meta.get("url", ""), "published": meta.get("published")})
    return entries


def seed_content(*, stdout=None) -> str:
    """Import the demo articles once; return a one-line report (a second run imports nothing)."""
    imported = duplicates = claims = 0
    failed = []
    for entry in demo_articles():
        try:
            prepared = prepare_bytes(entry["path"].read_bytes(), input_kind="command", url=entry.get("url", ""), filename=entry["path"].name)
            result = services.article_import(
                prepared=prepared,
                # Sources learned from the articles imported before this one count here too.
                quotes=extract(prepared, extraction_known_sources()),
                actor=None,
                outlet_name=entry.get("outlet", ""),
                published=date.fromisoformat(entry["published"]) if entry.get("published") else None,
                title=entry.get("title") or None,
            )
        except (OSError, ImportInputError, services.ServiceError) as error:
            failed.append(f"{entry['path'].name}: {error}")
            continue
        if result.duplicate:
            duplicates += 1
        else:
            imported += 1
            claims += sum(item.claim_created for item in result.quotes)
        if stdout is not None:
            state = "already there" if result.duplicate else f"{len(result.quotes)} quotes"
            stdout.write(f"  {entry['path'].name}: {state}")
    report = f"Demo articles: {imported} imported ({claims} new draft claims), {duplicates} already there."
    if failed:
        report += " Failed: " + "; ".join(failed)
    return report


STRONG_DENIAL_SCORE = 0.5


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
            summary=f"{claim.speaker.name} said “{claim.text}”. {counter.speaker.name} answered: “{counter.text}”.",
            actor=reviewer,
        )
    dispute_publish(dispute=dispute, actor=reviewer)
    waiting = ClaimLink.objects.awaiting_review().count()
    return f"Published the dispute “{dispute.title}”; {waiting} suggestions wait in the review queue."
