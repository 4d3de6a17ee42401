"""Print every claim with its appearances and links, as JSON or CSV."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from claims.selectors import EXPORT_CSV_COLUMNS, claim_export_csv_row, claims_export


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
        writer.writerow(EXPORT_CSV_COLUMNS)
        writer.writerows(claim_export_csv_row(row) for row in rows)
