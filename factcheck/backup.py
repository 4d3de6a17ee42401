"""pg_dump / pg_restore for the configured database (embedded cluster or DATABASE_URL).

Backups are PostgreSQL custom-format archives (`pg_dump -Fc`). A restore drops and
re-creates every object in the archive inside ONE transaction (`--clean --if-exists
--single-transaction`), so it either completes or leaves the database as it was.

The audit table's append-only trigger refuses UPDATE and DELETE row by row; a restore
does neither: it drops the table (triggers go with it), re-creates it, loads rows with
COPY (an INSERT, which the trigger allows) and only then, in pg_restore's post-data
step, re-creates the trigger. So restoring over a database full of audit rows works and
the restored table is protected again at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


def connection_settings(database_url: str | None = None) -> dict:
    """NAME/USER/PASSWORD/HOST/PORT of `database_url`, or of Django's default database."""
    if database_url:
        config = environ.Env.db_url_config(database_url)
        # libpq's "postgres://user@/name?host=/socket/folder" form
        socket = parse_qs(urlsplit(database_url).query).get("host")
        if socket and not config.get("HOST"):
            config["HOST"] = socket[0]
        return config
    from django.conf import settings

    return settings.DATABASES["default"]


def _libpq_arguments(database: dict) -> tuple[list[str], dict]:
    arguments, environment = [], dict(os.environ)
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    arguments += ["--dbname", str(database["NAME"])]
    return arguments, environment


def _server_major(database: dict) -> int | None:
    arguments, environment = _libpq_arguments(database)
    psql = shutil.which("psql") or _tool_in_versioned_folders("psql")
    if not psql:
        return None
    result = subprocess.run([psql, *arguments, "-tAc", "SHOW server_version_num"], capture_output=True, text=True, env=environment)
    if result.returncode:
        raise BackupError(f"Cannot reach the database: {result.stderr.strip()}")
    return int(result.stdout.strip()) // 10000


def _tool_in_versioned_folders(name: str, major: int | None = None) -> str | None:
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name), reverse=True)
    if major is not None:
        folders = [folder for folder in folders if folder.parent.name == str(major)] or folders
    for folder in folders:
        if (folder / name).exists():
            return str(folder / name)
    return None


def _tool(name: str, database: dict) -> str:
    """pg_dump/pg_restore of the server's major version when installed (they refuse newer servers)."""
    found = _tool_in_versioned_folders(name, _server_major(database)) or shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools (apt-get install postgresql-client).")
    return found


def backup_create(*, folder: Path, database_url: str | None = None, now: datetime | None = None) -> Path:
    """Dump the database into `folder/factcheck-<UTC timestamp>.dump`; returns the path."""
    database = connection_settings(database_url)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{database['NAME']}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    arguments, environment = _libpq_arguments(database)
    result = subprocess.run(
        [_tool("pg_dump", database), "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial), *arguments],
        capture_output=True, text=True, env=environment,
    )
    if result.returncode:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    partial.rename(target)  # a half-written dump never carries the final name
    target.chmod(0o600)
    return target


def backup_restore(*, path: Path, database_url: str | None = None) -> None:
    """Replace the database's contents with the archive at `path`, all or nothing."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    database = connection_settings(database_url)
    pg_restore = _tool("pg_restore", database)
    listing = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True)
    if listing.returncode:
        raise BackupError(f"{path} is not a pg_dump custom-format archive: {listing.stderr.strip()}")
    arguments, environment = _libpq_arguments(database)
    result = subprocess.run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         *arguments, str(path)],
        capture_output=True, text=True, env=environment,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed; the database is unchanged: {result.stderr.strip()[-1500:]}")
