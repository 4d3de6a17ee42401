"""`make backup` / `make restore`: a round trip keeps every claim, link and audit row."""

import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims import services
from claims.models import AuditEvent, Claim, ClaimLink
from tests import factories

TABLES = ["claims_claim", "claims_claimlink", "claims_auditevent", "claims_source", "claims_appearance", "auth_user"]


def _url(database: dict, name: str) -> str:
    user = quote(database.get("USER") or "")
    password = f":{quote(str(database['PASSWORD']))}" if database.get("PASSWORD") else ""
    host = str(database.get("HOST") or "")
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


@pytest.fixture
def scratch_database():
    """A separate, empty database on the same server, dropped afterwards."""
    database = connection.settings_dict
    name = f"scratch_restore_{uuid.uuid4().hex[:8]}"
    admin_url = _url(database, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url(database, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(cursor, table):
    cursor.execute(f"SELECT * FROM {table} ORDER BY id")
    return cursor.fetchall()


def _snapshot_default():
    return _snapshot(_url(connection.settings_dict, connection.settings_dict["NAME"]))


def _snapshot(url):
    with psycopg.connect(url) as other, other.cursor() as cursor:
        return {table: _rows(cursor, table) for table in TABLES}


def _make_newsroom_history():
    editor = factories.UserFactory(username="backup-editor", role="editor")
    reviewer = factories.UserFactory(username="backup-reviewer", role="reviewer")
    speaker = services.source_create(name="Général Ünïcode", actor=editor)
    other = services.source_create(name="Ministry of Examples", actor=editor)
    claim = services.claim_create(speaker=speaker, text="The bridge was never closed — «ever».", actor=editor)
    counter = services.claim_create(speaker=other, text="The bridge was closed for three days.", actor=editor)
    link = services.link_suggest(from_claim=counter, to_claim=claim, relation="denies", score=0.8, reasons=["negation"], actor=editor)
    services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version, note="checked")
    services.claim_publish(claim=claim, actor=reviewer)
    return editor


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_keeps_every_row(tmp_path, scratch_database):
    _make_newsroom_history()
    before = _snapshot_default()
    assert before["claims_auditevent"] and before["claims_claimlink"] and len(before["claims_claim"]) == 2

    call_command("backup", folder=str(tmp_path))
    [dump] = list(tmp_path.glob("*.dump"))
    call_command("restore", str(dump), database_url=scratch_database)
    assert _snapshot(scratch_database) == before

    # Restoring over a database that has moved on (more audit rows, which the trigger
    # protects from DELETE) replaces its contents and re-arms the trigger.
    with psycopg.connect(scratch_database) as other:
        other.execute(
            "INSERT INTO claims_auditevent (verb, target_type_id, target_id, target_repr, data, created_at)"
            " SELECT 'later-event', target_type_id, target_id, '', '{}', now() FROM claims_auditevent LIMIT 1"
        )
    call_command("restore", str(dump), database_url=scratch_database)
    assert _snapshot(scratch_database) == before
    with psycopg.connect(scratch_database) as other:
        with pytest.raises(psycopg.errors.RestrictViolation):
            other.execute("DELETE FROM claims_auditevent")


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_broken_file_leaves_the_database_unchanged(tmp_path):
    _make_newsroom_history()
    before = _snapshot_default()
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP this is not really an archive")
    with pytest.raises(CommandError, match="not a pg_dump custom-format archive"):
        call_command("restore", str(broken))
    assert _snapshot_default() == before
    assert Claim.objects.count() == 2 and ClaimLink.objects.count() == 1 and AuditEvent.objects.exists()


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore", str(tmp_path / "nothing.dump"))


@pytest.mark.django_db(transaction=True)
def test_backups_get_timestamped_names_and_private_permissions(tmp_path):
    call_command("backup", folder=str(tmp_path))
    [dump] = list(tmp_path.glob("*.dump"))
    assert dump.name.startswith(connection.settings_dict["NAME"] + "-") and dump.name.endswith("Z.dump")
    assert dump.stat().st_mode & 0o077 == 0
    assert not list(tmp_path.glob("*.partial"))
