"""Known speakers: the built-in gazetteer merged with the sources the caller passes in."""
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .normalise import normalise_for_matching
from .types import KnownSource

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.json")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE_SPACING = re.compile(r"\s*'s\b")


@lru_cache(maxsize=65_536)
def _alias_key(phrase: str) -> str:
    """Form under which aliases are compared: case, dots, quotes and a leading 'the' ignored.

    Remembered: every import builds its index from every known source's names, the same
    names each time (8 ms for 2,000 sources without it)."""
    key = normalise_for_matching(phrase).replace(".", "")
    key = _POSSESSIVE_SPACING.sub("'s", key)
    return _LEADING_ARTICLE.sub("", key).strip(" ,'\"")


@lru_cache(maxsize=1)
def _gazetteer_entries() -> tuple[tuple[KnownSource, tuple[str, ...]], ...]:
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    return tuple(
        (
            KnownSource(name=entry["name"], aliases=tuple(entry.get("aliases", ())), kind=entry.get("kind", "person")),
            tuple(entry.get("descriptions", ())),
        )
        for entry in data["sources"]
    )


def builtin_sources() -> list[KnownSource]:
    """The sources shipped with the package (descriptions such as 'the Russian leader' excluded)."""
    return [source for source, _descriptions in _gazetteer_entries()]


def _looks_like_description(alias: str) -> bool:
    """'the Russian leader' describes someone; 'Putin' names him. Descriptions need context."""
    words = alias.split()
    return len(words) > 1 and words[0].lower() in {"the", "a", "an"} and words[-1][:1].islower()


class SourceIndex:
    """Alias lookups for one extraction run; caller sources win over the built-in ones."""

    def __init__(self, known_sources: Sequence[KnownSource] = ()):
        # The built-in tables are built once per process; each run copies them before
        # adding the caller's sources so that those never leak into another run.
        builtin_by_alias, builtin_by_description = _builtin_tables()
        self._by_alias: dict[str, KnownSource] = dict(builtin_by_alias)
        self._by_description: dict[str, KnownSource] = dict(builtin_by_description)
        # Added last so that a source learned from the database replaces a built-in alias.
        # A source's own name beats another source's alias (as on save, source_find_by_name),
        # and of two sources with one alias the first given keeps it (the app gives the
        # oldest first); the order they came in no longer decides.
        for source in reversed(known_sources):
            person_descriptions = [alias for alias in source.aliases if source.kind == "person" and _looks_like_description(alias)]
            self._add_aliases(source, person_descriptions)
        for source in reversed(known_sources):
            self._by_alias[_alias_key(source.name)] = source

    @classmethod
    def for_sources(cls, known_sources: Sequence[KnownSource]) -> "SourceIndex":
        """The index for these sources; the last one built when given the very same tuple
        again (the app passes the same tuple while no source changes; an index is only read)."""
        global _last_index
        if isinstance(known_sources, tuple) and _last_index[0] is known_sources:
            return _last_index[1]
        index = cls(known_sources)
        if isinstance(known_sources, tuple):
            _last_index = (known_sources, index)
        return index

    @classmethod
    def _empty(cls) -> "SourceIndex":
        index = cls.__new__(cls)
        index._by_alias, index._by_description = {}, {}
        return index

    def _add(self, source: KnownSource, descriptions: Sequence[str]) -> None:
        self._by_alias[_alias_key(source.name)] = source
        self._add_aliases(source, descriptions)

    def _add_aliases(self, source: KnownSource, descriptions: Sequence[str]) -> None:
        for alias in source.aliases:
            if alias not in descriptions:
                self._by_alias[_alias_key(alias)] = source
        for description in descriptions:
            self._by_description[_alias_key(description)] = source

    def lookup(self, phrase: str) -> KnownSource | None:
        """The source this exact phrase names, if any."""
        return self._by_alias.get(_alias_key(phrase))

    def lookup_description(self, phrase: str) -> KnownSource | None:
        """The person a description points at; the caller checks they were mentioned."""
        return self._by_description.get(_alias_key(phrase))

    def surname_lookup(self, surname: str) -> KnownSource | None:
        source = self._by_alias.get(_alias_key(surname))
        return source if source is not None and source.kind == "person" else None


# The tuple of sources the last index was built for, and that index.
_last_index: tuple = (None, None)


@lru_cache(maxsize=1)
def _builtin_tables() -> tuple[dict[str, KnownSource], dict[str, KnownSource]]:
    index = SourceIndex._empty()
    for source, descriptions in _gazetteer_entries():
        index._add(source, descriptions)
    return index._by_alias, index._by_description
