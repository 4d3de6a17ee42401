from django.urls import path

from claims.feeds import LatestPublishedFeed
from claims.public_cache import public_page
from claims.views import additions, alerts, dashboard, importing, public, review, workspace

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
    path("dashboard/alerts/<int:alert_id>/decide/", alerts.alert_decide, name="alert-decide"),
    path("alerts/<int:user_id>/<str:feed_token>.atom", alerts.alerts_feed, name="alerts-feed"),
    path("review/", review.review, name="review"),
    path("review/links/<int:pk>/decide/", review.link_decide, name="link-decide"),
    path("review/links/<int:pk>/undo/", review.link_undo, name="link-undo"),
    path("review/additions/", additions.published_additions, name="published-additions"),
    path("review/additions/decide/", additions.published_addition_decide, name="published-addition-decide"),
    path("review/links/bulk/", review.links_decide_bulk, name="links-decide-bulk"),
    path("workspace/claims/", workspace.claim_list, name="workspace-claims"),
    path("workspace/claims/<int:pk>/", workspace.claim_workspace, name="claim-workspace"),
    path("workspace/claims/<int:pk>/edit/", workspace.claim_edit, name="claim-edit"),
    path("workspace/claims/<int:pk>/status/", workspace.claim_status, name="claim-status"),
    path("workspace/claims/<int:pk>/assign/", workspace.claim_assign, name="claim-assign"),
    path("workspace/claims/<int:pk>/link/", workspace.claim_link, name="claim-link"),
    path("workspace/claims/<int:pk>/merge/", workspace.claim_merge, name="claim-merge"),
    path("workspace/sources/", workspace.source_options, name="source-options"),
    path("workspace/activity/", workspace.activity, name="activity"),
    path("import/", importing.import_start, name="import"),
    path("import/sources/", importing.source_options, name="import-source-options"),
    path("import/articles/<int:pk>/", importing.import_result, name="import-result"),
    path("import/<str:token>/", importing.import_review, name="import-review"),
]
