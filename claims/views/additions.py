"""The queue of additions to published material: appearances and aliases an editor (or an
import) added to a claim or source the public already sees. They show publicly once a
reviewer agrees; the newsroom sees them at once."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.models import Appearance, SourceAlias
from claims.roles import EDITOR, REVIEWER, has_role, role_required


class AdditionDecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("appearance", "Appearance"), ("alias", "Alias")])
    pk = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("show", "Show publicly"), ("withhold", "Withhold")])


@role_required(EDITOR, REVIEWER)
def published_additions(request):
    """Additions awaiting a reviewer, oldest first; reviewers decide, editors see what waits."""
    context = selectors.published_additions()
    context["can_decide"] = has_role(request.user, REVIEWER)
    return render(request, "claims/additions.html", context)


@role_required(REVIEWER)
@require_POST
def published_addition_decide(request):
    form = AdditionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That decision was not understood; use the buttons beside each addition.")
        return redirect("claims:published-additions")
    data = form.cleaned_data
    show = data["decision"] == "show"
    try:
        if data["kind"] == "appearance":
            services.appearance_review(appearance=get_object_or_404(Appearance, pk=data["pk"]), reviewer=request.user, show=show)
        else:
            services.source_alias_review(alias=get_object_or_404(SourceAlias, pk=data["pk"]), reviewer=request.user, show=show)
    except services.ServiceError as error:
        messages.error(request, str(error))
        response = render(request, "claims/additions.html", {**selectors.published_additions(), "can_decide": True}, status=409)
        return response
    messages.success(request, "Shown on the public page." if show else "Withheld from the public page.")
    return redirect("claims:published-additions")
