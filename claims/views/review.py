"""The review queue: suggested links decided one card at a time, in place with htmx."""

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from claims import selectors, services
from claims.models import ClaimLink
from claims.review_forms import BulkDecisionForm, LinkDecisionForm, ReviewFilterForm, VersionForm
from claims.roles import EDITOR, REVIEWER, has_role, role_required
from claims.views.editorial import fragment_response, htmx_target, next_url

LIST_PARTIALS = ("review-list", "review-count")

DECIDED_VERBS = {ClaimLink.Status.CONFIRMED: "Confirmed", ClaimLink.Status.REJECTED: "Rejected"}


def _with_decided(url: str, link_id: int | None) -> str:
    """`url` with its `decided` parameter set to `link_id` (or removed)."""
    path, _, query = url.partition("?")
    params = [(key, value) for key, value in parse_qsl(query, keep_blank_values=True) if key != "decided"]
    if link_id is not None:
        params.append(("decided", str(link_id)))
    return f"{path}?{urlencode(params)}" if params else path


def _card_context(request, link, **extra) -> dict:
    return {
        "link": link,
        "can_decide": has_role(request.user, REVIEWER),
        "relations": ClaimLink.Relation.choices,
        "next": request.POST.get("next") or (request.get_full_path() if request.method == "GET" else reverse("claims:review")),
        **extra,
    }


def _card_html(request, link, **extra) -> str:
    return render_to_string("claims/review.html#link-card", _card_context(request, link, **extra), request=request)


def _describe(link) -> str:
    when = timezone.localtime(link.reviewed_at).strftime("%H:%M:%S") if link.reviewed_at else ""
    who = link.reviewed_by.get_username() if link.reviewed_by else "someone"
    return f"{DECIDED_VERBS.get(link.status, link.get_status_display())} by {who} at {when}"


