"""HTML page -> article body and metadata through trafilatura (never touches the network)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura

from claims.importing.errors import ImportInputError

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|meta|title|div|p)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"</?(?:p|div|article|section|h[1-6]|span|a|br|body|head|script|meta)\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlExtract:
    text: str
    title: str
    published: date | None
    site_name: str


def looks_like_html(text: str) -> bool:
    """True for a page rather than prose: it opens like HTML, or is dense with tags."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head)) >= 5


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "replace") if found else None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_html(html: str, *, url: str | None = None) -> HtmlExtract:
    """The main text of a page (no navigation, footers, scripts or comments) and its metadata."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            deduplicate=False,
        )
    except (ValueError, TypeError) as error:  # lxml refuses some malformed documents outright
        raise ImportInputError("The page could not be read as HTML.") from error
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise ImportInputError(
            "No article text was found on that page (it may be all scripts, a login wall or a list of links)."
        )
    return HtmlExtract(
        text=text,
        title=(document.title or "").strip(),
        published=_parse_date(document.date),
        site_name=(document.sitename or "").strip(),
    )
