"""The values the extraction package hands to the rest of the app."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CleanedText:
    """An article body with site furniture removed; characters are kept as scraped."""

    text: str
    title: str
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KnownSource:
    """A speaker the app already knows, with the other names articles use for it."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"


@dataclass(frozen=True)
class Quote:
    """One attributed quote; `text` is exactly `article_text[start:end]`."""

    speaker: str
    speaker_as_written: str
    speaker_kind: str
    text: str
    start: int
    end: int
    kind: str
    polarity: str
    polarity_cue: str
    context: str
    attribution: str
    reporting_verb: str
