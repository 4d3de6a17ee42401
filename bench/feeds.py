"""Feeds at scale: one full watch_feeds cycle (poll, import, match, alert) over local feeds.

A feed server on 127.0.0.1 serves FEEDS RSS feeds of ITEMS items each; every item is one of the
team's test articles dressed as a ~100 KB news page (bench/pages.py) with a paragraph of its
own, so each is a new article. Before the cycle the base articles are imported once and the
claims of a few are published, so items that repeat them raise "came back" alerts as a real
day's news would. The cycle runs as PROCESSES `manage.py watch_feeds --once --format json`
processes side by side (the feeds are leased, so they share the work as pollers on several
machines would); `feeds_cycle_seconds` is the wall time until all are done and
`feeds_articles_per_second` the new articles over it. The suggestion recompute the imports
queued is then timed on a sample with `db_worker` (the task worker's own rate).

    python bench/feeds.py                       # 200 feeds x 50 items, 2 pollers, its own database
    python bench/feeds.py --feeds 20 --items 10 # a quick look
`make bench` runs it as part of bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

DAY_ARTICLES = 10_000
# Its own database: bench/run.py's holds a million synthetic published claims by then, which is
# another benchmark's subject, not a newsroom's day.
FEEDS_DATABASE = "factcheck_bench_feeds"
PUBLISHED_BASE_ARTICLES = 2  # base articles whose claims are published before the cycle


class _FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    pages: list[str] = []
    feeds: int = 0
    items: int = 0
    port: int = 0

    def do_GET(self):  # noqa: N802 (http.server's naming)
        parts = self.path.strip("/").split("/")
        try:
            if parts[0] == "feed" and len(parts) == 2:
                body, kind = self._feed(int(parts[1].removesuffix(".xml"))), "application/rss+xml; charset=utf-8"
            elif parts[0] == "item" and len(parts) == 3:
                body, kind = self._item(int(parts[1]), int(parts[2])), "text/html; charset=utf-8"
            else:
                raise ValueError
        except (ValueError, IndexError):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _feed(self, feed: int) -> str:
        if not 0 <= feed < self.feeds:
            raise ValueError
        base = f"http://127.0.0.1:{self.port}"
        items = "".join(
            f"<item><title>Bench story {feed}-{item}</title><link>{base}/item/{feed}/{item}</link><guid>{base}/item/{feed}/{item}</guid>"
            f"<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>"
            for item in range(self.items)
        )
        return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Bench feed {feed}</title>"
                f"<link>{base}/</link><description>Bench</description>{items}</channel></rss>")

    def _item(self, feed: int, item: int) -> str:
        if not (0 <= feed < self.feeds and 0 <= item < self.items):
            raise ValueError
        number = feed * self.items + item
        page = self.pages[number % len(self.pages)]
        # The paragraph of its own opens the body (trafilatura keeps it; after the tags it would be dropped).
        return page.replace('<div class="article__body">', f'<div class="article__body">\n<p class="article__paragraph">This edition, '
                            f'number {number}, was filed to bench feed {feed} on Monday morning.</p>', 1)

    def log_message(self, *args):
        pass


class FeedServer:
    def __init__(self, *, feeds: int, items: int, pages: list[str]):
        handler = type("Handler", (_FeedHandler,), {"pages": pages, "feeds": feeds, "items": items})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        handler.port = self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _seed(pages: list[tuple[str, str]]) -> int:
    """Import the base articles once and publish the claims of the first few; returns the claims published."""
    from claims import services
    from claims.importing.pipeline import extract, prepare_bytes
    from claims.selectors import extraction_known_sources

    published = 0
    for index, (stem, html) in enumerate(pages):
        url = f"https://archive.bench.example/{stem}"
        prepared = prepare_bytes(html.encode(), input_kind="upload", url=url, content_type="text/html")
        result = services.article_import(prepared=prepared, quotes=extract(prepared, extraction_known_sources()), actor=None, url=url)
        if index < PUBLISHED_BASE_ARTICLES:
            for item in result.quotes:
                if item.claim.status != "published":
                    services.claim_publish(claim=item.claim, actor=None)
                    published += 1
    return published


def bench_feeds(env: dict, *, feeds: int = 200, items: int = 50, processes: int = 2, suggestion_sample: int = 30) -> dict:
    """Run one full cycle over `feeds` x `items` local items in the configured (benchmark) database."""
    from django.conf import settings
    from django.db import connections

    from bench.pages import news_pages
    from claims import feed_services, services
    from claims.models import Alert, Article, FeedPoll

    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    base = news_pages()
    published = _seed(base)
    server = FeedServer(feeds=feeds, items=items, pages=[html for _stem, html in base])
    try:
        outlet = services.outlet_get_or_create(name="Bench Wire", actor=None)
        for feed in range(feeds):
            feed_services.feed_create(url=server.url(f"/feed/{feed}.xml"), outlet=outlet, actor=None)
        articles_before = Article.objects.count()
        connections.close_all()
        child_env = {**env, "IMPORT_ALLOW_PRIVATE_NETWORKS": "127.0.0.1/32", "FEEDS_MAX_NEW_ITEMS_PER_POLL": str(max(500, items))}
        started = time.perf_counter()
        pollers = [
            subprocess.Popen([sys.executable, "manage.py", "watch_feeds", "--once", "--format", "json"], cwd=REPOSITORY, env=child_env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(processes)
        ]
        outputs = [poller.communicate() for poller in pollers]
        cycle = time.perf_counter() - started
    finally:
        server.stop()
    totals = {"polled": 0, "new_articles": 0, "alerts": 0, "errors": 0}
    for (stdout, stderr), poller in zip(outputs, pollers):
        if poller.returncode:
            raise SystemExit(f"watch_feeds failed: {stderr[-2000:]}")
        for key, value in json.loads(stdout.strip().splitlines()[-1]).items():
            totals[key] += value
    rate = totals["new_articles"] / cycle if cycle else 0.0
    suggestions = _time_suggestions(env, suggestion_sample)
    day_seconds = DAY_ARTICLES / rate if rate else None
    return {
        "feeds": feeds, "items_per_feed": items, "pollers": processes, "base_articles": len(base), "claims_published_before": published,
        "page_kilobytes": round(sum(len(html) for _stem, html in base) / len(base) / 1024, 1),
        "feeds_cycle_seconds": round(cycle, 1), "feeds_articles_per_second": round(rate, 2), **totals,
        "articles_stored": Article.objects.count() - articles_before, "alerts_stored": Alert.objects.count(),
        "failed_polls": FeedPoll.objects.filter(status="error").count(),
        "day_10000_articles_minutes": round(day_seconds / 60, 1) if day_seconds else None,
        "day_10000_fits_in_an_hour": bool(day_seconds and day_seconds < 3600),
        "suggestions": suggestions,
    }


def _time_suggestions(env: dict, sample: int) -> dict:
    """The task worker's rate on the suggestion recomputes the cycle queued (a sample of them)."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(status="READY").count()
    if not queued or not sample:
        return {"queued": queued, "sampled": 0, "per_second": None}
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--batch", "--max-tasks", str(sample),
                    "--no-startup-delay", "--no-reload", "-v", "0"], cwd=REPOSITORY, env=env, capture_output=True, check=True)
    seconds = time.perf_counter() - started
    done = min(sample, queued)
    rate = done / seconds
    return {"queued": queued, "sampled": done, "seconds": round(seconds, 1), "per_second": round(rate, 2),
            "day_10000_minutes_one_worker": round(DAY_ARTICLES / rate / 60, 1)}


def run_separately(*, feeds: int, items: int, processes: int = 2) -> dict:
    """bench/run.py's hook: this benchmark in a process and a database of its own."""
    done = subprocess.run([sys.executable, str(Path(__file__)), "--feeds", str(feeds), "--items", str(items), "--processes", str(processes),
                           "--json"], cwd=REPOSITORY, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench/feeds.py failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(arguments: list[str] | None = None) -> int:
    from bench import run

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--json", action="store_true", help="print the results as one line of JSON")
    options = parser.parse_args(arguments)
    run.BENCH_DATABASE = FEEDS_DATABASE
    maintenance_url, bench_url = run.server_urls()
    run.recreate_database(maintenance_url)
    env = run.environment(bench_url)
    try:
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPOSITORY, env=env, capture_output=True, text=True)
        if migrate.returncode:
            raise SystemExit(f"migrate failed: {migrate.stderr[-2000:]}")
        run.django_setup(env)
        results = bench_feeds(env, feeds=options.feeds, items=options.items, processes=options.processes)
        print(json.dumps(results) if options.json else json.dumps(results, indent=2))
    finally:
        if not options.keep:
            from django.db import connections

            connections.close_all()
            run.drop_database(maintenance_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
