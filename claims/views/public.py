"""Pages the public reads: only published material is visible; the newsroom may preview the rest."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from claims import selectors
from claims.models import Claim, Dispute, Source
from claims.public_cache import public_page
from claims.ratelimit import rate_limit
from claims.roles import EDITOR, MODERATOR, REVIEWER, has_role
from claims.structured_data import SITE_NAME, claim_structured_data, json_ld_dumps

SEARCH_PAGE_SIZE = 20
API_PAGE_SIZE = 50


def _can_preview(user) -> bool:
    return has_role(user, EDITOR, REVIEWER, MODERATOR)


def _page_meta(request, *, path: str, title: str, description: str, kind: str = "article") -> dict:
    return {
        "canonical_url": request.build_absolute_uri(path),
        "meta_title": title,
        "meta_description": Truncator(" ".join(description.split())).chars(200),
        "og_type": kind,
        "site_name": SITE_NAME,
    }


@require_safe
@public_page
def home(request):
    context = selectors.home_page()
    context.update(_page_meta(request, path="/", title="Claims and counterclaims", kind="website",
                              description="Statements from public figures and organisations, each shown beside the statements that deny, contradict, support or qualify it, with every source."))
    return render(request, "claims/home.html", context)


@require_safe
@public_page
def claim_detail(request, slug):
    claim = Claim.objects.select_related("speaker", "merged_into").filter(slug=slug).first()
    if claim is None:
        raise Http404("No claim here.")
    if claim.merged_into_id and claim.merged_into.is_published and not claim.is_published:
        return redirect(claim.merged_into, permanent=True)
    if not claim.is_published and not _can_preview(request.user):
        raise Http404("No published claim here.")
    context = selectors.claim_page(claim=claim)
    page_url = request.build_absolute_uri(claim.get_absolute_url())
    context.update(_page_meta(request, path=claim.get_absolute_url(), title=f"{claim.speaker.name}: “{Truncator(claim.text).words(14)}”",
                              description=f"{claim.speaker.name}: “{claim.text}”"))
    if claim.is_published:
        context["json_ld"] = json_ld_dumps(
            claim_structured_data(
                claim=claim,
                appearances=context["appearances"],
                said_on=context["said_on"],
                verdict=context["verdict"],
                page_url=page_url,
                source_url=request.build_absolute_uri(claim.speaker.get_absolute_url()),
                site_url=request.build_absolute_uri("/"),
            )
        )
    return render(request, "claims/claim_detail.html", context)


@require_safe
@public_page
def dispute_detail(request, slug):
    dispute = Dispute.objects.select_related("claim__speaker").filter(slug=slug).first()
    if dispute is None:
        raise Http404("No dispute here.")
    published = dispute.status == Dispute.Status.PUBLISHED and dispute.claim.is_published
    if not published and not _can_preview(request.user):
        raise Http404("No published dispute here.")
    context = selectors.dispute_page(dispute=dispute)
    context["published"] = published
    context.update(_page_meta(request, path=dispute.get_absolute_url(), title=dispute.title,
                              description=dispute.summary or f"{dispute.claim.speaker.name}: “{dispute.claim.text}”"))
    return render(request, "claims/dispute_detail.html", context)


@require_safe
@public_page
def source_detail(request, slug):
    source = Source.objects.select_related("merged_into").filter(slug=slug).first()
    if source is None:
        raise Http404("No source here.")
    if source.merged_into_id:
        return redirect(source.merged_into, permanent=True)
    context = selectors.source_page(source=source)
    if not context["claims"] and not _can_preview(request.user):
        raise Http404("No published claims from this source.")
    context.update(_page_meta(request, path=source.get_absolute_url(), title=source.name, kind="profile",
                              description=source.description or f"Published claims by {source.name}, and who denied or contradicted them."))
    return render(request, "claims/source_detail.html", context)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, label="Search claims")
    speaker = forms.SlugField(required=False, label="Speaker")
    outlet = forms.SlugField(required=False, label="Outlet")
    date_from = forms.DateField(required=False, label="Said from", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="Said until", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "“Said until” must be on or after “Said from”.")
        return data


@require_safe
@public_page(timeout=300, params=("q", "speaker", "outlet", "date_from", "date_to", "page"))
@rate_limit(scope="search", rate_setting="RATELIMIT_SEARCH", methods=("GET", "HEAD"))  # cache hits are not counted
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    results = selectors.claim_search(
        query=filters.get("q", ""),
        speaker=filters.get("speaker", ""),
        outlet=filters.get("outlet", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    for claim in page.object_list:
        claim.highlighted = selectors.highlight(claim.headline) if hasattr(claim, "headline") else None
    context = {
        "form": form,
        "page": page,
        "query": filters.get("q", ""),
        "filtered": any(name != "q" for name in filters),
        **selectors.search_filter_choices(),
        **_page_meta(request, path=reverse("claims:search"), title="Search claims", kind="website",
                     description="Full-text search over every published claim."),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "claims/search.html#search-results" if partial else "claims/search.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_safe
@public_page(params=("page",))
def claims_json(request):
    """Published claims with the fields of `export_claims`, 50 a page (`?page=N`)."""
    claims = Claim.objects.published().select_related("speaker").order_by("-published_at", "-id")
    paginator = Paginator(claims, API_PAGE_SIZE)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return JsonResponse({"error": "page must be a whole number"}, status=400)
    if number < 1 or (number > paginator.num_pages):
        return JsonResponse({"error": f"page must be between 1 and {paginator.num_pages}"}, status=404)
    page = paginator.page(number)
    base = request.build_absolute_uri(reverse("claims:claims-json"))
    return JsonResponse(
        {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "per_page": API_PAGE_SIZE,
            "next": f"{base}?page={number + 1}" if page.has_next() else None,
            "previous": f"{base}?page={number - 1}" if page.has_previous() else None,
            "results": [
                {**row, "url": request.build_absolute_uri(reverse("claims:claim-detail", kwargs={"slug": row["slug"]}))}
                for row in selectors.published_claims_export(claims=page.object_list)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


ROBOTS_DISALLOWED = ("/dashboard/", "/review/", "/import/", "/admin/", "/workspace/", "/accounts/")


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
