"""Template context shared by every page."""

from claims.roles import user_roles


def roles(request):
    """Which newsroom roles the signed-in user has, for navigation."""
    return {"roles": user_roles(getattr(request, "user", None))}
