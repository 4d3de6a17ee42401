"""`make bench`: measure the app against baselines, side by side, in one run (< 10 minutes).

1. page_throughput_ratio / page_p99_ratio: wrk against gunicorn on loopback, the public
   claim page versus a hello-world Django view under the same server and middleware.
2. suggest_p95_growth_10k_to_1m: the matcher's candidate query for the same sample of
   claims with 10,000 and then 1,000,000 claims in the table (rows written with COPY).
3. import_vs_trafilatura: articles per second through the whole import (decode, extract
   the body, clean, find quotes, store) versus bare trafilatura extraction of the same pages,
   news-site pages of about 100 KB (bench/pages.py); the same ratio on minimal 3 KB pages is
   reported beside it.
4. extract_1mb_seconds: the quote extractor alone on a generated 1 MB article dense with
   quotes (bench/extract.py); extraction is linear in the text.

Everything runs in a SEPARATE database (`factcheck_bench`) on the configured server, which
is dropped afterwards (`--keep` keeps it for EXPLAIN). Results: printed table,
bench/results.json, and the figures section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))
BENCH_DATABASE = "factcheck_bench"
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
RESULTS = REPOSITORY / "bench" / "results.json"
PERFORMANCE_DOC = REPOSITORY / "docs" / "performance.md"
TARGETS = {
    "page_throughput_ratio": (">=", 0.5),
    "page_p99_ratio": ("<=", 3.0),
    "suggest_p95_growth_10k_to_1m": ("<=", 2.0),
    "import_vs_trafilatura": (">=", 0.5),
    "extract_1mb_seconds": ("<=", 2.0),
    # bench/feeds.py: 10,000 articles (a Full Fact-sized day) within the hour.
    "feeds_articles_per_second": (">=", round(10_000 / 3600, 2)),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# Database


def server_urls() -> tuple[str, str]:
    """(maintenance database URL, benchmark database URL) on the configured server."""
    configured = os.environ.get("DATABASE_URL")
    if not configured:
        from factcheck import db

        db.start()
        return db.database_url("postgres"), db.database_url(BENCH_DATABASE)
    parts = urlsplit(configured)
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def recreate_database(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def drop_database(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def environment(bench_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_BENCH="True",
        DATABASE_URL=bench_url,
        RATELIMIT_ENABLED="False",
        DJANGO_LOG_LEVEL="ERROR",
        # The import's suggestion recompute is queued in the database, as in production;
        # an inherited ImmediateBackend would run it inline and time it as part of the import.
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    if "REDIS_URL" not in env and redis_reachable():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    return env


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


# Pages: wrk against gunicorn


def seed_page_data() -> str:
    """A realistic published claim: three appearances, four confirmed counterclaims; returns its URL."""
    from django.utils import timezone

    from claims import services
    from claims.models import Article, Claim, Outlet

    speaker = services.source_create(name="Bench Minister", actor=None)
    claim = services.claim_create(speaker=speaker, text="The new bridge will open to traffic in May, on schedule and on budget.", actor=None)
    for index in range(3):
        outlet = Outlet.objects.create(name=f"Bench Outlet {index}", slug=f"bench-outlet-{index}", domain=f"outlet{index}.example")
        text = f"In a statement, the minister said \"{claim.text}\" Report number {index}."
        article = Article.objects.create(outlet=outlet, url=f"https://outlet{index}.example/bridge", title=f"Bridge report {index}",
                                         published=timezone.now().date(), text=text, content_hash=f"{index:064d}")
        start = text.index(claim.text)
        services.appearance_create(claim=claim, article=article, start=start, end=start + len(claim.text), quote=claim.text, actor=None)
    for index in range(4):
        other = services.source_create(name=f"Bench Engineer {index}", actor=None)
        counter = services.claim_create(speaker=other, text=f"The bridge cannot open before autumn: inspection {index} found cracks.", actor=None)
        link = services.link_suggest(from_claim=counter, to_claim=claim, relation="denies", score=0.9, reasons=["negation"], actor=None)
        services.link_confirm(link=link, reviewer=None, expected_version=link.version)
        services.claim_publish(claim=counter, actor=None)
    services.claim_publish(claim=claim, actor=None)
    claim = Claim.objects.get(pk=claim.pk)
    return claim.get_absolute_url()


def start_gunicorn(env: dict) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    process = subprocess.Popen(
        [gunicorn, "factcheck.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", workers,
         "--no-control-socket", "--graceful-timeout", "2"],
        cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/hello/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start within 30 s")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(path: str, seconds: int, connections: int) -> dict:
    """Requests/s and latency percentiles (ms) for GET path; warmed up first."""
    url = f"http://127.0.0.1:{PORT}{path}"
    subprocess.run(["wrk", "-t1", f"-c{connections}", "-d2s", url], capture_output=True, text=True, timeout=60)
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                            capture_output=True, text=True, timeout=seconds + 60)
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {}
    for percent, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE):
        percentiles[f"p{percent}_ms"] = float(value) * _UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses under load:\n{output}")
    return {"requests_per_second": rate, **percentiles}


def bench_pages(env: dict, claim_path: str, seconds: int) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make install does it)")
    server = start_gunicorn(env)
    try:
        connections = 8
        hello = wrk("/bench/hello/", seconds, connections)
        page = wrk(claim_path, seconds, connections)
        # A second round in the other order evens out warm-up and machine noise.
        page2 = wrk(claim_path, seconds, connections)
        hello2 = wrk("/bench/hello/", seconds, connections)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    def mean(first, second, key):
        return (first[key] + second[key]) / 2

    hello_rate, page_rate = mean(hello, hello2, "requests_per_second"), mean(page, page2, "requests_per_second")
    hello_p99, page_p99 = mean(hello, hello2, "p99_ms"), mean(page, page2, "p99_ms")
    return {
        "hello_requests_per_second": round(hello_rate, 1),
        "page_requests_per_second": round(page_rate, 1),
        "hello_p99_ms": round(hello_p99, 2),
        "page_p99_ms": round(page_p99, 2),
        "page_throughput_ratio": round(page_rate / hello_rate, 3),
        "page_p99_ratio": round(page_p99 / hello_p99, 3),
        "wrk": {"threads": 2, "connections": connections, "seconds_per_run": seconds, "runs_each": 2,
                "gunicorn_workers": int(os.environ.get("WEB_CONCURRENCY", "2")), "cache": "redis" if env.get("REDIS_URL") else "locmem"},
    }


# Suggestions: the matcher's candidate query at 10k and 1M claims


def candidate_query():
    """The matcher's own candidate retrieval when it is on this branch; otherwise an equivalent."""
    try:
        from claims.matching.candidates import candidate_ids

        return "claims.matching.candidates.candidate_ids", candidate_ids
    except ImportError:
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F, Q

        from claims.models import Claim

        def fallback(claim):
            open_claims = Claim.objects.exclude(pk=claim.pk).exclude(status=Claim.Status.ARCHIVED).filter(merged_into__isnull=True)
            words = [word for word in re.findall(r"\w{4,}", claim.text.lower())][:12]
            query = SearchQuery(" OR ".join(words), search_type="websearch", config="english")
            text_ids = list(open_claims.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
                            .order_by("-rank", "-id").values_list("pk", flat=True)[:60])
            trigram_ids = list(open_claims.filter(Q(normalised_text__trigram_similar=claim.normalised_text))
                               .order_by("-id").values_list("pk", flat=True)[:20])
            return list(dict.fromkeys(text_ids + trigram_ids))

        return "bench fallback (full text + trigram; matching not on this branch)", fallback


