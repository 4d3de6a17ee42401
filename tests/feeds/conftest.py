"""A local feed server on 127.0.0.1 (the only address the fetcher may reach in these tests) and
article pages written for these tests."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: dict = {}
    protocol_version = "HTTP/1.0"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers, body = route(self) if callable(route) else route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class FeedServer:
    """Routes are (status, headers, body) or a callable of the request handler returning one."""

    def __init__(self):
        handler = type("Handler", (_Handler,), {"routes": {}, "hits": {}})
        self.routes, self.hits = handler.routes, handler.hits
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, html: str, content_type: str = "text/html; charset=utf-8"):
        self.routes[path] = (200, {"Content-Type": content_type}, html.encode("utf-8"))

    def feed(self, path: str, xml: str, *, etag: str | None = None, content_type: str = "application/rss+xml; charset=utf-8"):
        """Serve `xml`; with an ETag, answer 304 to a request that already has it."""
        body = xml.encode("utf-8")
        modified = formatdate(time.time() - 3600, usegmt=True)

        def answer(request):
            if etag and request.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            headers = {"Content-Type": content_type, "Last-Modified": modified}
            if etag:
                headers["ETag"] = etag
            return 200, headers, body

        self.routes[path] = answer

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def loopback_only(settings):
    """The fetcher may reach 127.0.0.1 (this server) and no other private address, exactly as
    IMPORT_ALLOW_PRIVATE_NETWORKS=127.0.0.1/32 would let a deployment."""
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.IMPORT_FETCH_TIMEOUT = 5.0
    return settings


PLACES = ["Eastmoor", "Linthwaite", "Carrow Bay", "Pellbridge", "Southfold", "Ardley Cross", "Hamble Reach", "Westering"]
TOPICS = ["the tram extension", "the harbour wall", "the night bus service", "the library hours", "the flood barrier",
          "the school meals contract", "the ferry timetable", "the market square lease"]


def article_html(number: int, *, title: str | None = None, paragraphs: list[str] | None = None) -> str:
    """A small news page of our own: a headline and a few paragraphs with one attributed quote."""
    place, topic = PLACES[number % len(PLACES)], TOPICS[(number // len(PLACES)) % len(TOPICS)]
    title = title or f"{place} council reviews {topic} (report {number})"
    paragraphs = paragraphs or [
        f"Councillors in {place} met on Tuesday to review {topic}, report number {number} in this series.",
        f"\u201cWe will publish the full figures for {topic} before the end of the month,\u201d said council leader Imogen Hartwell.",
        f"Residents asked for a public meeting on item {number}, and officers said the request would be answered in writing.",
    ]
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<meta property=\"og:site_name\" content=\"The Test Gazette\"><meta name=\"date\" content=\"2026-03-02\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
            f"<footer><p>Copyright The Test Gazette</p></footer></body></html>")


def rss(items: list[tuple[str, str]], *, title: str = "Test Gazette") -> str:
    """An RSS 2.0 document with (link, title) items."""
    entries = "".join(
        f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>"
        for link, item_title in items
    )
    return f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{escape(title)}</title><link>http://127.0.0.1/</link><description>Test</description>{entries}</channel></rss>"


def atom(items: list[tuple[str, str]], *, title: str = "Test Gazette (Atom)") -> str:
    entries = "".join(
        f"<entry><title>{escape(item_title)}</title><link rel=\"alternate\" href=\"{escape(link)}\"/><id>{escape(link)}</id>"
        f"<updated>2026-03-02T09:00:00Z</updated></entry>"
        for link, item_title in items
    )
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{escape(title)}</title>"
            f"<id>urn:test:feed</id><updated>2026-03-02T09:00:00Z</updated>{entries}</feed>")


def news_sitemap(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<url><loc>{escape(link)}</loc><news:news><news:publication><news:name>Test Gazette</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>2026-03-02T09:00:00Z</news:publication_date><news:title>{escape(item_title)}</news:title></news:news></url>"
        for link, item_title in items
    )
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
            f"xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">{entries}</urlset>")


def serve_articles(server: FeedServer, numbers, prefix: str = "/news/") -> list[tuple[str, str]]:
    """Serve article pages and return their (link, title) pairs for a feed."""
    items = []
    for number in numbers:
        path = f"{prefix}{number}"
        server.page(path, article_html(number))
        items.append((server.url(path), f"Report {number}"))
    return items
