"""Rules about what a denial answers: its target, the article it was reported in, the side it names.

Pure Python, no Django (see docs/matching.md). The scorer calls these with two statements
already analysed; each returns a plain value or None so that scoring.py decides the score.
"""

from __future__ import annotations

import re

# A source of kind "media" is named by the words a report uses for a publication.
MEDIA_NOUNS = ("newspaper", "magazine", "publication", "paper", "outlet", "broadcaster", "tabloid", "website", "channel", "network")
_MEDIA = re.compile(r"\b(?:the|this|that)\s+(?:" + "|".join(MEDIA_NOUNS) + r")(?:'s|\u2019s)?\b", re.IGNORECASE)


def reported_together(first, second) -> str | None:
    """"<outlet>: <title>" of an article both statements appeared in, or None."""
    shared = dict(first.articles).keys() & dict(second.articles).keys()
    if not shared:
        return None
    return dict(first.articles)[min(shared)]


def _name_forms(statement) -> list[str]:
    forms = [statement.speaker, *statement.aliases]
    if statement.speaker_kind == "person":
        words = statement.speaker.split()
        if len(words) >= 2 and len(words[-1]) >= 4:
            forms.append(words[-1])  # "Trump's claim" names Donald Trump
    return [form for form in dict.fromkeys(forms) if len(form) >= 3]


def names_other_side(responder, target) -> str | None:
    """The name by which `responder`'s quote or attribution points at `target`'s speaker, if it does."""
    named = " | ".join(responder.named)
    around = f"{responder.text} {responder.context} {' '.join(responder.targets)}"
    for form in sorted(_name_forms(target), key=len, reverse=True):
        if re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", named):
            return form
        if re.search(r"(?<![\w])" + re.escape(form) + r"(?:'s|\u2019s)", around):
            return form
    if target.speaker_kind == "media":
        found = _MEDIA.search(named) or _MEDIA.search(around)
        if found:
            return found.group(0)
    return None


def excerpt(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