def time_suggestions(sample_ids: list[int], repeats: int = 2) -> dict:
    from django.db import connection

    from claims.models import Claim

    name, query = candidate_query()
    claims = list(Claim.objects.filter(pk__in=sample_ids).select_related("speaker"))
    timings = []
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = 0.3")
    for claim in claims[:5]:  # warm the caches
        query(claim)
    for _ in range(repeats):
        for claim in claims:
            started = time.perf_counter()
            query(claim)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"query": name, "samples": len(timings), "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2)}


# Import pipeline against bare trafilatura


def import_pipeline():
    """The whole import as the app runs it for an uploaded page (as `import_article` does)."""
    from claims import services
    from claims.importing.pipeline import extract, prepare_bytes
    from claims.selectors import extraction_known_sources

    def run(html: str, url: str):
        prepared = prepare_bytes(html.encode(), input_kind="upload", url=url, content_type="text/html; charset=utf-8")
        quotes = extract(prepared, extraction_known_sources())
        return services.article_import(prepared=prepared, quotes=quotes, actor=None, url=url)

    return "claims.importing (prepare_bytes + extract with the known sources + services.article_import)", run


def bench_import(rounds: int) -> dict:
    """Articles/s through the whole import against bare trafilatura, on news-site pages (the
    figure that counts) and then on the same articles in minimal pages."""
    from bench.pages import minimal_pages, news_pages

    name, run = import_pipeline()
    news = _import_rates(news_pages(), "news", rounds, run)
    minimal = _import_rates(minimal_pages(), "minimal", rounds, run)
    return {"pipeline": name, **news, "import_vs_trafilatura": news["ratio"], "minimal_pages": minimal}


