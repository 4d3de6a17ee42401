"""Claims carry their article's language, and the search vector reads each claim with its
language's text-search configuration (german, french, spanish, russian; `simple_unaccent`
for Ukrainian, which PostgreSQL cannot stem; english otherwise).

A generated column's expression cannot be altered in place, so the column and its GIN index
are dropped and added again (the stored vectors are recomputed), and the statistics target
of 0005 is set again on the new column.
"""
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import claims.querysets

SIMPLE_UNACCENT = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION simple_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;
"""

# A claim takes the language of the article it first appeared in.
CLAIM_LANGUAGE_FROM_ARTICLE = """
UPDATE claims_claim AS claim SET language = first.language
FROM (
    SELECT DISTINCT ON (appearance.claim_id) appearance.claim_id, article.language
    FROM claims_appearance AS appearance JOIN claims_article AS article ON article.id = appearance.article_id
    ORDER BY appearance.claim_id, appearance.id
) AS first
WHERE first.claim_id = claim.id AND first.language <> '';
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_appearance_target")]

    operations = [
        migrations.RunSQL(SIMPLE_UNACCENT, "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent;"),
        migrations.AddField(
            model_name="claim",
            name="language",
            field=models.CharField(blank=True, db_default="", default="", help_text="ISO 639-1 code of the article it was first found in.", max_length=12),
        ),
        migrations.RunSQL(CLAIM_LANGUAGE_FROM_ARTICLE, migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="claim", name="claim_search_vector"),
        migrations.RemoveField(model_name="claim", name="search_vector"),
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=claims.querysets.claim_search_vector(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="claim_search_vector"),
        ),
        migrations.RunSQL(
            "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS 1000;",
            "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS -1;",
        ),
    ]
