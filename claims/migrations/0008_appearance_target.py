import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


def fill_targets(apps, schema_editor):
    """Work out the target of every appearance already stored."""
    from claims.matching.targets import claim_target

    Appearance = apps.get_model("claims", "Appearance")
    batch = []
    for appearance in Appearance.objects.select_related("article").order_by("pk").iterator(chunk_size=500):
        found = claim_target(text=appearance.article.text, title=appearance.article.title, start=appearance.start, end=appearance.end)
        appearance.target, appearance.target_named = found.text, list(found.named)
        batch.append(appearance)
        if len(batch) >= 500:
            Appearance.objects.bulk_update(batch, ["target", "target_named"])
            batch = []
    Appearance.objects.bulk_update(batch, ["target", "target_named"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_hardening")]

    operations = [
        migrations.AddField(
            model_name="appearance",
            name="target",
            field=models.TextField(blank=True, db_default="", help_text="What the quote answers or is about, from the text around it (claims/matching/targets.py)."),
        ),
        migrations.AddField(
            model_name="appearance",
            name="target_named",
            field=models.JSONField(blank=True, default=list, db_default=[], help_text="Other sources the quote or its attribution names (\"Trump\" in \"Trump's claim\")."),
        ),
        migrations.AddField(
            model_name="appearance",
            name="target_search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("target", config="english"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=django.contrib.postgres.indexes.GinIndex(fields=["target_search"], name="appearance_target_search"),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=django.contrib.postgres.indexes.GinIndex(fields=["target_named"], name="appearance_target_named"),
        ),
        migrations.RunPython(fill_targets, migrations.RunPython.noop),
    ]
