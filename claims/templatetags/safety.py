"""Template filters that keep stored data from becoming active content."""

from urllib.parse import urlsplit

from django import template

register = template.Library()

SAFE_SCHEMES = frozenset({"http", "https"})


@register.filter
def http_url(value) -> str:
    """The URL when it is http(s), otherwise "" (javascript:, data:, vbscript: ... never become links).

    Use it on every stored URL that goes into href or src: `{% if article.url|http_url %}`.
    """
    text = str(value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in SAFE_SCHEMES else ""
