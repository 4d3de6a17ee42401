"""Hardening 2: the public pages' cache version kept in the database; TRUNCATE of the
audit table refused again (0004 had allowed it for the test runner's flush); additions to
published material (appearances, aliases) wait for a reviewer (`public_state`)."""

from django.db import migrations, models

# The audit log refuses UPDATE and DELETE of any row (0002), and TRUNCATE of the table,
# unless the session says `SET claims.audit_truncate = 'allowed'`: the test runner's flush
# between transactional tests does (factcheck/settings_test.py), nothing in the app does.
# The stronger guard, a role with only INSERT and SELECT on the table, is in docs/deploy.md.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION claims_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('claims.audit_truncate', true) = 'allowed' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS claims_auditevent_no_truncate ON claims_auditevent;
CREATE TRIGGER claims_auditevent_no_truncate
    BEFORE TRUNCATE ON claims_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION claims_auditevent_append_only();
"""

PUBLIC_STATES = [("shown", "Shown"), ("pending", "Awaiting review"), ("withheld", "Withheld by a reviewer")]

BACK_TO_0004 = """
DROP TRIGGER IF EXISTS claims_auditevent_no_truncate ON claims_auditevent;
CREATE OR REPLACE FUNCTION claims_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_speaker_name_lookup_indexes")]

    operations = [
        migrations.CreateModel(
            name="PublicPageVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(APPEND_ONLY, BACK_TO_0004),
        migrations.AddField(
            model_name="appearance",
            name="public_state",
            field=models.CharField(choices=PUBLIC_STATES, default="shown", max_length=10),
        ),
        migrations.AddField(
            model_name="sourcealias",
            name="public_state",
            field=models.CharField(choices=PUBLIC_STATES, default="shown", max_length=10),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(condition=~models.Q(public_state="shown"), fields=["public_state"], name="appearance_awaiting_review"),
        ),
        migrations.AddIndex(
            model_name="sourcealias",
            index=models.Index(condition=~models.Q(public_state="shown"), fields=["public_state"], name="sourcealias_awaiting_review"),
        ),
    ]
