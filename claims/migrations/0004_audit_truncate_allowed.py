from django.db import migrations

# Row triggers (0002) keep every UPDATE and DELETE away from the audit log. TRUNCATE is an
# owner-only, whole-table operation (the test runner's flush between transactional tests,
# a restore into a scratch database); refusing it protected nothing the row triggers do not.
class Migration(migrations.Migration):
    dependencies = [("claims", "0003_newsroom_groups")]
    operations = [
        migrations.RunSQL(
            "DROP TRIGGER IF EXISTS claims_auditevent_no_truncate ON claims_auditevent;",
            """CREATE TRIGGER claims_auditevent_no_truncate BEFORE TRUNCATE ON claims_auditevent
               FOR EACH STATEMENT EXECUTE FUNCTION claims_auditevent_append_only();""",
        )
    ]