def _import_rates(pages: list[tuple[str, str]], corpus: str, rounds: int, run) -> dict:
    import trafilatura

    # Each round's pages differ by one paragraph so no import is a duplicate of an earlier one:
    # round 0 brings new speakers and claims, later rounds new articles quoting known ones.
    # The news pages run first, so their figure carries the new-content round; the minimal
    # pages, run second, quote speakers and claims the news pages brought.
    variants = [(f"{stem}-{corpus}-{number}", html.replace("</article>", f"<p>Edition {number} of {stem} ({corpus}).</p></article>"))
                for number in range(rounds) for stem, html in pages]
    # One untimed run of each first, on a page outside the timed set: both are measured warm
    # (trafilatura's lazy imports, the extractor's gazetteer and patterns, the database
    # connection), as a running app server is; a one-off start-up cost is not throughput.
    warm_stem, warm_html = pages[0]
    warm_html = warm_html.replace("</article>", f"<p>Warm-up edition ({corpus}).</p></article>")
    trafilatura.extract(warm_html, url=f"https://bench.example/{warm_stem}-{corpus}-warm-up")
    run(warm_html, f"https://bench.example/{warm_stem}-{corpus}-warm-up")
    started = time.perf_counter()
    for key, html in variants:
        trafilatura.extract(html, url=f"https://bench.example/{key}")
    bare_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for key, html in variants:
        run(html, f"https://bench.example/{key}")
    import_seconds = time.perf_counter() - started
    bare_rate, import_rate = len(variants) / bare_seconds, len(variants) / import_seconds
    return {"articles": len(variants), "page_kilobytes": round(sum(len(html) for _key, html in variants) / len(variants) / 1024, 1),
            "trafilatura_articles_per_second": round(bare_rate, 2), "import_articles_per_second": round(import_rate, 2),
            "ratio": round(import_rate / bare_rate, 3)}


# Report


def verdict(name: str, value: float) -> str:
    operator, target = TARGETS[name]
    met = value >= target if operator == ">=" else value <= target
    return f"{'met' if met else 'MISSED'} ({operator} {target})"


