"""The claim tracker's tables and the invariants the database keeps for them.

Nothing editorial is hard-deleted: claims, links, disputes, verdicts and articles are
archived, and sources are merged into the one that survives.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils.timezone import now as timezone_now

from claims.querysets import ClaimLinkQuerySet, ClaimQuerySet, DisputeQuerySet, SourceQuerySet, claim_search_vector


class PublicState(models.TextChoices):
    """Whether an addition to published material (an appearance, an alias) shows publicly.

    An editor's addition to a claim or source the public can already see waits for a
    reviewer (PENDING); the newsroom sees it at once. A reviewer shows it or withholds it.
    """

    SHOWN = "shown", "Shown"
    PENDING = "pending", "Awaiting review"
    WITHHELD = "withheld", "Withheld by a reviewer"


class Source(models.Model):
    """Who speaks: a person or an organisation, known by a canonical name and its aliases."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GOVERNMENT = "government", "Government body"
        MILITARY = "military", "Military"
        MEDIA = "media", "Media"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    affiliation = models.CharField(max_length=200, blank=True, help_text="Government, party, army or company the source speaks for.")
    country = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_sources",
        help_text="Set when this source was merged into another; its claims moved there.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(name="source_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            # Speaker names are looked up with `name__iexact` (UPPER(name) = UPPER(%s)).
            models.Index(Upper("name"), condition=Q(merged_into__isnull=True), name="source_active_name_upper"),
            # A new speaker name is compared with the names nearest to it (`<->`, nearest first).
            GistIndex(name="source_active_name_trgm_gist", fields=["name"], opclasses=["gist_trgm_ops"], condition=Q(merged_into__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="source_not_merged_into_itself"),
            models.UniqueConstraint(Lower("name"), condition=Q(merged_into__isnull=True), name="source_unique_active_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:source-detail", kwargs={"slug": self.slug})


class SourceAlias(models.Model):
    """Another name a source goes by ("Ukraine's General Staff", "the Kremlin")."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    public_state = models.CharField(max_length=10, choices=PublicState.choices, default=PublicState.SHOWN, db_default=PublicState.SHOWN)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"
        indexes = [
            models.Index(fields=["public_state"], condition=~Q(public_state="shown"), name="sourcealias_awaiting_review"),
            GinIndex(name="source_alias_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            models.Index(Upper("name"), name="source_alias_name_upper"),
            GistIndex(name="source_alias_name_trgm_gist", fields=["name"], opclasses=["gist_trgm_ops"]),
        ]
        constraints = [models.UniqueConstraint(Lower("name"), "source", name="source_alias_unique_per_source")]

    def __str__(self):
        return self.name


class Outlet(models.Model):
    """A publication where claims appear."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    domain = models.CharField(max_length=253, blank=True)
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="outlet_unique_name"),
            models.UniqueConstraint(fields=["domain"], condition=~Q(domain=""), name="outlet_unique_domain"),
        ]

    def __str__(self):
        return self.name


