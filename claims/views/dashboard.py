"""The newsroom's starting page."""

from django.shortcuts import render

from claims import selectors
from claims.roles import EDITOR, MODERATOR, REVIEWER, role_required


@role_required(EDITOR, REVIEWER, MODERATOR)
def dashboard(request):
    return render(request, "claims/dashboard.html", selectors.dashboard_summary(user=request.user))
