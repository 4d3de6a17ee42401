"""Newsroom roles are Django groups; these helpers are the one place that names them."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

EDITOR = "editor"
REVIEWER = "reviewer"
MODERATOR = "moderator"
ROLES = (EDITOR, REVIEWER, MODERATOR)


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
