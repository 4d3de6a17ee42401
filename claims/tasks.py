"""Background tasks: the web request never waits on them.

django.tasks does not retry by itself, so a failing task re-enqueues itself with an attempt
counter, up to MAX_ATTEMPTS, then fails for good (and the worker records the error).

Every task runs under `time_limited`: past TASK_TIME_LIMIT seconds it raises
TaskTimeLimitExceeded, so one stuck task cannot hold a worker for ever.
"""

import logging
import signal
import threading
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)


class TaskTimeLimitExceeded(Exception):
    """A task ran past its time limit and was stopped."""


@contextmanager
def time_limit(seconds: float):
    """Raise TaskTimeLimitExceeded in the block once `seconds` of wall-clock time have passed.

    A real-time timer signal (SIGALRM) interrupts whatever the task is waiting on. Signals
    reach only the main thread, which is where `manage.py db_worker --no-reload` runs its
    tasks; elsewhere (the autoreloader's thread, a test's thread) the block runs unlimited.
    """
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise TaskTimeLimitExceeded(f"The task ran for more than {seconds:g} seconds and was stopped.")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_limited(function):
    """Run a task function under TASK_TIME_LIMIT (put it under @task)."""

    @wraps(function)
    def limited(*args, **kwargs):
        with time_limit(settings.TASK_TIME_LIMIT):
            return function(*args, **kwargs)

    return limited


@task
@time_limited
def article_suggestions_recompute(article_id: int, attempt: int = 1) -> dict:
    """Recompute the counterclaim suggestions of every claim in one article, all or nothing."""
    from claims.models import Claim
    from claims.services import claim_suggestions_recompute

    try:
        with transaction.atomic():
            claims = list(
                Claim.objects.filter(appearances__article_id=article_id, merged_into__isnull=True)
                .exclude(status=Claim.Status.ARCHIVED)
                .distinct()
                .order_by("pk")
            )
            stored = sum(len(claim_suggestions_recompute(claim=claim)) for claim in claims)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Suggestions for article %s failed after %s attempts", article_id, attempt)
            raise
        logger.warning("Suggestions for article %s failed (attempt %s of %s); retrying", article_id, attempt, MAX_ATTEMPTS, exc_info=True)
        suggestions_recompute_enqueue(article_id=article_id, attempt=attempt + 1)
        return {"article": article_id, "attempt": attempt, "status": "retried"}
    return {"article": article_id, "attempt": attempt, "status": "done", "claims": len(claims), "suggestions": stored}


def suggestions_recompute_enqueue(*, article_id: int, attempt: int = 1):
    """Queue the recompute for an article; retries wait RETRY_DELAY where the backend can defer."""
    runner = article_suggestions_recompute
    if attempt > 1 and runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + RETRY_DELAY * (attempt - 1))
    return runner.enqueue(article_id, attempt)