class Article(models.Model):
    """An imported article: the raw input as given, and the text that quotes point into."""

    class InputKind(models.TextChoices):
        PASTE = "paste", "Pasted text"
        UPLOAD = "upload", "Uploaded file"
        URL = "url", "Fetched URL"
        COMMAND = "command", "Command line"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    input_kind = models.CharField(max_length=10, choices=InputKind.choices, default=InputKind.PASTE)
    raw_input = models.TextField(blank=True, help_text="The page or text exactly as it was given.")
    text = models.TextField(help_text="The article body after clean-up; quote offsets point into it.")
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-imported_at"]
        constraints = [models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url")]
        indexes = [models.Index(fields=["published"])]

    def __str__(self):
        return self.title or f"Article {self.pk}"


class Claim(models.Model):
    """A statement by one source; the same statement in many articles is one claim."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        MIXED = "mixed", "Partial quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    class Polarity(models.TextChoices):
        ASSERTS = "asserts", "Asserts"
        DENIES = "denies", "Denies"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    speaker = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    normalised_text = models.TextField(blank=True, editable=False, help_text="NFKC, casefolded, for duplicate matching.")
    context = models.TextField(blank=True, help_text="The sentence around a partial quote.")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DIRECT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.ASSERTS)
    stated_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    slug = models.SlugField(max_length=120, unique=True)
    language = models.CharField(max_length=12, blank=True, default="", db_default="", help_text="ISO 639-1 code of the article it was first found in.")
    search_vector = models.GeneratedField(
        expression=claim_search_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    version = models.PositiveIntegerField(default=1)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_claims")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(name="claim_search_vector", fields=["search_vector"]),
            GinIndex(name="claim_normalised_text_trgm", fields=["normalised_text"], opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "-published_at"], name="claim_status_published"),
            models.Index(fields=["stated_on"], name="claim_stated_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="claim_not_merged_into_itself"),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False) | ~Q(status="published"),
                name="claim_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("claims:claim-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Appearance(models.Model):
    """A claim as it appears in one article, with the exact offsets of the quote."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="appearances")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(help_text="The quote as written in the article.")
    context = models.TextField(blank=True)
    attribution = models.CharField(max_length=500, blank=True)
    speaker_as_written = models.CharField(max_length=200, blank=True)
    reporting_verb = models.CharField(max_length=50, blank=True)
    public_state = models.CharField(max_length=10, choices=PublicState.choices, default=PublicState.SHOWN, db_default=PublicState.SHOWN)
    target = models.TextField(blank=True, db_default="", help_text="What the quote answers or is about, from the text around it (claims/matching/targets.py).")
    target_named = models.JSONField(default=list, db_default=[], blank=True, help_text="Other sources the quote or its attribution names (\"Trump\" in \"Trump's claim\").")
    target_search = models.GeneratedField(
        expression=SearchVector("target", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appearance_offsets_ordered"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="appearance_unique_span"),
        ]
        indexes = [
            models.Index(fields=["public_state"], condition=~Q(public_state="shown"), name="appearance_awaiting_review"),
            GinIndex(name="appearance_target_search", fields=["target_search"]),
            GinIndex(name="appearance_target_named", fields=["target_named"]),
        ]

    def __str__(self):
        return f"{self.claim_id} in {self.article_id} [{self.start}:{self.end}]"


class ClaimLink(models.Model):
    """`from_claim` <relation> `to_claim`: the General Staff's statement denies Trump's claim."""

    class Relation(models.TextChoices):
        DENIES = "denies", "Denies"
        CONTRADICTS = "contradicts", "Contradicts"
        SUPPORTS = "supports", "Supports"
        QUALIFIES = "qualifies", "Qualifies"
        DUPLICATE = "duplicate", "Duplicates"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    from_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="links_to")
    relation = models.CharField(max_length=12, choices=Relation.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Empty when the system suggested the link.",
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "-id"]
        indexes = [models.Index(fields=["status", "-score"], name="claimlink_status_score")]
        constraints = [
            models.CheckConstraint(condition=~Q(from_claim=F("to_claim")), name="claimlink_no_self_link"),
            models.UniqueConstraint(fields=["from_claim", "to_claim", "relation"], name="claimlink_unique_pair_relation"),
        ]

    def __str__(self):
        return f"{self.from_claim_id} {self.relation} {self.to_claim_id} ({self.status})"

    @property
    def suggested_by_system(self):
        return self.suggested_by_id is None


class Dispute(models.Model):
    """A titled grouping of a claim and its counterclaims, as the public sees it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(blank=True)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="disputes")
    links = models.ManyToManyField(ClaimLink, blank=True, related_name="disputes", help_text="The counterclaims shown beside the claim.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False) | ~Q(status="published"),
                name="dispute_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("claims:dispute-detail", kwargs={"slug": self.slug})


class Verdict(models.Model):
    """A rating of a claim, compatible with schema.org ClaimReview (1 = false ... 5 = true)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating_value = models.PositiveSmallIntegerField(help_text="1 (false) to 5 (true).")
    rating_text = models.CharField(max_length=100, help_text='Textual rating, e.g. "False", "Misleading".')
    explanation = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(rating_value__gte=1, rating_value__lte=5), name="verdict_rating_in_range"),
            models.UniqueConstraint(fields=["claim"], condition=Q(status="published"), name="verdict_one_published_per_claim"),
        ]

    def __str__(self):
        return f"{self.rating_text} ({self.rating_value}/5) on claim {self.claim_id}"


