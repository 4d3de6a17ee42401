"""Every URL the resolver knows × every role, with the expected status code for each.

The URLs are discovered by walking `get_resolver().url_patterns`, so a new URL that is not
in MATRIX below fails `test_every_url_is_in_the_matrix`: whoever adds a view must decide
who may see it. Path converters are filled with real objects created here.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from claims import feed_services as services_feeds
from claims import services
from claims.models import Claim, ClaimLink, Dispute, FeedItem, FeedPoll
from tests import factories

ROLES = ("anonymous", "outsider", "editor", "reviewer", "moderator", "superuser")

# Shorthands: one code per role in ROLES order.
PUBLIC = (200, 200, 200, 200, 200, 200)
NEWSROOM = (302, 403, 200, 200, 200, 200)
HIDDEN_FROM_PUBLIC = (404, 404, 200, 200, 200, 200)  # drafts: newsroom previews, others 404
NEWSROOM_POST_ONLY = (302, 403, 405, 405, 405, 405)
REVIEWER_POST_ONLY = (302, 403, 403, 405, 405, 405)
EDITORS_ONLY = (302, 403, 200, 403, 200, 200)
STAFF_ONLY = (302, 302, 302, 302, 200, 200)           # admin: login redirect unless is_staff
ADMIN_SUPERUSER_ONLY = (302, 302, 302, 302, 403, 200)  # staff without the model permission get 403


@dataclass(frozen=True)
class Case:
    pattern: str                 # fnmatch over "namespace:name", or "route:<route>" for unnamed ones
    codes: tuple[int, ...]
    objects: str = "default"     # which objects fill the converters (see _kwargs)
    note: str = ""


MATRIX: list[Case] = [
    Case("healthz", PUBLIC),
    Case("login", PUBLIC),
    Case("logout", (405,) * 6, note="POST only"),
    Case("claims:home", PUBLIC),
    Case("claims:claim-detail", PUBLIC, objects="published"),
    Case("claims:claim-detail", HIDDEN_FROM_PUBLIC, objects="draft"),
    Case("claims:dispute-detail", PUBLIC, objects="published"),
    Case("claims:dispute-detail", HIDDEN_FROM_PUBLIC, objects="draft"),
    Case("claims:source-detail", PUBLIC),
    Case("claims:search", PUBLIC),
    Case("claims:feed", PUBLIC),
    Case("claims:claims-json", PUBLIC),
    Case("sitemap", PUBLIC),
    Case("robots-txt", PUBLIC),
    Case("claims:dashboard", NEWSROOM),
    # Review and workspace: editors and reviewers (moderators count as every role).
    Case("claims:review", NEWSROOM),
    Case("claims:link-decide", REVIEWER_POST_ONLY, note="POST only"),
    Case("claims:link-undo", REVIEWER_POST_ONLY, note="POST only"),
    Case("claims:published-additions", NEWSROOM),
    Case("claims:published-addition-decide", REVIEWER_POST_ONLY, note="POST only"),
    Case("claims:links-decide-bulk", REVIEWER_POST_ONLY, note="POST only"),
    Case("claims:workspace-claims", NEWSROOM),
    Case("claims:claim-workspace", NEWSROOM, objects="draft"),
    Case("claims:claim-edit", NEWSROOM_POST_ONLY, objects="draft", note="POST only"),
    Case("claims:claim-status", NEWSROOM_POST_ONLY, objects="draft", note="POST only"),
    Case("claims:claim-assign", NEWSROOM_POST_ONLY, objects="draft", note="POST only"),
    Case("claims:claim-link", NEWSROOM_POST_ONLY, objects="draft", note="POST only"),
    Case("claims:claim-merge", (302, 403, 403, 302, 302, 302), objects="draft", note="reviewers merge; without ?other= back to the workspace"),
    Case("claims:source-options", NEWSROOM),
    Case("claims:activity", NEWSROOM),
    # Came-back alerts (issue 18): decided by the newsroom; each user's feed needs their secret token.
    Case("claims:alert-decide", NEWSROOM_POST_ONLY, note="POST only"),
    Case("claims:alerts-feed", (404,) * 6, note="a wrong token is 404 for everyone"),
    # Import: editors only.
    Case("claims:import", EDITORS_ONLY),
    Case("claims:import-source-options", EDITORS_ONLY),
    Case("claims:import-result", EDITORS_ONLY),
    Case("claims:import-review", (302, 403, 302, 403, 302, 302), note="an unknown token goes back to the start"),
    # Django admin: staff only; moderators are staff.
    Case("admin:index", STAFF_ONLY),
    Case("admin:login", (200, 200, 200, 200, 302, 302), note="staff already in go to the index"),
    Case("admin:logout", (302, 302, 302, 302, 405, 405), note="POST only"),
    Case("admin:password_change", STAFF_ONLY),
    Case("admin:password_change_done", STAFF_ONLY),
    Case("admin:jsi18n", STAFF_ONLY),
    Case("admin:autocomplete", (302, 302, 302, 302, 403, 403), note="refuses a request without a field"),
    Case("admin:view_on_site", (302,) * 6, objects="published", note="redirects to the claim's public page"),
    Case("admin:app_list", (302, 302, 302, 302, 404, 200), objects="auth", note="moderators have no auth permission"),
    Case("admin:app_list", STAFF_ONLY, objects="claims"),
    Case("route:admin/(?P<url>.*)$", (302, 302, 302, 302, 404, 404), note="the admin's catch-all"),
    # Read-only admin pages: axes' records and task results are written by the system only.
    Case("admin:axes_*_add", (302, 302, 302, 302, 403, 403)),
    Case("admin:django_tasks_database_dbtaskresult_add", (302, 302, 302, 302, 403, 403)),
    Case("admin:django_tasks_database_dbtaskresult_delete", (302, 302, 302, 302, 403, 403)),
    # The editorial models: moderators view, add and change; nobody deletes (archive instead).
    Case("admin:claims_auditevent_add", (302, 302, 302, 302, 403, 403), note="audit rows are written by services"),
    *(Case(f"admin:claims_{model}_add", (302, 302, 302, 302, 403, 403), note="made by import and review, not by hand")
      for model in ("article", "claim", "appearance", "claimlink", "dispute")),
    *(Case(f"admin:claims_{model}_add", (302, 302, 302, 302, 403, 403), note="written by watch_feeds and the alert services")
      for model in ("feedpoll", "feeditem", "alert")),
    Case("admin:claims_auditevent_change", STAFF_ONLY, note="read-only view"),
    Case("admin:claims_*_delete", (302, 302, 302, 302, 403, 403), note="no deletes"),
    Case("admin:claims_*", STAFF_ONLY),
    Case("admin:auth_*", ADMIN_SUPERUSER_ONLY),
    Case("admin:axes_*", ADMIN_SUPERUSER_ONLY),
    Case("admin:django_tasks_database_*", ADMIN_SUPERUSER_ONLY),
    Case("route:admin/*/<path:object_id>/", (302,) * 6, note="redirects to the change page"),
]


# 302s for anonymous users that are not a login redirect.
REDIRECTS_ELSEWHERE = {"admin:view_on_site", "admin:logout"}


@dataclass(frozen=True)
class Route:
    key: str        # "namespace:name", or "route:<route>" when unnamed
    route: str
    parameters: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace) or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            parameters = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route))
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"route:{route}"
            yield Route(key, route, parameters)


def discovered_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def _cases_for(route: Route) -> list[Case]:
    """The first row that matches, and any later rows with the same pattern (object variants)."""
    matching = [case for case in MATRIX if fnmatch.fnmatchcase(route.key, case.pattern)]
    return [case for case in matching if case.pattern == matching[0].pattern] if matching else []


def _fill(route: Route, kwargs: dict) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: str(kwargs[match.group(1)]), route.route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_url_is_in_the_matrix():
    missing = [route.key for route in discovered_routes() if not _cases_for(route)]
    assert not missing, "URLs with no expected answers in MATRIX (add a Case for each):\n" + "\n".join(missing)


def test_every_matrix_row_matches_a_url():
    keys = [route.key for route in discovered_routes()]
    unused = [case.pattern for case in MATRIX if not any(fnmatch.fnmatchcase(key, case.pattern) for key in keys)]
    assert not unused, f"MATRIX rows that match no URL (stale?): {unused}"


def test_walker_finds_nested_and_unnamed_routes():
    keys = {route.key for route in discovered_routes()}
    assert {"claims:home", "claims:claim-detail", "admin:index", "healthz"} <= keys
    assert any(key.startswith("route:admin/") for key in keys)


@pytest.fixture
def world(editor, reviewer, moderator, superuser, outsider):
    """One real object of every kind the URLs point at, published and draft where it matters."""
    published = factories.ClaimFactory(status=Claim.Status.PUBLISHED)
    draft = factories.ClaimFactory(status=Claim.Status.DRAFT)
    counter = factories.ClaimFactory(status=Claim.Status.PUBLISHED)
    link = factories.ClaimLinkFactory(from_claim=counter, to_claim=published, status=ClaimLink.Status.CONFIRMED)
    shown = factories.AppearanceFactory(claim=published)
    factories.SourceAliasFactory(source=published.speaker)
    # Additions awaiting a reviewer, so that /review/additions/ lists something.
    factories.AppearanceFactory(claim=published, article=shown.article, start=50, end=60, public_state="pending")
    factories.SourceAliasFactory(source=counter.speaker, public_state="pending")
    factories.VerdictFactory(claim=published)
    published_dispute = factories.DisputeFactory(claim=published, status=Dispute.Status.PUBLISHED, published_at=timezone.now())
    published_dispute.links.add(link)
    draft_dispute = factories.DisputeFactory(claim=draft, status=Dispute.Status.DRAFT)
    services.claim_update(claim=draft, actor=editor, expected_version=draft.version, text="Edited draft text")
    now = timezone.now()
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    common = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "someone", "http_accept": "*/*",
              "path_info": "/accounts/login/", "attempt_time": now}
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)
    DBTaskResult.objects.create(enqueued_at=now, run_after=now, args_kwargs={"args": [], "kwargs": {}},
                                task_path="claims.tasks.example", backend_name="default",
                                exception_class_path="", traceback="")
    feed = services_feeds.feed_create(url="https://feeds.example/rss.xml", outlet=published.appearances.first().article.outlet
                                      or factories.OutletFactory(), actor=None)
    FeedPoll.objects.create(feed=feed, started_at=now, status=FeedPoll.Status.OK)
    FeedItem.objects.create(feed=feed, url="https://feeds.example/story", status=FeedItem.Status.IMPORTED,
                            article=published.appearances.first().article)
    alert = services_feeds.alert_create(claim_id=published.pk, appearance=published.appearances.first(), reason="test")
    users = {"anonymous": None, "outsider": outsider, "editor": editor, "reviewer": reviewer,
             "moderator": moderator, "superuser": superuser}
    return {"published": published, "draft": draft, "published_dispute": published_dispute, "link": link,
            "article": published.appearances.first().article,
            "draft_dispute": draft_dispute, "users": users, "alert": alert}


def _admin_object_id(route: Route) -> str:
    for model, model_admin in admin_site._registry.items():
        opts = model._meta
        if route.route.startswith(f"admin/{opts.app_label}/{opts.model_name}/"):
            instance = model._default_manager.order_by("pk").first()
            assert instance is not None, f"create a {opts.label} in the `world` fixture for {route.key}"
            return str(instance.pk)
    raise AssertionError(f"no admin model for {route.route}")


def _kwargs(route: Route, case: Case, world) -> dict:
    kwargs = {}
    for name in route.parameters:
        if name == "slug":
            if route.key == "claims:source-detail":
                kwargs[name] = world["published"].speaker.slug
            elif route.key == "claims:dispute-detail":
                kwargs[name] = world[f"{case.objects}_dispute"].slug
            else:
                kwargs[name] = world[case.objects].slug
        elif name == "pk" and route.key in ("claims:link-decide", "claims:link-undo"):
            kwargs[name] = world["link"].pk
        elif name == "pk" and route.key == "claims:import-result":
            kwargs[name] = world["article"].pk
        elif name == "pk":
            kwargs[name] = world[case.objects].pk
        elif name == "token":
            kwargs[name] = "no-such-import"
        elif name in ("object_id", "id") and route.route.startswith("admin/r/"):
            kwargs[name] = world["published"].pk
        elif name in ("object_id", "id"):
            kwargs[name] = _admin_object_id(route)
        elif name == "content_type_id":
            kwargs[name] = ContentType.objects.get_for_model(Claim).pk
        elif name == "app_label":
            kwargs[name] = case.objects
        elif name == "pk" and route.key.startswith("claims:link-"):
            kwargs[name] = ClaimLink.objects.order_by("pk").first().pk
        elif name == "pk" and route.key.startswith("claims:claim-"):
            kwargs[name] = world["draft"].pk
        elif name == "url":
            kwargs[name] = "no/such/admin/page/"
        elif name == "alert_id":
            kwargs[name] = world["alert"].pk
        elif name == "user_id":
            kwargs[name] = world["users"]["reviewer"].pk
        elif name == "feed_token":
            kwargs[name] = "not-the-secret"
        else:
            raise AssertionError(f"teach _kwargs how to fill <{name}> in {route.route}")
    return kwargs


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_matrix_says(world):
    assert apps.is_installed("claims")
    clients = {}
    for role, user in world["users"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    mismatches, checked = [], 0
    for route in discovered_routes():
        for case in _cases_for(route):
            path = _fill(route, _kwargs(route, case, world))
            for role, expected in zip(ROLES, case.codes, strict=True):
                response = clients[role].get(path)
                checked += 1
                if response.status_code != expected:
                    mismatches.append(f"{route.key} {path} as {role}: expected {expected}, got {response.status_code}")
                elif expected == 302 and role == "anonymous" and route.key not in REDIRECTS_ELSEWHERE \
                        and not route.key.startswith("route:admin/"):
                    if "login" not in response["Location"]:
                        mismatches.append(f"{route.key} {path} as anonymous redirects to {response['Location']}, not to a login")
    assert checked > 100
    assert not mismatches, "\n".join(mismatches)
