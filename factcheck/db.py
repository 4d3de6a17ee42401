"""The embedded PostgreSQL cluster that `make run` and `make test` use when DATABASE_URL is unset.

Run as a script: `python -m factcheck.db start|stop|status|url`. It uses Debian's PostgreSQL
binaries, listens on a unix socket only, and keeps its data under `.data/` in the repository.
PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user; the
data then lives where that user can reach it (a folder under /var/tmp when the repository
sits somewhere it cannot enter, such as /root), with `.data/` pointing at it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_LINK = REPOSITORY / ".data"
DATABASE_NAME = "factcheck"
POSTGRES_USER = "postgres"
# A unix socket path may not exceed 107 bytes; the socket file name adds 16.
SOCKET_PATH_LIMIT = 90


class EmbeddedDatabaseError(RuntimeError):
    """The embedded cluster could not be prepared; the message says what to do."""


def _binaries_folder() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise EmbeddedDatabaseError(
        "PostgreSQL binaries not found: install them with "
        "`apt-get install -y postgresql postgresql-contrib` or set DATABASE_URL."
    )


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _reachable_by_postgres(path: Path) -> bool:
    """True when every folder above `path` lets the postgres user through."""
    user = pwd.getpwnam(POSTGRES_USER)
    for folder in [path, *path.parents]:
        if not folder.exists():
            continue
        mode = folder.stat().st_mode
        if folder.stat().st_uid == user.pw_uid:
            if not mode & 0o100:
                return False
        elif folder.stat().st_gid == user.pw_gid:
            if not mode & 0o010:
                return False
        elif not mode & 0o001:
            return False
    return True


def data_folder() -> Path:
    """The folder holding the cluster (`pgdata/`) and its socket (`run/`)."""
    if DATA_LINK.is_symlink():
        return DATA_LINK.resolve()
    needs_elsewhere = _running_as_root() and not _reachable_by_postgres(REPOSITORY)
    too_long = len(str(DATA_LINK / "run")) > SOCKET_PATH_LIMIT
    if not DATA_LINK.exists() and (needs_elsewhere or too_long):
        digest = hashlib.sha1(str(REPOSITORY).encode()).hexdigest()[:12]
        target = Path("/var/tmp") / f"factcheck-{digest}"
        target.mkdir(mode=0o755, parents=True, exist_ok=True)
        DATA_LINK.symlink_to(target)
        return target
    DATA_LINK.mkdir(exist_ok=True)
    return DATA_LINK


def socket_folder() -> Path:
    return data_folder() / "run"


def database_url(name: str = DATABASE_NAME) -> str:
    return f"postgres://{POSTGRES_USER}@/{name}?host={socket_folder()}"


def _as_postgres(arguments: list[str], **options) -> subprocess.CompletedProcess:
    command = [str(_binaries_folder() / arguments[0]), *arguments[1:]]
    if _running_as_root():
        command = ["runuser", "-u", POSTGRES_USER, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, **options)


def _give_to_postgres(path: Path) -> None:
    if _running_as_root():
        user = pwd.getpwnam(POSTGRES_USER)
        os.chown(path, user.pw_uid, user.pw_gid)


@contextlib.contextmanager
def _lock():
    """Serialise set-up so two `make` commands started together do not race."""
    folder = data_folder()
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_running(cluster: Path) -> bool:
    return _as_postgres(["pg_ctl", "-D", str(cluster), "status"]).returncode == 0


def start() -> str:
    """Create the cluster once, start it if it is not running, create the database if missing."""
    with _lock() as folder:
        cluster, sockets = folder / "pgdata", folder / "run"
        for path in (folder, sockets):
            path.mkdir(mode=0o755, exist_ok=True)
            _give_to_postgres(path)
        if not (cluster / "PG_VERSION").exists():
            cluster.mkdir(mode=0o700, exist_ok=True)
            _give_to_postgres(cluster)
            result = _as_postgres(
                ["initdb", "-D", str(cluster), "-U", POSTGRES_USER, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8"]
            )
            if result.returncode:
                raise EmbeddedDatabaseError(f"initdb failed: {result.stderr.strip()}")
        if not _is_running(cluster):
            settings = f"-k {sockets} -c listen_addresses='' -c max_connections=200 -c synchronous_commit=off"
            result = _as_postgres(
                ["pg_ctl", "-D", str(cluster), "-l", str(cluster / "server.log"),
                 "-o", settings, "-w", "start"]
            )
            if result.returncode and not _is_running(cluster):
                log = (cluster / "server.log").read_text()[-800:] if (cluster / "server.log").exists() else ""
                raise EmbeddedDatabaseError(f"PostgreSQL did not start: {result.stderr.strip()} {log}")
        exists = _as_postgres(
            ["psql", "-h", str(sockets), "-U", POSTGRES_USER, "-d", "postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"]
        )
        if exists.stdout.strip() != "1":
            created = _as_postgres(["createdb", "-h", str(sockets), "-U", POSTGRES_USER, DATABASE_NAME])
            if created.returncode and "already exists" not in created.stderr:
                raise EmbeddedDatabaseError(f"createdb failed: {created.stderr.strip()}")
    return database_url()


def stop() -> None:
    cluster = data_folder() / "pgdata"
    if (cluster / "PG_VERSION").exists() and _is_running(cluster):
        _as_postgres(["pg_ctl", "-D", str(cluster), "-m", "fast", "-w", "stop"])


def main(arguments: list[str]) -> int:
    action = arguments[0] if arguments else "start"
    try:
        if action == "start":
            print(start())
        elif action == "stop":
            stop()
        elif action == "url":
            print(database_url())
        elif action == "status":
            running = _is_running(data_folder() / "pgdata")
            print("running" if running else "stopped")
            return 0 if running else 1
        else:
            print(f"unknown action {action!r}: use start, stop, status or url", file=sys.stderr)
            return 2
    except EmbeddedDatabaseError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
