"""sitemap.xml: published claims and disputes, and sources with published claims."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims import selectors
from claims.models import Claim, Dispute


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["claims:home"]

    def location(self, item):
        return reverse(item)


class ClaimSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Claim.objects.published().order_by("-published_at", "-id").only("slug", "updated_at")

    def lastmod(self, claim):
        return claim.updated_at


class DisputeSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Dispute.objects.published().filter(claim__status=Claim.Status.PUBLISHED).order_by("-published_at", "-id").only("slug", "updated_at")

    def lastmod(self, dispute):
        return dispute.updated_at


class SourceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.published_sources_with_claims()

    def lastmod(self, source):
        return max(source.updated_at, source.last_published)


SITEMAPS = {"home": HomeSitemap, "disputes": DisputeSitemap, "claims": ClaimSitemap, "sources": SourceSitemap}
