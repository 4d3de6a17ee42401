"""Finding 1 (the worker side): every task has a time limit, and `make run`/`make serve`
start more than one task worker so that one slow task does not stop the queue."""

import re
import subprocess
import time

import pytest

from claims import tasks
from claims.importing import tasks as import_tasks
from tests.hardening.servers import REPOSITORY


def test_a_task_past_its_time_limit_is_stopped(settings):
    settings.TASK_TIME_LIMIT = 0.3
    started = time.monotonic()
    with pytest.raises(tasks.TaskTimeLimitExceeded):
        tasks.time_limited(lambda: time.sleep(20))()
    assert time.monotonic() - started < 10


def test_the_url_import_task_stops_at_its_time_limit_with_a_message(settings, monkeypatch):
    settings.TASK_TIME_LIMIT = 0.3
    monkeypatch.setattr(import_tasks, "_fetch_and_extract", lambda url: time.sleep(20))
    result = import_tasks.import_fetch_url.call(url="https://news.example/slow")
    assert result["ok"] is False
    assert "took longer than 0.3 seconds" in result["error"]


@pytest.mark.django_db
def test_the_suggestion_task_runs_under_the_time_limit(settings, monkeypatch):
    settings.TASK_TIME_LIMIT = 0.3
    monkeypatch.setattr(tasks, "MAX_ATTEMPTS", 1)

    def stuck(*args, **kwargs):
        time.sleep(20)

    monkeypatch.setattr("claims.services.claim_suggestions_recompute", stuck)
    from tests import factories

    claim = factories.ClaimFactory()
    factories.AppearanceFactory(claim=claim)
    article_id = claim.appearances.get().article_id
    with pytest.raises(tasks.TaskTimeLimitExceeded):
        tasks.article_suggestions_recompute.call(article_id)


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_starts_several_task_workers_with_the_limit_in_force(target):
    plan = subprocess.run(["make", "-n", target], cwd=REPOSITORY, capture_output=True, text=True, timeout=60).stdout
    worker_lines = [line for line in plan.splitlines() if "db_worker" in line]
    assert worker_lines, plan
    line = worker_lines[0]
    # Several workers, each running tasks in its main thread (no autoreloader thread).
    assert re.search(r"seq ([2-9]|\d\d+)\)", line), line
    assert "--no-reload" in line
