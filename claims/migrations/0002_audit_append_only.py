from django.db import migrations

# The audit log is evidence: the database itself refuses to change or remove a row,
# whatever code (or person with a SQL prompt) asks.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION claims_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_auditevent_no_update_or_delete
    BEFORE UPDATE OR DELETE ON claims_auditevent
    FOR EACH ROW EXECUTE FUNCTION claims_auditevent_append_only();

CREATE TRIGGER claims_auditevent_no_truncate
    BEFORE TRUNCATE ON claims_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION claims_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS claims_auditevent_no_truncate ON claims_auditevent;
DROP TRIGGER IF EXISTS claims_auditevent_no_update_or_delete ON claims_auditevent;
DROP FUNCTION IF EXISTS claims_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunSQL(APPEND_ONLY, DROP)]
