"""Print every claim with its appearances and links, as JSON or CSV."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from claims.selectors import claims_export


class Command(BaseCommand):
    help = "Export claims (optionally one status) with where they appeared and how they are linked."

    def add_arguments(self, parser):
        parser.add_argument("--status", default=None, help=f"Only claims with this status ({', '.join(Claim.Status.values)}).")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, status=None, format="json", **options):
        if status is not None and status not in Claim.Status.values:
            raise CommandError(f"Unknown status {status!r}; use one of: {', '.join(Claim.Status.values)}.")
        rows = claims_export(status=status)
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["id", "slug", "speaker", "text", "status", "appearances", "links"])
        for row in rows:
            appearances = " | ".join(
                " ".join(part for part in (item["url"] or "(no URL)", f"({item['outlet']})" if item["outlet"] else "", item["published"] or "") if part)
                for item in row["appearances"]
            )
            links = " | ".join(f"{link['relation']} {link['claim_id']} ({link['status']})" for link in row["links"])
            writer.writerow([row["id"], row["slug"], row["speaker"], row["text"], row["status"], appearances, links])
