"""Reusable QuerySet methods shared by views, selectors and commands."""

from django.contrib.postgres.search import SearchConfig, SearchQuery, SearchRank, SearchVector
from django.db import models
from django.db.models import Case, F, Value, When

# Text-search configuration per article language (ISO 639-1). Ukrainian has no stemmer in
# PostgreSQL: `simple_unaccent` (migration 0009) lowercases and strips accents. Anything
# else, including an unknown language, is read as English.
SEARCH_CONFIGURATIONS = {
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "uk": "simple_unaccent",
}
DEFAULT_SEARCH_CONFIGURATION = "english"


def search_configuration(language: str) -> str:
    """The text-search configuration for texts in `language`."""
    return SEARCH_CONFIGURATIONS.get(language or "", DEFAULT_SEARCH_CONFIGURATION)


def claim_search_configuration():
    """The configuration of the claim's own language, as an SQL CASE over `language`."""
    return Case(
        *[When(language=code, then=SearchConfig(Value(name))) for code, name in SEARCH_CONFIGURATIONS.items()],
        default=SearchConfig(Value(DEFAULT_SEARCH_CONFIGURATION)),
    )


def claim_search_vector():
    """`to_tsvector(<the claim's language configuration>, text)`: each branch is a constant
    regconfig, so the expression stays immutable and can be a stored generated column."""
    return SearchVector("text", config=claim_search_configuration())


def multilingual_search_query(query: str) -> SearchQuery:
    """The query read in every configuration, OR-ed: "eingekesselt" finds the German claim and
    "окружение" the Russian one, each through its own stemmer, with one GIN index lookup."""
    combined = SearchQuery(query, config=DEFAULT_SEARCH_CONFIGURATION, search_type="websearch")
    for name in dict.fromkeys(SEARCH_CONFIGURATIONS.values()):
        combined = combined | SearchQuery(query, config=name, search_type="websearch")
    return combined


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
        search_query = multilingual_search_query(query)
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
