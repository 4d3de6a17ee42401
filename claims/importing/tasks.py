"""Background work for the import screen: the web request never waits on a remote server."""

from django.conf import settings
from django.tasks import task

from claims.importing.errors import ImportInputError
from claims.tasks import TaskTimeLimitExceeded, time_limit


@task
def import_fetch_url(*, url: str) -> dict:
    """Fetch, clean and extract one URL; the result (or a message for the editor) is the return value.

    The fetch has its own deadline (IMPORT_FETCH_TIMEOUT); the whole task stops after
    TASK_TIME_LIMIT seconds with a message instead of holding the worker.
    """
    try:
        with time_limit(settings.TASK_TIME_LIMIT):
            return _fetch_and_extract(url)
    except TaskTimeLimitExceeded:
        return {"ok": False, "error": f"Importing that page took longer than {settings.TASK_TIME_LIMIT:g} seconds and was stopped; nothing was imported."}


def _fetch_and_extract(url: str) -> dict:
    from claims.importing.fetch import fetch_url
    from claims.importing.pipeline import extract, prepare_bytes, quote_to_dict
    from claims.selectors import extraction_known_sources

    try:
        page = fetch_url(url)
        prepared = prepare_bytes(
            page.content, input_kind="url", url=url, declared_charset=page.charset, content_type=page.content_type
        )
    except ImportInputError as error:
        return {"ok": False, "error": str(error)}
    quotes = extract(prepared, extraction_known_sources())
    return {"ok": True, "final_url": page.url, "prepared": prepared.to_dict(), "quotes": [quote_to_dict(quote) for quote in quotes]}
