"""A feed document (RSS, Atom or a news sitemap) -> its items: link, title, date. Pure, no Django.

RSS and Atom go through feedparser (given bytes, never a URL: it must not fetch anything
itself, and it does not load external entities). A news sitemap (`<urlset>` with
`<news:news>` entries, or a plain sitemap) is read with lxml with entities, DTDs and the
network switched off. A document that is neither, or XML so broken that no item with a
link can be read from it, is refused with a message that says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

RSS, ATOM, SITEMAP = "rss", "atom", "sitemap"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URL_LENGTH = 2000  # what an article's URL column holds; longer links are left out


class FeedParseError(ValueError):
    """The document is not a feed we can read; the message is fit to show."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str = ""
    published: date | None = None


@dataclass
class ParsedFeed:
    kind: str
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str = ""


def _http_link(link: str, base: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    link = urljoin(base, link)
    if len(link) > MAX_URL_LENGTH:
        return ""
    try:
        parts = urlsplit(link)
    except ValueError:
        return ""
    return link if parts.scheme in ("http", "https") and parts.hostname else ""


def _looks_like_sitemap(content: bytes) -> bool:
    head = content[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_feed(content: bytes, *, url: str) -> ParsedFeed:
    """The items of a feed document fetched from `url` (relative links resolve against it), in
    document order, each link once."""
    if not content or not content.strip():
        raise FeedParseError("The feed is empty.")
    parsed = _parse_sitemap(content, url) if _looks_like_sitemap(content) else _parse_syndication(content, url)
    seen, unique = set(), []
    for entry in parsed.entries:
        if entry.url not in seen:
            seen.add(entry.url)
            unique.append(entry)
    parsed.entries = unique
    return parsed


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _parse_syndication(content: bytes, url: str) -> ParsedFeed:
    document = feedparser.parse(content, response_headers={"content-location": url, "content-type": "application/xml"}, sanitize_html=False, resolve_relative_uris=False)
    version = document.get("version") or ""
    entries = []
    for entry in document.entries:
        link = _http_link(entry.get("link", ""), url)
        if not link:
            # Atom may give only <link rel="alternate">; RSS items without <link> may give a permalink guid.
            for candidate in entry.get("links", []):
                if candidate.get("rel", "alternate") == "alternate":
                    link = _http_link(candidate.get("href", ""), url)
                    break
        if not link and entry.get("guidislink"):
            link = _http_link(entry.get("id", ""), url)
        if link:
            entries.append(FeedEntry(url=link, title=" ".join((entry.get("title") or "").split())[:500], published=_entry_date(entry)))
    problem = document.get("bozo_exception")
    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        problem = None  # the declared encoding or type was wrong, the document itself is fine
    if not entries:
        if problem is not None:
            raise FeedParseError(f"The feed is not well-formed XML ({_describe(problem)}); no item could be read.")
        if not version:
            raise FeedParseError("That is not an RSS or Atom feed, nor a news sitemap.")
    kind = ATOM if version.startswith("atom") else RSS
    title = " ".join((document.feed.get("title") or "").split())[:500]
    warning = f"The feed is not well-formed XML ({_describe(problem)}); the items that could be read were." if problem is not None and entries else ""
    return ParsedFeed(kind=kind, title=title, entries=entries, warning=warning)


def _describe(problem) -> str:
    return " ".join(str(getattr(problem, "getMessage", lambda: problem)()).split())[:200] or problem.__class__.__name__


def _parse_sitemap(content: bytes, url: str) -> ParsedFeed:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FeedParseError(f"The sitemap is not well-formed XML ({' '.join(str(error).split())[:200]}).") from None
    if etree.QName(root).localname == "sitemapindex":
        raise FeedParseError("That is a sitemap index (a list of sitemaps); add the news sitemap it lists instead.")
    if etree.QName(root).localname != "urlset":
        raise FeedParseError("That is not an RSS or Atom feed, nor a news sitemap.")
    entries = []
    for node in root.iter(f"{{{SITEMAP_NAMESPACE}}}url", "url"):
        location = node.findtext(f"{{{SITEMAP_NAMESPACE}}}loc") or node.findtext("loc") or ""
        link = _http_link(location, url)
        if not link:
            continue
        title = node.findtext(f"{{{NEWS_NAMESPACE}}}news/{{{NEWS_NAMESPACE}}}title") or ""
        when = node.findtext(f"{{{NEWS_NAMESPACE}}}news/{{{NEWS_NAMESPACE}}}publication_date") or node.findtext(f"{{{SITEMAP_NAMESPACE}}}lastmod") or ""
        entries.append(FeedEntry(url=link, title=" ".join(title.split())[:500], published=_sitemap_date(when)))
    return ParsedFeed(kind=SITEMAP, title="", entries=entries)


def _sitemap_date(value: str) -> date | None:
    value = value.strip()
    if len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