class AuditEvent(models.Model):
    """One row per action, never changed or removed (a database trigger refuses both)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=60, help_text="Past tense, kebab-case: claim-published, link-confirmed.")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Before and after values, and anything else worth keeping.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"], name="auditevent_target")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.verb} {self.target_repr}"


class PublicPageVersion(models.Model):
    """One row: the version every cached public page is checked against (claims/public_cache.py).

    Kept with the data so that it survives the cache: a Redis restarted from an old snapshot
    cannot bring back a version that old pages carry.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"public pages version {self.number}"
# Outlet feeds and "came back" alerts (docs/feeds.md)


class Feed(models.Model):
    """An outlet's RSS or Atom feed, or news sitemap, that `watch_feeds` polls for new articles."""

    class Kind(models.TextChoices):
        AUTO = "auto", "Detect (RSS, Atom or news sitemap)"
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        SITEMAP = "sitemap", "News sitemap"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="feeds")
    url = models.URLField(max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AUTO, help_text="Found on the first poll when left to detect.")
    title = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True, help_text="Only active feeds are polled.")
    interval = models.PositiveIntegerField(default=900, help_text="Seconds between polls (60 to 86,400).")
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(default=timezone_now, help_text="When the feed is next due.")
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(default=0, editable=False, help_text="Failed polls in a row; each doubles the wait.")
    last_error = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet__name", "url"]
        indexes = [models.Index(fields=["next_poll_at"], condition=Q(is_active=True), name="feed_due")]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=60, interval__lte=86400), name="feed_interval_in_range"),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.title or self.url}"


class FeedPoll(models.Model):
    """One poll of a feed: when, what came back, how many new articles, and the error if any."""

    class Status(models.TextChoices):
        OK = "ok", "New items read"
        NOT_MODIFIED = "not-modified", "Unchanged (304)"
        ERROR = "error", "Failed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=15, choices=Status.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    new_articles = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0, help_text="Items that were articles already imported (same URL or text).")
    item_errors = models.PositiveIntegerField(default=0)
    alerts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feedpoll_feed_recent")]

    def __str__(self):
        return f"{self.feed_id} at {self.started_at:%Y-%m-%d %H:%M}: {self.status}"


class FeedItem(models.Model):
    """An item a feed listed: its link and the article it became (a republished copy points at the
    article first imported with the same text)."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Already imported"
        FAILED = "failed", "Failed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.PROTECT, related_name="feed_items")
    status = models.CharField(max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        indexes = [models.Index(fields=["url"], name="feeditem_url")]
        constraints = [
            models.UniqueConstraint(fields=["feed", "url"], name="feeditem_unique_per_feed"),
            models.CheckConstraint(condition=~Q(status="failed") | Q(article__isnull=True), name="feeditem_failed_has_no_article"),
        ]

    def __str__(self):
        return self.url


class Alert(models.Model):
    """A claim that was published or disputed came back: a new appearance of it (or of a near-same
    quote) in a newly imported article. One alert per claim and article."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ADDED = "added", "Added to the dispute"
        DISMISSED = "dismissed", "Dismissed"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="alerts", help_text="The claim already published or disputed.")
    appearance = models.ForeignKey(Appearance, on_delete=models.PROTECT, related_name="alerts", help_text="Where it came back.")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="alerts")
    reason = models.CharField(max_length=300)
    similarity = models.FloatField(default=1.0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    link = models.ForeignKey(ClaimLink, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="The link that put the new quote into the dispute.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="alert_status_recent")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "article"], name="alert_once_per_claim_and_article"),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True) | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="alert_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"Claim {self.claim_id} came back in article {self.article_id}"
