"""Turn a write that lost a race into a conflict message (409) instead of a 500.

Services resolve the races they can foresee (get-or-create with a retry, claims locked in id
order); what is left is a uniqueness clash, a deadlock or a serialisation failure between
two users writing at the same moment. Nothing was saved (the service's transaction rolled
back), so the honest answer is "someone else was quicker; try again".
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# SQLSTATEs of a lost race: unique violation, serialisation failure, deadlock.
CONFLICT_STATES = {"23505", "40001", "40P01"}


def is_conflict(error: BaseException) -> bool:
    if not isinstance(error, (IntegrityError, OperationalError)):
        return False
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in CONFLICT_STATES


class ConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_conflict(exception):
            return None
        logger.warning("Concurrent write refused on %s: %s", request.path, exception)
        message = "Someone else saved a change to the same thing at the same moment. Nothing of yours was saved; reload the page and try again."
        htmx = getattr(request, "htmx", None)
        if htmx:
            return render(request, "409.html#message", {"message": message}, status=409)
        return render(request, "409.html", {"message": message}, status=409)
