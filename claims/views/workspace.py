"""The claim workspace: edit, link, merge, assign and move a claim through its statuses."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from claims import selectors, services
from claims.models import Claim, ClaimLink
from claims.review_forms import (
    ClaimAssignForm,
    ClaimEditForm,
    ClaimLinkForm,
    ClaimListFilterForm,
    ClaimMergeForm,
    ClaimStatusForm,
)
from claims.roles import EDITOR, REVIEWER, has_role, role_required
from claims.views.editorial import fragment_response, htmx_target, next_url

# Events after which the parts of the workspace that show a claim's state reload.
CLAIM_EVENTS = ("claim-updated", "claim-submitted", "claim-published", "claim-unpublished", "claim-archived", "claim-restored", "claim-assigned")
LINK_EVENTS = ("link-suggested", "link-confirmed", "link-rejected", "link-reopened")

WORKSPACE_PARTIALS = ("claim-summary", "claim-edit", "claim-actions", "claim-links", "claim-search-results", "claim-history")
STATUS_VERBS = {
    Claim.Status.REVIEW: ("Submit for review", "claim-submitted"),
    Claim.Status.PUBLISHED: ("Publish", "claim-published"),
    Claim.Status.DRAFT: ("Back to draft", "claim-unpublished"),
    Claim.Status.ARCHIVED: ("Archive", "claim-archived"),
    "restore": ("Restore as draft", "claim-restored"),
}
_TRANSITIONS = {
    Claim.Status.DRAFT: [Claim.Status.REVIEW, Claim.Status.PUBLISHED, Claim.Status.ARCHIVED],
    Claim.Status.REVIEW: [Claim.Status.PUBLISHED, Claim.Status.DRAFT, Claim.Status.ARCHIVED],
    Claim.Status.PUBLISHED: [Claim.Status.DRAFT, Claim.Status.ARCHIVED],
    Claim.Status.ARCHIVED: ["restore"],
}


def _listens(events) -> str:
    return ", ".join(f"{event} from:body" for event in events)


def can_edit(user, claim) -> bool:
    """Editors edit drafts and claims in review; reviewers and moderators edit any claim."""
    if claim.merged_into_id:
        return False
    if has_role(user, REVIEWER):
        return True
    return has_role(user, EDITOR) and claim.status in (Claim.Status.DRAFT, Claim.Status.REVIEW)


def can_set_status(user, claim, status: str) -> bool:
    """Editors may submit a draft for review; publishing, unpublishing, archiving and restoring are for reviewers."""
    if has_role(user, REVIEWER):
        return True
    return has_role(user, EDITOR) and status == Claim.Status.REVIEW and claim.status == Claim.Status.DRAFT


def _status_actions(user, claim) -> list[dict]:
    if claim.merged_into_id:
        return []
    return [
        {"status": status, "label": STATUS_VERBS[status][0], "danger": status == Claim.Status.ARCHIVED}
        for status in _TRANSITIONS[claim.status]
        if can_set_status(user, claim, status)
    ]


def _workspace_context(request, claim_id: int, **extra) -> dict:
    context = selectors.claim_workspace(claim_id=claim_id)
    claim = context["claim"]
    query = (request.GET.get("q") or "").strip()
    context.update(
        {
            "edit_form": extra.pop("edit_form", None) or ClaimEditForm(initial=_edit_initial(claim)),
            "can_edit": can_edit(request.user, claim),
            "can_review": has_role(request.user, REVIEWER),
            "status_actions": _status_actions(request.user, claim),
            "search_query": query,
            "search_results": selectors.claim_search_results(query=query, exclude=claim) if query else [],
            "relations": ClaimLink.Relation.choices,
            "claim_events": _listens(CLAIM_EVENTS),
            "link_events": _listens(LINK_EVENTS),
            "all_events": _listens(CLAIM_EVENTS + LINK_EVENTS),
            "source_options": selectors.source_autocomplete(query=claim.speaker.name),
        }
    )
    context.update(extra)
    return context


def _edit_initial(claim) -> dict:
    return {"version": claim.version, "text": claim.text, "speaker": claim.speaker.name, "stated_on": claim.stated_on}


def _get_claim(pk) -> Claim:
    return get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)


def _partial(request, claim_id: int, name: str, *, status=200, event=None, message="", **extra):
    html = render_to_string(f"claims/workspace.html#{name}", _workspace_context(request, claim_id, **extra), request=request)
    return fragment_response(request, html, status=status, event=event, message=message)


@role_required(EDITOR, REVIEWER)
@vary_on_headers("HX-Request")
def claim_list(request):
    """Every open claim, filtered by status, assignee, speaker or text."""
    form = ClaimListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    assignee_name = (data.get("assignee") or "").strip()
    assignee, unassigned, unknown_assignee = None, False, False
    if assignee_name.lower() == "me":
        assignee = request.user
    elif assignee_name.lower() == "none":
        unassigned = True
    elif assignee_name:
        assignee = get_user_model().objects.filter(username__iexact=assignee_name).first()
        unknown_assignee = assignee is None
    page = selectors.workspace_claims(
        status=data.get("status", ""), assignee=assignee, unassigned=unassigned,
        speaker=(data.get("speaker") or "").strip(), query=(data.get("q") or "").strip(),
        page=request.GET.get("page") or 1,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "claims": [] if unknown_assignee else list(page.object_list),
        "unknown_assignee": assignee_name if unknown_assignee else "", "filter_query": query.urlencode(),
    }
    if htmx_target(request) == "claim-list-results":
        return render(request, "claims/workspace_claims.html#claim-list-results", context)
    return render(request, "claims/workspace_claims.html", context)


@role_required(EDITOR, REVIEWER)
@vary_on_headers("HX-Request")
def claim_workspace(request, pk):
    """The claim with its appearances, links, search, actions and history; htmx asks for one part."""
    claim = _get_claim(pk)
    target = htmx_target(request)
    if target in WORKSPACE_PARTIALS:
        return _partial(request, claim.pk, target)
    return render(request, "claims/workspace.html", _workspace_context(request, claim.pk))


@role_required(EDITOR, REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def claim_edit(request, pk):
    """Save text, speaker and date; a stale version is refused with the current values (409)."""
    claim = _get_claim(pk)
    if not can_edit(request.user, claim):
        raise PermissionDenied("Editors change drafts and claims in review; ask a reviewer to change this one.")
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _partial(request, claim.pk, "claim-edit", status=422, message="The claim was not saved: check the marked fields.", edit_form=form)
        return render(request, "claims/workspace.html", _workspace_context(request, claim.pk, edit_form=form), status=422)
    data = form.cleaned_data
    try:
        updated = services.claim_update(
            claim=claim, actor=request.user, expected_version=data["version"],
            text=data["text"], speaker=data["speaker"], stated_on=data["stated_on"],
        )
    except services.StaleEdit as error:
        current = error.current
        notice = "Someone else changed this claim while you were editing. The form now shows the current values; your version is kept below so you can copy from it."
        extra = {"edit_form": ClaimEditForm(initial=_edit_initial(current)), "edit_conflict": notice, "your_values": data}
        if request.htmx:
            return _partial(request, claim.pk, "claim-edit", status=409, message=notice, **extra)
        return render(request, "claims/workspace.html", _workspace_context(request, claim.pk, **extra), status=409)
    except services.ServiceError as error:
        if request.htmx:
            return _partial(request, claim.pk, "claim-edit", status=422, message=str(error), edit_form=form, edit_error=str(error))
        messages.error(request, str(error))
        return redirect("claims:claim-workspace", pk=claim.pk)
    message = "Claim saved." if updated.version != data["version"] else "Nothing changed."
    if request.htmx:
        return _partial(request, claim.pk, "claim-edit", event="claim-updated", message=message, edit_saved=message)
    messages.success(request, message)
    return redirect("claims:claim-workspace", pk=claim.pk)


@role_required(EDITOR, REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def claim_status(request, pk):
    """Move a claim to another status (editors may only submit drafts for review)."""
    claim = _get_claim(pk)
    form = ClaimStatusForm(request.POST)
    if not form.is_valid():
        return _action_failed(request, claim, "That status change was not understood; pick one of the buttons.", status=422)
    status = form.cleaned_data["status"]
    if not can_set_status(request.user, claim, status):
        raise PermissionDenied("Your role does not allow this change of status.")
    label, event = STATUS_VERBS[status]
    try:
        if status == "restore":
            services.claim_restore(claim=claim, actor=request.user, expected_version=form.cleaned_data["version"])
        else:
            services.claim_set_status(claim=claim, status=status, actor=request.user, expected_version=form.cleaned_data["version"])
    except services.StaleEdit:
        return _action_failed(request, claim, "Someone else changed this claim first; its current state is shown.", status=409)
    except services.ServiceError as error:
        return _action_failed(request, claim, str(error), status=422)
    claim.refresh_from_db()
    message = f"Claim is now {claim.get_status_display().lower()}."
    return _action_done(request, claim, event, message)


@role_required(EDITOR, REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def claim_assign(request, pk):
    """Give the claim to a reviewer, or to nobody."""
    claim = _get_claim(pk)
    form = ClaimAssignForm(request.POST)
    if not form.is_valid():
        return _action_failed(request, claim, "Pick a reviewer from the list.", status=422)
    assignee = form.cleaned_data["assignee"]
    try:
        services.claim_assign(claim=claim, assignee=assignee, actor=request.user, expected_version=form.cleaned_data["version"])
    except services.StaleEdit:
        return _action_failed(request, claim, "Someone else changed this claim first; its current state is shown.", status=409)
    claim.refresh_from_db()
    message = f"Assigned to {assignee.get_username()}." if assignee else "Nobody is assigned now."
    return _action_done(request, claim, "claim-assigned", message)


def _action_done(request, claim, event, message):
    if request.htmx:
        return _partial(request, claim.pk, "claim-actions", event=event, message=message, refresh_version=True)
    messages.success(request, message)
    return redirect(next_url(request, reverse("claims:claim-workspace", args=[claim.pk])))


def _action_failed(request, claim, problem, *, status):
    if request.htmx:
        return _partial(request, claim.pk, "claim-actions", status=status, message=problem, action_error=problem, refresh_version=True)
    messages.error(request, problem)
    if status == 409:
        return render(request, "claims/workspace.html", _workspace_context(request, claim.pk, action_error=problem), status=409)
    return redirect(next_url(request, reverse("claims:claim-workspace", args=[claim.pk])))


@role_required(EDITOR, REVIEWER)
@require_POST
@vary_on_headers("HX-Request")
def claim_link(request, pk):
    """Propose a link between this claim and another (reviewers may confirm it at once)."""
    claim = _get_claim(pk)
    form = ClaimLinkForm(request.POST)
    if not form.is_valid():
        problem = " ".join(error for errors in form.errors.values() for error in errors)
        return _link_failed(request, claim, problem)
    data = form.cleaned_data
    if data["confirm"] and not has_role(request.user, REVIEWER):
        raise PermissionDenied("Only reviewers confirm links.")
    other = data["other"]
    from_claim, to_claim = (claim, other) if data["direction"] == ClaimLinkForm.FROM_THIS else (other, claim)
    try:
        # Proposing and confirming at once is one action: both happen or neither does.
        with transaction.atomic():
            link = services.link_suggest(
                from_claim=from_claim, to_claim=to_claim, relation=data["relation"], actor=request.user,
                note=data["note"], reasons=[f"proposed by {request.user.get_username()}"],
            )
            event = "link-suggested"
            if data["confirm"] and link.status == ClaimLink.Status.SUGGESTED:
                link = services.link_confirm(link=link, reviewer=request.user, expected_version=link.version)
                event = "link-confirmed"
    except services.ServiceError as error:
        return _link_failed(request, claim, str(error))
    if link.status == ClaimLink.Status.SUGGESTED:
        message = f"Link proposed: {from_claim.speaker.name} {link.get_relation_display().lower()} {to_claim.speaker.name}. It waits in the review queue."
    else:
        message = f"Link {link.get_status_display().lower()}: {from_claim.speaker.name} {link.get_relation_display().lower()} {to_claim.speaker.name}."
    if request.htmx:
        return _partial(request, claim.pk, "claim-links", event=event, message=message)
    messages.success(request, message)
    return redirect("claims:claim-workspace", pk=claim.pk)


def _link_failed(request, claim, problem):
    if request.htmx:
        return _partial(request, claim.pk, "claim-links", status=422, message=problem, link_error=problem)
    messages.error(request, problem)
    return redirect("claims:claim-workspace", pk=claim.pk)


@role_required(REVIEWER)
@vary_on_headers("HX-Request")
def claim_merge(request, pk):
    """Confirm, then fold one claim into the other (claim_merge); the survivor's workspace follows."""
    claim = _get_claim(pk)
    if claim.merged_into_id:
        messages.error(request, "This claim was already merged into another.")
        return redirect("claims:claim-workspace", pk=claim.merged_into_id)
    form = ClaimMergeForm(request.POST or None, initial={"other": request.GET.get("other")})
    other = None
    if request.method == "POST":
        if form.is_valid():
            other = form.cleaned_data["other"]
            versions = {claim.pk: form.cleaned_data["this_version"], other.pk: form.cleaned_data["other_version"]}
            survivor, duplicate = (claim, other) if form.cleaned_data["keep"] == ClaimMergeForm.KEEP_THIS else (other, claim)
            try:
                survivor = services.claim_merge(
                    survivor=survivor, duplicate=duplicate, actor=request.user,
                    survivor_version=versions[survivor.pk], duplicate_version=versions[duplicate.pk],
                )
            except services.StaleEdit as error:
                # Show both claims as they are now, with their new versions, and say why.
                messages.error(request, str(error))
                claim = _get_claim(claim.pk)
                other = Claim.objects.select_related("speaker").filter(pk=other.pk).first()
                if claim.merged_into_id or other is None or other.merged_into_id:
                    return redirect("claims:claim-workspace", pk=claim.merged_into_id or claim.pk)
                return render(request, "claims/workspace_merge.html", {"claim": claim, "other": other, "form": ClaimMergeForm(initial={"other": other.pk})}, status=409)
            except services.ServiceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"Claim {duplicate.pk} was merged into this one; its appearances and links moved here.")
                return redirect("claims:claim-workspace", pk=survivor.pk)
        other_id = request.POST.get("other", "")
    else:
        other_id = request.GET.get("other", "")
    if other is None and str(other_id).isdigit():
        other = Claim.objects.select_related("speaker").filter(pk=other_id, merged_into__isnull=True).exclude(pk=claim.pk).first()
    if other is None:
        messages.error(request, "Pick the duplicate to merge from the search in the workspace.")
        return redirect("claims:claim-workspace", pk=claim.pk)
    return render(request, "claims/workspace_merge.html", {"claim": claim, "other": other, "form": form}, status=422 if form.errors else 200)


@role_required(EDITOR, REVIEWER)
@vary_on_headers("HX-Request")
def source_options(request):
    """The speaker autocomplete: a datalist of sources whose name or alias matches."""
    sources = selectors.source_autocomplete(query=request.GET.get("speaker", ""))
    return render(request, "claims/workspace.html#speaker-options", {"source_options": sources})


@role_required(EDITOR, REVIEWER)
def activity(request):
    """The whole audit log, newest first."""
    verb = (request.GET.get("verb") or "").strip()
    page = selectors.activity_log(page=request.GET.get("page") or 1, verb=verb)
    return render(request, "claims/activity.html", {"page": page, "events": list(page.object_list), "verb": verb})
