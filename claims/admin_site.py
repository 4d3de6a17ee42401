"""The moderation admin site: Django admin, open to moderators and superusers only.

Editors and reviewers work on the editorial screens; `is_staff` alone is not enough here,
so a staff account outside the `moderator` group is refused as well.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from claims.roles import MODERATOR, user_roles


def can_moderate(user) -> bool:
    """Superusers, and active staff accounts in the moderator group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and MODERATOR in user_roles(user))


def editorial_url(name: str, fallback: str, *args) -> str:
    """The URL of an editorial screen, or its documented path while that screen is not built yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


class ModeratorAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_moderator": (
            "This account is not a moderator. Editors and reviewers work on the dashboard, "
            "not in the moderation admin."
        ),
    }

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise ValidationError(self.error_messages["inactive"], code="inactive")
        if not can_moderate(user):
            raise ValidationError(self.error_messages["not_moderator"], code="not_moderator")


class ModerationAdminSite(admin.AdminSite):
    site_header = "Claim Tracker moderation"
    site_title = "Claim Tracker moderation"
    index_title = "Moderation"
    site_url = "/"
    login_form = ModeratorAuthenticationForm

    def has_permission(self, request):
        return can_moderate(request.user)

    def each_context(self, request):
        context = super().each_context(request)
        context["dashboard_url"] = editorial_url("claims:dashboard", "/dashboard/")
        context["review_url"] = editorial_url("claims:review", "/review/")
        return context
