"""suggest_links CLAIM_ID [--limit N] [--format json]: compute, store and print a claim's suggestions."""

import json

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from claims.services import ServiceError, claim_suggestions_recompute


def _claim_json(claim: Claim) -> dict:
    return {"id": claim.pk, "speaker": claim.speaker.name, "text": claim.text}


class Command(BaseCommand):
    help = "Compute and store the counterclaim suggestions of one claim, and print them best first."

    def add_arguments(self, parser):
        parser.add_argument("claim_id", help="Id of the claim.")
        parser.add_argument("--limit", type=int, default=10, help="How many suggestions at most (default 10).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, claim_id, limit, format, **options):
        try:
            claim_id = int(claim_id)
        except ValueError:
            raise CommandError(f"Claim id must be a whole number, not {claim_id!r}.") from None
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        claim = Claim.objects.select_related("speaker").filter(pk=claim_id).first()
        if claim is None:
            raise CommandError(f"No claim with id {claim_id}.")
        if claim.merged_into_id:
            raise CommandError(f"Claim {claim_id} was merged into claim {claim.merged_into_id}; ask about that one.")
        try:
            pairs = claim_suggestions_recompute(claim=claim, limit=limit)
        except ServiceError as error:
            raise CommandError(str(error)) from None
        others = Claim.objects.select_related("speaker").in_bulk([suggestion.other(claim.pk) for suggestion, _ in pairs])
        suggestions = [
            {
                "claim": _claim_json(others[suggestion.other(claim.pk)]),
                "relation": link.relation,
                "score": round(link.score, 3),
                "reasons": list(link.reasons),
                "direction": "from" if link.from_claim_id == claim.pk else "to",
                "status": link.status,
                "link_id": link.pk,
            }
            for suggestion, link in pairs
        ]
        if format == "json":
            self.stdout.write(json.dumps({"claim": _claim_json(claim), "suggestions": suggestions}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{claim.pk} {claim.speaker.name}: {claim.text}")
        if not suggestions:
            self.stdout.write("  no suggestions")
        for item in suggestions:
            other = item["claim"]
            arrow = f"this {item['relation']} #{other['id']}" if item["direction"] == "from" else f"#{other['id']} {item['relation']} this"
            self.stdout.write(f"  {item['score']:.2f}  {arrow}  {other['speaker']}: {other['text']}")
            for reason in item["reasons"]:
                self.stdout.write(f"        - {reason}")