def report(results: dict) -> str:
    rows = [("metric", "value", "target")]
    for name in TARGETS:
        value = results[name]
        rows.append((name, "not measured" if value is None else f"{value:.3f}", "" if value is None else verdict(name, value)))
    details = results["details"]
    rows += [
        ("hello-world req/s", f"{details['pages']['hello_requests_per_second']:.0f}", ""),
        ("claim page req/s", f"{details['pages']['page_requests_per_second']:.0f}", ""),
        ("hello-world p99 ms", f"{details['pages']['hello_p99_ms']:.2f}", ""),
        ("claim page p99 ms", f"{details['pages']['page_p99_ms']:.2f}", ""),
        ("suggest p95 ms at 10k", f"{details['suggest_10k']['p95_ms']:.2f}", ""),
        ("suggest p95 ms at 1M", "not measured" if details["suggest_1m"]["p95_ms"] is None else f"{details['suggest_1m']['p95_ms']:.2f}", ""),
        ("import articles/s, news pages", f"{details['import']['import_articles_per_second']:.2f}", ""),
        ("trafilatura articles/s, news pages", f"{details['import']['trafilatura_articles_per_second']:.2f}", ""),
        ("import_vs_trafilatura, 3 KB pages", f"{details['import']['minimal_pages']['ratio']:.3f}", "(no target)"),
    ]
    if details.get("feeds"):
        rows.append(("feeds_cycle_seconds", f"{details['feeds']['feeds_cycle_seconds']:.1f}",
                     f"{details['feeds']['feeds']} feeds x {details['feeds']['items_per_feed']} items"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def record_in_doc(results: dict, table: str) -> None:
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = (f"{start}\nLatest `make bench` ({results['measured_at']}, {results['machine']}):\n\n```\n{table}\n```\n\n"
             f"Suggestion query: {results['details']['suggest_1m']['query']}.  \n"
             f"Import pipeline: {results['details']['import']['pipeline']}.\n{end}")
    text = PERFORMANCE_DOC.read_text() if PERFORMANCE_DOC.exists() else "# Performance\n\n" + start + "\n" + end + "\n"
    if start not in text:
        text += "\n" + start + "\n" + end + "\n"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    PERFORMANCE_DOC.write_text(before + block + after)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk seconds per run (4 runs)")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the large table")
    parser.add_argument("--import-rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--budget", type=int, default=560, help="seconds the whole run may take")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md")
    parser.add_argument("--feeds", type=int, default=200, help="local feeds in the feeds cycle (bench/feeds.py); 0 skips it")
    parser.add_argument("--feed-items", type=int, default=50, help="items per feed")
    options = parser.parse_args(arguments)
    began = time.monotonic()

    maintenance_url, bench_url = server_urls()
    log(f"benchmark database {BENCH_DATABASE} (recreated)")
    recreate_database(maintenance_url)
    env = environment(bench_url)
    try:
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPOSITORY, env=env,
                                 capture_output=True, text=True)
        if migrate.returncode:
            raise SystemExit(f"migrate failed: {migrate.stderr[-2000:]}")
        django_setup(env)
        from django.core.cache import cache
        from django.db import connection

        from bench.synthetic import TextMaker, add_claims

        cache.clear()
        claim_path = seed_page_data()
        maker = TextMaker()
        connection.ensure_connection()
        raw = connection.connection
        seconds = add_claims(raw, count=10_000, start=0, maker=maker)
        log(f"10,000 synthetic claims written with COPY in {seconds:.1f} s")

        from claims.models import Claim

        sample_ids = list(Claim.objects.filter(slug__startswith="bench-claim-").order_by("pk").values_list("pk", flat=True)[:2_000:40])
        suggest_small = time_suggestions(sample_ids)
        log(f"suggestions at 10k: p95 {suggest_small['p95_ms']} ms ({suggest_small['query']})")

        pages = bench_pages(env, claim_path, options.seconds)
        log(f"pages: hello {pages['hello_requests_per_second']} req/s, claim page {pages['page_requests_per_second']} req/s")

        imported = bench_import(options.import_rounds)
        log(f"import, news pages: {imported['import_articles_per_second']} articles/s vs trafilatura {imported['trafilatura_articles_per_second']}; "
            f"3 KB pages: ratio {imported['minimal_pages']['ratio']}")

        from bench.extract import extract_1mb_seconds

        extraction = extract_1mb_seconds()
        log(f"extractor on a 1 MB article: {extraction['extract_1mb_seconds']} s ({extraction['quotes_found']} quotes)")

        extra = max(0, options.claims - 10_000)
        remaining = options.budget - (time.monotonic() - began)
        if remaining < 240:
            log(f"only {remaining:.0f} s of the {options.budget} s budget left: the 1M step is skipped (figure left empty)")
            suggest_large, total = {"query": suggest_small["query"], "p95_ms": None, "p50_ms": None, "samples": 0}, Claim.objects.count()
        else:
            seconds = add_claims(raw, count=extra, start=10_000, maker=maker, drop_indexes=True)
            total = Claim.objects.count()
            log(f"{extra:,} more synthetic claims written with COPY (indexes rebuilt) in {seconds:.1f} s; {total:,} claims")
            suggest_large = time_suggestions(sample_ids)
            log(f"suggestions at {total:,}: p95 {suggest_large['p95_ms']} ms")

        feeds = None
        if options.feeds:
            from bench.feeds import run_separately

            feeds = run_separately(feeds=options.feeds, items=options.feed_items)
            log(f"feeds: {feeds['new_articles']} articles from {feeds['polled']} feeds in {feeds['feeds_cycle_seconds']} s "
                f"({feeds['feeds_articles_per_second']} articles/s, {feeds['alerts']} alerts)")

        results = {
            "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
            "page_throughput_ratio": pages["page_throughput_ratio"],
            "page_p99_ratio": pages["page_p99_ratio"],
            "suggest_p95_growth_10k_to_1m": round(suggest_large["p95_ms"] / suggest_small["p95_ms"], 3) if suggest_large["p95_ms"] else None,
            "import_vs_trafilatura": imported["import_vs_trafilatura"],
            "extract_1mb_seconds": extraction["extract_1mb_seconds"],
            "feeds_cycle_seconds": feeds["feeds_cycle_seconds"] if feeds else None,
            "feeds_articles_per_second": feeds["feeds_articles_per_second"] if feeds else None,
            "details": {"pages": pages, "suggest_10k": suggest_small, "suggest_1m": {**suggest_large, "claims": total},
                        "import": imported, "claim_page": claim_path, "extract": extraction, "feeds": feeds},
            "targets": {name: f"{operator} {value}" for name, (operator, value) in TARGETS.items()},
        }
        from django.db import connections

        connections.close_all()
    finally:
        if not options.keep:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:
                pass
            drop_database(maintenance_url)
    results["seconds"] = round(time.monotonic() - began, 1)
    table = report(results)
    print(table)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    if not options.no_doc:
        record_in_doc(results, table)
    log(f"wrote {RESULTS.relative_to(REPOSITORY)} in {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
