"""Newsroom roles are Django groups; these helpers are the one place that names them."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

EDITOR = "editor"
REVIEWER = "reviewer"
MODERATOR = "moderator"
ROLES = (EDITOR, REVIEWER, MODERATOR)

EDITORIAL_MODELS = ("source", "sourcealias", "outlet", "article", "claim", "appearance", "claimlink", "dispute", "verdict")

# What each newsroom role may do, as Django model permissions. Deleting is for nobody:
# editorial data is archived, never removed.
GROUP_PERMISSIONS = {
    EDITOR: [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        "add_source", "change_source", "add_sourcealias", "add_outlet", "change_outlet",
        "add_article", "add_claim", "change_claim", "add_appearance", "add_claimlink",
    ],
    REVIEWER: [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        "change_claim", "change_claimlink", "add_claimlink", "add_dispute", "change_dispute",
        "add_verdict", "change_verdict",
    ],
    MODERATOR: [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        *(f"add_{model}" for model in EDITORIAL_MODELS),
        *(f"change_{model}" for model in EDITORIAL_MODELS),
        "view_auditevent",
        "view_feed", "add_feed", "change_feed", "view_feedpoll", "view_feeditem", "view_alert",
    ],
}


def ensure_groups(**kwargs) -> None:
    """Create the newsroom groups with their permissions; safe to call any number of times.

    Runs after every migrate (and after the test runner flushes a database), so the
    groups exist wherever the tables do.
    """
    from django.contrib.auth.models import Group, Permission

    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def user_roles(user) -> frozenset[str]:
    """The roles a user holds; a superuser holds them all."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    cached = getattr(user, "_newsroom_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._newsroom_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """True when the user holds any of `roles` (moderators count as every role)."""
    held = user_roles(user)
    return bool(held & set(roles)) or MODERATOR in held


def role_required(*roles: str):
    """View decorator: anonymous users go to login, users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
