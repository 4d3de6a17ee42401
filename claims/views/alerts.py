"""The dashboard's "Came back" and "Feeds" panels, deciding an alert, and each staff member's Atom feed of alerts."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed as SyndicationFeed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from claims import feed_selectors, feed_services
from claims.models import Alert
from claims.roles import EDITOR, REVIEWER, has_role, role_required, user_roles
from claims.services import ServiceError
from claims.views.editorial import fragment_response, next_url

ALERT_EVENTS = ("alert-added", "alert-dismissed")
ANSWERED = {"denies": "denied", "contradicts": "contradicted"}
ALERT_PANEL = "claims/outlet_feeds/dashboard_alerts.html"
FEEDS_PANEL = "claims/outlet_feeds/dashboard_feeds.html"
# The dashboard's parts these panels add, by element id (the dashboard view renders them for htmx).
DASHBOARD_PANELS = {"dashboard-alerts": ALERT_PANEL, "dashboard-feeds": FEEDS_PANEL}


def alerts_feed_token(user) -> str:
    """The secret in a user's alerts feed URL; it changes (and the old URL stops working) with their password."""
    return salted_hmac("claims.alerts-feed", f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:40]


def dashboard_panels(request) -> dict:
    """Context for the two panels: open alerts and the feeds' latest polls (seven queries)."""
    return {
        "alerts": feed_selectors.open_alerts(),
        "can_add_alerts": has_role(request.user, REVIEWER),
        "alert_events": ", ".join(f"{event} from:body" for event in ALERT_EVENTS),
        "alerts_feed_url": reverse("claims:alerts-feed", kwargs={"user_id": request.user.pk, "feed_token": alerts_feed_token(request.user)}),
        **feed_selectors.feeds_panel(),
    }


@role_required(EDITOR, REVIEWER)
@require_POST
def alert_decide(request, alert_id: int):
    """Add the alert's new appearance to the dispute (reviewers) or dismiss it (anyone in the newsroom)."""
    alert = get_object_or_404(Alert, pk=alert_id)
    decision = request.POST.get("decision", "")
    if decision not in ("add", "dismiss"):
        return _answer(request, status=400, message="Choose “Add to dispute” or “Dismiss”.")
    if decision == "add" and not has_role(request.user, REVIEWER):
        return _answer(request, status=403, message="Only reviewers add a quote to a dispute.")
    try:
        if decision == "add":
            feed_services.alert_add_to_dispute(alert=alert, reviewer=request.user)
            message, event = "Added to the dispute.", "alert-added"
        else:
            feed_services.alert_dismiss(alert=alert, actor=request.user)
            message, event = "Alert dismissed.", "alert-dismissed"
    except ServiceError as error:
        return _answer(request, status=409, message=str(error))
    return _answer(request, status=200, message=message, event=event)


def _answer(request, *, status: int, message: str, event: str | None = None):
    if request.htmx:
        context = dashboard_panels(request) | {"panel_message": message if status != 200 else ""}
        html = render_to_string(ALERT_PANEL, context, request=request)
        return fragment_response(request, html, status=status, event=event, message=message)
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect(next_url(request, reverse("claims:dashboard")))


class AlertsFeed(SyndicationFeed):
    """A staff member's Atom feed of the newest alerts, at a URL only they know."""

    feed_type = Atom1Feed
    title = "Claim Tracker: claims that came back"
    subtitle = "Published or disputed claims that appeared again in a newly imported article."

    def get_object(self, request, user_id: int, feed_token: str):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None or not constant_time_compare(feed_token, alerts_feed_token(user)) or not user_roles(user):
            raise Http404("No such feed.")
        return user

    def link(self, user):
        return reverse("claims:dashboard")

    def items(self, user):
        return feed_selectors.alert_feed_items()

    def item_title(self, alert):
        return f"Came back: {alert.claim.speaker.name}: “{Truncator(alert.claim.text).words(14)}”"

    def item_description(self, alert):
        outlet = alert.article.outlet.name if alert.article.outlet else "an article"
        answers = "; ".join(f"{ANSWERED[link.relation]} by {link.from_claim.speaker.name}" for link in alert.claim.answers)
        return (
            f"{alert.appearance.claim.speaker.name} in {outlet} ({alert.article.title or alert.article.url}): "
            f"“{alert.appearance.quote}”. {alert.reason}. Status: {alert.get_status_display()}."
            + (f" Already {answers}." if answers else "")
        )

    def item_link(self, alert):
        return f"{reverse('claims:dashboard')}#alert-{alert.pk}"

    def item_guid(self, alert):
        return f"alert-{alert.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, alert):
        return alert.created_at

    def item_updateddate(self, alert):
        return alert.decided_at or alert.created_at


alerts_feed = AlertsFeed()
