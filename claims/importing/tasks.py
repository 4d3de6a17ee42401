"""Background work for the import screen: the web request never waits on a remote server."""

from django.tasks import task

from claims.importing.errors import ImportInputError


@task
def import_fetch_url(*, url: str) -> dict:
    """Fetch, clean and extract one URL; the result (or a message for the editor) is the return value."""
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
