"""The newsroom's starting page: counts and short queues that follow what happens on the page."""

from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from claims import selectors
from claims.roles import EDITOR, MODERATOR, REVIEWER, has_role, role_required, user_roles
from claims.views.alerts import DASHBOARD_PANELS, dashboard_panels
from claims.views.editorial import htmx_target
from claims.views.workspace import CLAIM_EVENTS, LINK_EVENTS, _listens

DASHBOARD_PARTIALS = (
    "dashboard-counts", "dashboard-suggestions", "dashboard-drafts", "dashboard-assigned",
    "dashboard-published", "dashboard-activity",
)


@role_required(EDITOR, REVIEWER, MODERATOR)
@vary_on_headers("HX-Request")
def dashboard(request):
    """Counts and queues; htmx asks for one part again when an action changed it."""
    context = selectors.dashboard_summary(user=request.user)
    context.update(
        {
            "can_review": has_role(request.user, REVIEWER),
            "role_names": sorted(user_roles(request.user)),
            "link_events": _listens(LINK_EVENTS),
            "claim_events": _listens(CLAIM_EVENTS),
            "all_events": _listens(CLAIM_EVENTS + LINK_EVENTS),
        }
    )
    context.update(dashboard_panels(request))
    target = htmx_target(request)
    if target in DASHBOARD_PANELS:
        return render(request, DASHBOARD_PANELS[target], context)
    if target in DASHBOARD_PARTIALS:
        return render(request, f"claims/dashboard.html#{target}", context)
    return render(request, "claims/dashboard.html", context)
