from django.urls import path

from claims.feeds import LatestPublishedFeed
from claims.public_cache import public_page
from claims.views import dashboard, importing, public

app_name = "claims"

urlpatterns = [
    path("", public.home, name="home"),
    path("claims/<slug:slug>/", public.claim_detail, name="claim-detail"),
    path("disputes/<slug:slug>/", public.dispute_detail, name="dispute-detail"),
    path("sources/<slug:slug>/", public.source_detail, name="source-detail"),
    path("search/", public.search, name="search"),
    path("feeds/claims.atom", public_page(LatestPublishedFeed()), name="feed"),
    path("api/claims.json", public.claims_json, name="claims-json"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("import/", importing.import_start, name="import"),
    path("import/sources/", importing.source_options, name="import-source-options"),
    path("import/articles/<int:pk>/", importing.import_result, name="import-result"),
    path("import/<str:token>/", importing.import_review, name="import-review"),
]
