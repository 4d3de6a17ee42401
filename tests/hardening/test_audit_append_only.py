"""Finding 10: the audit table refuses TRUNCATE (as the README says), and the stronger set-up
in docs/deploy.md (the app's role may only INSERT and SELECT audit rows) holds."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from claims.models import AuditEvent
from claims.services import audit_record

pytestmark = pytest.mark.django_db


def test_truncating_the_audit_table_is_refused(claim_factory):
    audit_record(actor=None, verb="claim-created", target=claim_factory())
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        # What every session but the test runner's flush has: no permission to truncate.
        cursor.execute("SET LOCAL claims.audit_truncate = ''")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the insert's deferred checks, done first
        cursor.execute("TRUNCATE claims_auditevent CASCADE")
    assert AuditEvent.objects.exists()


def test_an_app_role_with_insert_and_select_only_cannot_change_the_log(claim_factory):
    """The grants docs/deploy.md gives for the app's role, tried inside this transaction."""
    event = audit_record(actor=None, verb="claim-created", target=claim_factory())
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE claims_app_test_role NOLOGIN")
        cursor.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO claims_app_test_role")
        cursor.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO claims_app_test_role")
        cursor.execute("REVOKE UPDATE, DELETE, TRUNCATE ON claims_auditevent FROM claims_app_test_role")
        cursor.execute("SET LOCAL ROLE claims_app_test_role")
        cursor.execute("SET LOCAL claims.audit_truncate = 'allowed'")  # even the escape hatch does not help
        for statement in (
            "TRUNCATE claims_auditevent CASCADE",
            f"UPDATE claims_auditevent SET verb = 'tampered' WHERE id = {event.pk}",
            f"DELETE FROM claims_auditevent WHERE id = {event.pk}",
        ):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute(statement)
        cursor.execute("SELECT count(*) FROM claims_auditevent")
        assert cursor.fetchone()[0] >= 1
        cursor.execute("RESET ROLE")
