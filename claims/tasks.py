"""Background tasks: the web request never waits on them.

django.tasks does not retry by itself, so a failing task re-enqueues itself with an attempt
counter, up to MAX_ATTEMPTS, then fails for good (and the worker records the error).
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)


@task
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
