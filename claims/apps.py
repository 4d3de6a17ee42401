from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from claims.roles import ensure_groups

        # After auth's own post_migrate handler has created the permissions.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="claims-ensure-groups")
