from django.db import migrations

# The candidate queries (claims/matching/candidates.py) choose their terms from the
# most-common-lexeme list ANALYZE keeps for `search_vector`, and the planner picks the GIN
# index or a sequential scan from the same list. At the default target ANALYZE samples
# 30,000 rows and keeps ~1,000 lexemes, so a word in a few hundred claims of 120,000 is
# sometimes in the list and sometimes not, and the plan changed between two ANALYZEs of the
# same table (seen as a Seq Scan in tests/matching/test_explain.py, 1 run in 12). At 1000
# ANALYZE samples 300,000 rows and keeps ~10,000 lexemes.
class Migration(migrations.Migration):
    dependencies = [("claims", "0004_audit_truncate_allowed")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS 1000;",
            "ALTER TABLE claims_claim ALTER COLUMN search_vector SET STATISTICS -1;",
        )
    ]
