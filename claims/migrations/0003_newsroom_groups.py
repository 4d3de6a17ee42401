from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORIAL_MODELS = ["source", "sourcealias", "outlet", "article", "claim", "appearance", "claimlink", "dispute", "verdict"]

# What each newsroom role may do, as Django model permissions. Deleting is for nobody:
# editorial data is archived, never removed.
GROUP_PERMISSIONS = {
    "editor": [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        "add_source", "change_source", "add_sourcealias", "add_outlet", "change_outlet",
        "add_article", "add_claim", "change_claim", "add_appearance", "add_claimlink",
    ],
    "reviewer": [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        "change_claim", "change_claimlink", "add_claimlink", "add_dispute", "change_dispute",
        "add_verdict", "change_verdict",
    ],
    "moderator": [
        *(f"view_{model}" for model in EDITORIAL_MODELS),
        *(f"add_{model}" for model in EDITORIAL_MODELS),
        *(f"change_{model}" for model in EDITORIAL_MODELS),
        "view_auditevent",
    ],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_audit_append_only"), ("auth", "0012_alter_user_first_name_max_length"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
