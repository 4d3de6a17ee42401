"""Article import: fetch a page safely, decode it, strip it to the article body.

    from claims.importing.fetch import fetch_url          # http(s) only, public addresses only
    from claims.importing.pipeline import prepare_bytes   # bytes -> PreparedArticle (cleaned text + metadata)

Quote extraction lives in claims.extraction; writing to the database in
claims.services.article_import.
"""

from claims.importing.errors import ImportInputError

__all__ = ["ImportInputError"]
