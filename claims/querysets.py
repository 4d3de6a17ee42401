"""Reusable QuerySet methods shared by views, selectors and commands."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F


class SourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(merged_into__isnull=True)


class ClaimQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to_editors(self):
        return self.exclude(status="archived")

    def for_source(self, source):
        return self.filter(speaker=source)

    def search(self, query: str):
        """Full-text search on the generated search vector, best match first."""
        search_query = SearchQuery(query, config="english", search_type="websearch")
        return (
            self.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-id")
        )


class ClaimLinkQuerySet(models.QuerySet):
    def suggested(self):
        return self.filter(status="suggested")

    def awaiting_review(self):
        """Suggested links between two live claims: one archived or merged away leaves the
        queue (and comes back if the claim is restored); its link is kept as it was."""
        return self.suggested().filter(
            from_claim__merged_into__isnull=True,
            to_claim__merged_into__isnull=True,
        ).exclude(from_claim__status="archived").exclude(to_claim__status="archived")

    def confirmed(self):
        return self.filter(status="confirmed")

    def involving(self, claim):
        return self.filter(models.Q(from_claim=claim) | models.Q(to_claim=claim))


class DisputeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")
