"""Helpers shared by the newsroom's screens (dashboard, review queue, claim workspace)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event


def htmx_target(request) -> str:
    """The id of the element an htmx request will swap ("" for a normal request).

    Every partial is named after its root element's id, so this is also the partial to render.
    """
    return (request.htmx.target or "") if request.htmx else ""


def next_url(request, default: str) -> str:
    """Where a plain form post returns to: its `next` field when it is a local URL."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take "0" or "claims:review" for a view name and fail to reverse it.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default


def status_message(request, message: str) -> str:
    """An out-of-band swap that puts `message` in the page's aria-live region."""
    return render_to_string("claims/editorial/status.html", {"message": message}, request=request)


def fragment_response(request, html: str, *, status: int = 200, event: str | None = None, message: str = "", event_data: dict | None = None) -> HttpResponse:
    """An htmx answer: the swapped HTML, the live-region message and the event that tells the page what changed."""
    if message:
        html += status_message(request, message)
    response = HttpResponse(html, status=status)
    if event:
        trigger_client_event(response, event, event_data or {})
    return response
