"""Atom feed of newly published claims and disputes."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from claims.models import Claim, Dispute
from claims.structured_data import SITE_NAME

FEED_LENGTH = 50


class LatestPublishedFeed(Feed):
    feed_type = Atom1Feed
    title = f"{SITE_NAME}: newly published claims and disputes"
    subtitle = "Statements shown beside the statements that deny, contradict, support or qualify them."
    link = "/"

    def items(self):
        claims = list(Claim.objects.published().select_related("speaker").order_by("-published_at", "-id")[:FEED_LENGTH])
        disputes = list(
            Dispute.objects.published().filter(claim__status=Claim.Status.PUBLISHED)
            .select_related("claim__speaker").order_by("-published_at", "-id")[:FEED_LENGTH]
        )
        return sorted(claims + disputes, key=lambda item: item.published_at, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, Dispute):
            return f"Dispute: {item.title}"
        return f"{item.speaker.name}: “{Truncator(item.text).words(16)}”"

    def item_description(self, item):
        if isinstance(item, Dispute):
            return item.summary or f"{item.claim.speaker.name}: “{item.claim.text}”"
        return f"“{item.text}”" + (f" {item.context}" if item.context else "")

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_author_name(self, item):
        return (item.claim.speaker if isinstance(item, Dispute) else item.speaker).name

    def item_categories(self, item):
        return ("dispute",) if isinstance(item, Dispute) else ("claim",)
