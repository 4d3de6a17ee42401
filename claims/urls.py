from django.urls import path

from claims.feeds import LatestPublishedFeed
from claims.public_cache import public_page
from claims.views import dashboard, public

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
]
