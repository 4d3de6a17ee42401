"""Follow an outlet's RSS or Atom feed (or news sitemap): `watch_feeds` polls it from then on."""

import json

from django.core.management.base import BaseCommand, CommandError

from claims import feed_services
from claims.models import Feed
from claims.services import ServiceError


class Command(BaseCommand):
    help = "Add an RSS/Atom feed or news sitemap of an outlet (created if new) for watch_feeds to poll."

    def add_arguments(self, parser):
        parser.add_argument("url", help="The feed's http(s) URL.")
        parser.add_argument("--outlet", required=True, help="The outlet's name (an outlet of that name is created if there is none).")
        parser.add_argument("--kind", choices=Feed.Kind.values, default=Feed.Kind.AUTO, help="Default: detected on the first poll.")
        parser.add_argument("--interval", type=int, default=None, help="Seconds between polls (default FEEDS_DEFAULT_INTERVAL, 900).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, url, outlet, kind, interval, format, **options):
        try:
            feed = feed_services.feed_add(url=url, outlet_name=outlet, actor=None, kind=kind, interval=interval)
        except ServiceError as error:
            raise CommandError(" ".join(str(error).split())) from None
        if format == "json":
            self.stdout.write(json.dumps({"feed": {"id": feed.pk, "url": feed.url, "outlet": feed.outlet.name, "kind": feed.kind,
                                                   "interval": feed.interval}}, ensure_ascii=False))
            return
        self.stdout.write(f"Feed {feed.pk} added for {feed.outlet.name}: {feed.url} (every {feed.interval} s)")
