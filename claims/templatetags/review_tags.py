"""Template helpers for the review screens."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()

_SENTENCE_END = re.compile(r"[.!?](?:[\"'”’»)]*)\s+|\n+")
_MAX_SIDE = 240


def quote_sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around text[start:end], split as (before, quote, after); long sides are trimmed."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = match.end()
    following = _SENTENCE_END.search(text, end)
    sentence_end = following.start() + 1 if following else len(text)
    if following and text[following.start()] == "\n":
        sentence_end = following.start()
    before, after = text[sentence_start:start], text[end:sentence_end]
    if len(before) > _MAX_SIDE:
        before = "…" + before[-_MAX_SIDE:].split(" ", 1)[-1]
    if len(after) > _MAX_SIDE:
        after = after[:_MAX_SIDE].rsplit(" ", 1)[0] + "…"
    return before.lstrip(), text[start:end], after.rstrip()


@register.simple_tag
def highlighted_quote(appearance):
    """The appearance's quote marked inside its sentence of the article (escaped HTML)."""
    article_text = appearance.article.text or ""
    if 0 <= appearance.start < appearance.end <= len(article_text):
        before, quote, after = quote_sentence(article_text, appearance.start, appearance.end)
    else:
        context, quote = appearance.context or "", appearance.quote
        position = context.find(quote) if quote else -1
        if position < 0:
            before, after = "", ""
        else:
            before, after = context[:position], context[position + len(quote):]
    return format_html("{}<mark>{}</mark>{}", before, quote, after)


@register.filter
def audit_changes(event) -> list[tuple[str, str, str]]:
    """(field, before, after) for each value an audit event records as changed."""
    data = event.data or {}
    before, after = data.get("before") or {}, data.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    fields = list(dict.fromkeys([*before, *after]))
    return [(field.replace("_", " "), _short(before.get(field)), _short(after.get(field))) for field in fields if before.get(field) != after.get(field)]


def _short(value) -> str:
    text = "—" if value in (None, "", "None") else str(value)
    return text if len(text) <= 120 else text[:117] + "…"
