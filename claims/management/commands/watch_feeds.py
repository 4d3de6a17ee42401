"""Poll outlets' feeds: import new items as drafts, raise "came back" alerts, record every poll."""

import json
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from claims.outlet_feeds.poller import Poller, next_due_in


class Command(BaseCommand):
    help = "Poll due feeds for new articles, forever (the service beside the task worker) or --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Poll every due feed once and exit.")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--threads", type=int, default=None, help="Downloads in flight (default FEEDS_FETCH_THREADS).")
        parser.add_argument("--sleep", type=float, default=30.0, help="Longest wait between cycles when nothing is due (seconds).")

    def handle(self, *args, once, format, threads, sleep, **options):
        if threads is not None and threads < 1:
            from django.core.management.base import CommandError

            raise CommandError("--threads must be 1 or more.")
        poller = Poller(threads=threads)
        if once:
            totals = poller.run_cycle(on_poll=None if format == "json" else self._say)
            if format == "json":
                self.stdout.write(json.dumps(totals.as_json()))
            else:
                self.stdout.write(f"Polled {totals.polled} feeds: {totals.new_articles} new articles, {totals.alerts} alerts, {totals.errors} errors.")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write("Watching feeds (Ctrl-C stops).")
        try:
            while not stopping:
                close_old_connections()
                totals = poller.run_cycle(on_poll=None if format == "json" else self._say)
                if format == "json" and totals.polled:
                    self.stdout.write(json.dumps(totals.as_json()))
                close_old_connections()
                deadline = time.monotonic() + next_due_in(default=sleep)
                while not stopping and time.monotonic() < deadline:
                    time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        except KeyboardInterrupt:
            pass

    def _say(self, feed, outcome):
        detail = f": {outcome.error}" if outcome.error else ""
        self.stdout.write(
            f"{feed.url} [{outcome.status}] {outcome.new_articles} new, {outcome.duplicates} known, {outcome.item_errors} failed, "
            f"{outcome.alerts} alerts{detail}"
        )
