"""An AppConfig for django.contrib.admin whose `admin.site` is the moderation site.

It lives apart from claims/apps.py so that Django still finds ClaimsConfig on its own.
"""

from django.contrib.admin.apps import AdminConfig


class ModerationAdminConfig(AdminConfig):
    """django.contrib.admin with the moderation site as `admin.site` (still served at /admin/)."""

    default_site = "claims.admin_site.ModerationAdminSite"
