"""Pages the public reads: only published material is visible."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from claims import selectors
from claims.models import Claim, Dispute, Source
from claims.roles import EDITOR, REVIEWER, has_role


def _can_preview(user) -> bool:
    return has_role(user, EDITOR, REVIEWER)


def home(request):
    return render(request, "claims/home.html", selectors.home_page())


def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.select_related("speaker"), slug=slug)
    if not claim.is_published and not _can_preview(request.user):
        raise Http404("No published claim here.")
    return render(request, "claims/claim_detail.html", selectors.claim_page(claim=claim))


def dispute_detail(request, slug):
    dispute = get_object_or_404(Dispute.objects.select_related("claim__speaker"), slug=slug)
    if dispute.status != Dispute.Status.PUBLISHED and not _can_preview(request.user):
        raise Http404("No published dispute here.")
    return render(request, "claims/dispute_detail.html", selectors.dispute_page(dispute=dispute))


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.active(), slug=slug)
    return render(request, "claims/source_detail.html", selectors.source_page(source=source))
