"""Start real gunicorn processes against the test database for multi-process tests."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPOSITORY = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    host = str(settings_dict.get("HOST") or "")
    name = settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}"
    password = f":{quote(str(settings_dict['PASSWORD']))}" if settings_dict.get("PASSWORD") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def free_port() -> int:
    """A port nothing listens on now (every worktree and CI runs these tests: no fixed ports)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def production_environment(**extra) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_SECURE_COOKIES="False",
        **extra,
    )
    return environment


_collected = False


def collect_static(environment: dict) -> None:
    """Production settings serve static files from the whitenoise manifest: build it once."""
    global _collected
    if _collected:
        return
    _collected = True
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPOSITORY, env=environment,
                   check=True, capture_output=True, timeout=120)


class Server:
    def __init__(self, port: int, environment: dict, workers: int = 1, log=None):
        self.port = port
        self.process = subprocess.Popen(
            [str(GUNICORN), "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--no-control-socket", "--graceful-timeout", "2"],
            cwd=REPOSITORY, env=environment, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer within {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # The next test may bind the same port: wait until nothing listens there.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                time.sleep(0.1)
            except OSError:
                return