@role_required(EDITOR, REVIEWER)
@vary_on_headers("HX-Request")
def review(request):
    """The queue of suggested links with filters; htmx asks for the list or the count only."""
    form = ReviewFilterForm(request.GET or None)
    page = selectors.review_queue(**form.queue_filters(), page=request.GET.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("decided", None)
    context = {
        "form": form,
        "page": page,
        "links": list(page.object_list),
        "filter_query": query.urlencode(),
        "can_decide": has_role(request.user, REVIEWER),
        "relations": ClaimLink.Relation.choices,
        "next": request.get_full_path(),
    }
    target = htmx_target(request)
    if target in LIST_PARTIALS:
        return render(request, f"claims/review.html#{target}", context)
    decided_id = request.GET.get("decided", "")
    if decided_id.isdigit():
        # After a plain (no JavaScript) decision the page shows it once more, with Undo.
        decided = selectors.review_cards().filter(pk=decided_id, reviewed_by=request.user).exclude(status=ClaimLink.Status.SUGGESTED).first()
        context["decided"] = decided
    return render(request, "claims/review.html", context)


def _conflict(request, link, error_message):
    current = selectors.review_card(link_id=link.pk)
    notice = f"{error_message} {_describe(current) if current.status != ClaimLink.Status.SUGGESTED else 'It changed since you loaded it'}."
    if request.htmx:
        return fragment_response(request, _card_html(request, current, card_notice=notice, conflict=True), status=409, message=notice)
    form = ReviewFilterForm(None)
    page = selectors.review_queue(page=1)
    context = {
        "form": form, "page": page, "links": list(page.object_list), "filter_query": "",
        "can_decide": True, "relations": ClaimLink.Relation.choices, "next": reverse("claims:review"),
        "conflict": current, "conflict_notice": notice,
    }
    return render(request, "claims/review.html", context, status=409)


@role_required(REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def link_decide(request, pk):
    """Confirm (optionally relabelled) or reject a suggested link, refusing a stale version."""
    link = get_object_or_404(ClaimLink, pk=pk)
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        problem = "Choose Confirm or Reject; the form was incomplete."
        if request.htmx:
            return fragment_response(request, _card_html(request, selectors.review_card(link_id=pk), card_error=problem), status=422, message=problem)
        messages.error(request, problem)
        return redirect(next_url(request, reverse("claims:review")))
    data = form.cleaned_data
    try:
        if data["decision"] == LinkDecisionForm.CONFIRM:
            link = services.link_confirm(
                link=link, reviewer=request.user, expected_version=data["version"],
                relation=data["relation"] or None, note=data["note"] or None,
            )
            event = "link-confirmed"
        else:
            link = services.link_reject(link=link, reviewer=request.user, expected_version=data["version"], note=data["note"] or None)
            event = "link-rejected"
    except services.StaleEdit as error:
        return _conflict(request, link, str(error))
    except services.ServiceError as error:
        if request.htmx:
            card = _card_html(request, selectors.review_card(link_id=pk), card_error=str(error))
            return fragment_response(request, card, status=422, message=str(error))
        messages.error(request, str(error))
        return redirect(next_url(request, reverse("claims:review")))
    link = selectors.review_card(link_id=link.pk)
    message = f"{DECIDED_VERBS[link.status]}: {link.from_claim.speaker.name} {link.get_relation_display().lower()} {link.to_claim.speaker.name}."
    if request.htmx:
        return fragment_response(request, _card_html(request, link, just_decided=True), event=event, message=message, event_data={"id": link.pk})
    messages.success(request, message)
    destination = next_url(request, reverse("claims:review"))
    if destination.split("?")[0] == reverse("claims:review"):
        destination = _with_decided(destination, link.pk)
    return redirect(destination)


@role_required(REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def link_undo(request, pk):
    """Put a decided link back in the queue (link_reopen), refusing a stale version."""
    link = get_object_or_404(ClaimLink, pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The undo form was incomplete; reload and try again.")
        return redirect(next_url(request, reverse("claims:review")))
    if link.status == ClaimLink.Status.SUGGESTED:
        return _conflict(request, link, "This link is already back in the queue.")
    try:
        link = services.link_reopen(link=link, reviewer=request.user, expected_version=form.cleaned_data["version"])
    except services.StaleEdit as error:
        return _conflict(request, link, str(error))
    link = selectors.review_card(link_id=link.pk)
    message = f"Undone: {link.from_claim.speaker.name} {link.get_relation_display().lower()} {link.to_claim.speaker.name} is back in the queue."
    if request.htmx:
        return fragment_response(request, _card_html(request, link), event="link-reopened", message=message, event_data={"id": link.pk})
    messages.success(request, message)
    # The decided card is shown once after a plain post; after undo it is a queue card again.
    return redirect(_with_decided(next_url(request, reverse("claims:review")), None))


@role_required(REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def links_decide_bulk(request):
    """Confirm or reject the ticked suggestions at once; each refused one is reported with its reason."""
    form = BulkDecisionForm(request.POST)
    destination = next_url(request, reverse("claims:review"))
    if not form.is_valid():
        problem = " ".join(error for errors in form.errors.values() for error in errors)
        if request.htmx:
            return fragment_response(request, "", status=422, message=problem)
        messages.error(request, problem)
        return redirect(destination)
    data = form.cleaned_data
    try:
        result = services.links_decide_bulk(selections=data["links"], decision=data["decision"], reviewer=request.user, note=data["note"] or None)
    except services.ServiceError as error:
        if request.htmx:
            return fragment_response(request, "", status=422, message=str(error))
        messages.error(request, str(error))
        return redirect(destination)
    verb = "Confirmed" if data["decision"] == BulkDecisionForm.CONFIRM else "Rejected"
    summary = f"{verb} {len(result.decided)} suggestion{'s' if len(result.decided) != 1 else ''}."
    refusals = [f"Suggestion #{link_id} was not changed: {reason}" for link_id, reason in result.refused]
    event = "link-confirmed" if data["decision"] == BulkDecisionForm.CONFIRM else "link-rejected"
    if request.htmx:
        # The list is drawn again (decided cards leave it); the refusals are read out.
        filters = ReviewFilterForm(_query_of(destination) or None)
        page = selectors.review_queue(**filters.queue_filters(), page=1)
        query = _query_of(destination).copy()
        query.pop("page", None)
        context = {
            "form": filters, "page": page, "links": list(page.object_list), "filter_query": query.urlencode(),
            "can_decide": True, "relations": ClaimLink.Relation.choices, "next": destination, "bulk_refusals": refusals,
        }
        html = render_to_string("claims/review.html#review-list", context, request=request)
        return fragment_response(request, html, message=" ".join([summary, *refusals]), event=event if result.decided else None,
                                 event_data={"ids": [link.pk for link in result.decided]})
    if result.decided:
        messages.success(request, summary)
    for refusal in refusals:
        messages.warning(request, refusal)
    return redirect(destination)


def _query_of(url: str):
    from django.http import QueryDict

    return QueryDict(url.partition("?")[2])
