"""Import one article from a file or an http(s) URL and print what was found."""

import json
import re
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.importing.errors import ImportInputError
from claims.importing.fetch import fetch_url
from claims.importing.language import clean_language_code
from claims.importing.pipeline import extract, prepare_bytes
from claims.selectors import extraction_known_sources

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def parse_published(value: str | None) -> date | None:
    """YYYY-MM-DD, or a CommandError that says so."""
    if not value:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published must be a date as YYYY-MM-DD, not {value!r}.") from None


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


class Command(BaseCommand):
    help = "Import an article (a text or HTML file, or an http(s) URL): extract quotes, store draft claims."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file path (text or HTML) or an http(s) URL.")
        parser.add_argument("--url", default="", help="The article's URL, when SOURCE is a file.")
        parser.add_argument("--outlet", default="", help="The outlet's name (default: the page's site name or the URL's domain).")
        parser.add_argument("--published", default=None, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--language", default="", help="The article's language as an ISO 639-1 code (default: detected).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, source, url, outlet, published, format, language="", **options):
        published_on = parse_published(published)
        try:
            language_code = clean_language_code(language)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            prepared = self._prepare(source, url=url.strip())
            if language_code:
                prepared.language = language_code
            quotes = extract(prepared, extraction_known_sources())
            result = services.article_import(
                prepared=prepared, quotes=quotes, actor=None, outlet_name=outlet, published=published_on
            )
        except (ImportInputError, services.ServiceError) as error:
            raise CommandError(_one_line(error)) from None
        article = result.article
        payload = {
            "article": {
                "id": article.pk,
                "title": article.title,
                "url": article.url,
                "outlet": article.outlet.name if article.outlet else None,
                "published": article.published.isoformat() if article.published else None,
                "language": article.language,
                "duplicate": result.duplicate,
            },
            "claims": [
                {
                    "id": item.claim.pk,
                    "speaker": item.claim.speaker.name,
                    "text": item.claim.text,
                    "kind": item.claim.kind,
                    "polarity": item.claim.polarity,
                    "start": item.appearance.start,
                    "end": item.appearance.end,
                }
                for item in result.quotes
            ],
        }
        if format == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        state = "already imported; nothing changed" if result.duplicate else f"{len(result.quotes)} quotes stored as draft claims"
        self.stdout.write(f"Article {article.pk}: {article.title or '(no title)'} ({state})")
        for claim in payload["claims"]:
            self.stdout.write(f"  #{claim['id']} {claim['speaker']} [{claim['kind']}, {claim['polarity']}]: {claim['text']}")

    def _prepare(self, source: str, *, url: str):
        if source.lower().startswith(("http://", "https://")):
            page = fetch_url(source)
            return prepare_bytes(
                page.content, input_kind="command", url=url or source, declared_charset=page.charset, content_type=page.content_type
            )
        if _SCHEME.match(source) and not Path(source).exists():
            scheme = source.split(":", 1)[0]
            raise CommandError(f"Only http:// and https:// URLs or file paths can be imported ({scheme}: given).")
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"No such file: {source}")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {source}: {error.strerror}.") from None
        return prepare_bytes(data, input_kind="command", url=url, filename=path.name)
