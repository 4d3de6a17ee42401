"""A local web server for fetch tests; only loopback is ever contacted."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, headers, body = route(self) if callable(route) else route
        self.send_response(status)
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The fetcher hung up on purpose (size limit); nothing to report.
            self.close_connection = True
            return
        if headers.get("Content-Length", "") is None:
            self.close_connection = True

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self):
        handler = type("Handler", (_Handler,), {"routes": {}})
        self.routes = handler.routes
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server():
    server = LocalServer()
    yield server
    server.stop()


@pytest.fixture
def allow_loopback(settings):
    """Let the fetcher reach 127.0.0.0/8 (the local test server) and nothing else private."""
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    return settings


ARTICLE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Harbour authority denies bridge closure</title>
<meta property="og:site_name" content="Coastline Courier">
<meta name="date" content="2024-05-02">
<script>window.tracking = "TRACKING-SCRIPT-TEXT";</script>
<style>.x { color: red }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li><li>NAVIGATION-MENU-TEXT</li></ul></nav>
<article>
<h1>Harbour authority denies bridge closure</h1>
<p>The harbour authority on Thursday rejected reports that the old swing bridge would close for a year.</p>
<p>"The bridge will stay open throughout the repairs," said Marta Lindqvist, the authority's director, at a briefing in the port office.</p>
<p>Residents had been told by the town council that traffic would be diverted from June. "We were given a closure notice in writing," said council spokesman Tomas Berg.</p>
<p>Lindqvist said the notice had been sent in error and would be withdrawn within the week, adding that repair crews would work at night.</p>
</article>
<footer><p>FOOTER-COPYRIGHT-TEXT Coastline Courier 2024. All rights reserved.</p></footer>
<script>document.write("SCRIPT-BODY-TEXT")</script>
</body></html>
"""
