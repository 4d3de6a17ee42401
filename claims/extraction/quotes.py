"""Attributed quotes from article text, by rule: quote marks, reporting verbs, and a speaker phrase.

The speaker of a quotation is looked for in this order: an attribution right after it
('"...," Putin said' or '"...," said Putin'), the nearest reporting verb before it in the
same sentence ('Trump said "thousands" of ...'), a colon after the sentence subject
('He told the court: "..."'), another quotation of the same sentence, and finally the
speaker of the previous quotation when this one simply continues it, and "According to X,".
A quotation that is a sentence of its own takes the subject of the sentence before when that
sentence reported speech; one that opens a paragraph after a paragraph with a quotation
continues it; paragraphs that are one open quotation take the speaker of the paragraph that
carries it on. A later clause opened by a conjunction ('... to "surrender" as Zelensky
accused ...') does not own a quotation that comes before it. Quotations with no speaker are
not claims and are left out; so are quotations in headline-like lines and quotations of one
to three words that are not a verdict ("farce" no, "completely untrue" yes).

Every step reads a bounded window around its quotation (ATTRIBUTION_WINDOW) and looks
verbs, names and organisations up by bisection, so the cost is linear in the text.

Speaker phrases are resolved to one canonical name: titles go ("Ukraine's President
Volodymyr Zelensky" -> "Volodymyr Zelensky"), surnames take the full name given earlier,
"the minister" / "the judge" / "the player's agent" take the person introduced with that
role, and he/she skip people whose gender the article shows otherwise (Mr, spokeswoman, his/her).

A bare description of an organisation ("the company", "the firm", "the club", "the ministry",
"a company spokesman", "a spokesperson for the union") takes the last organisation named
before it whose kind fits (lexicon.DESCRIPTION_CATEGORIES / DESCRIPTION_FITS: "Harbour Steel
Ltd" and "Quillon, the payroll software company" are businesses, "Ashgrove Athletic" a club,
"Finance Ministry" a ministry), or, when the fitting one was named two paragraphs back or
more, the fitting organisation the article mentions most (its own subject, not a rival in
passing). With nothing fitting it takes the last organisation whose kind its name does not
tell (a known source such as "Gazprom"), never one of another kind (not Acme Corp for "the
ministry"); with none the quotation is left out rather than credited to "company" or to the
wrong organisation. A fuller
description ("the regional transport authority") is kept as written when nothing fits.

One Quote is returned per contiguous quoted span: a quote split by its attribution
('"X," he said, "Y."') gives two Quotes with the same speaker.
"""
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .names import first_name_gender
from .sources import SourceIndex
from .spans import QuotedSpan, find_quoted_spans, line_bounds, sentence_bounds
from .types import KnownSource, Quote

MASK = "\x01"
MAX_NAME_WORDS = 8
# Quotes this short are labels or scare quotes ("farce", "almost certainly", "a few F-16")
# unless they are a verdict (lexicon.VERDICT_CUES).
SCARE_QUOTE_MAX_WORDS = 3
# How far back from its verb a subject phrase is read, in characters.
PHRASE_WINDOW = 250
# How far around a quotation its attribution is looked for, in characters. Every per-quote
# step reads only this window, so a sentence holding thousands of quotes costs linear time.
ATTRIBUTION_WINDOW = 400
# How much of the sentence around a quotation is kept as its context, each side.
CONTEXT_WINDOW = 300
# How many earlier mentions a pronoun looks back through.
PRONOUN_LOOKBACK = 200
_VERB = re.compile(
    r"(?<![\w'\u2019-])("
    + "|".join(re.escape(verb) for verb in sorted(lexicon.REPORTING_VERBS, key=len, reverse=True))
    + r")(?![\w'\u2019-])"
)
_WORD = re.compile(r"[^\W_](?:[\w'\u2019.\-]*[^\W_])?['\u2019]?\.?")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|s['\u2019])$")
_NAME_RUN = re.compile(
    r"(?<![\w'\u2019])[A-Z\u00c0-\u00de](?:[\w'\u2019\-]*|\.)(?:[ \t\u00a0]+(?:(?:van|von|der|de|da|di|al|bin|le|la)[ \t\u00a0]+)*[A-Z\u00c0-\u00de](?:[\w'\u2019\-]*|\.))+"
)
_DENIAL_ATTRIBUTION = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.DENIAL_ATTRIBUTION_CUES) + r")(?!\w)", re.IGNORECASE)
_VERDICT = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.VERDICT_CUES) + r")(?!\w)", re.IGNORECASE)
_DENIAL_QUOTE = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.DENIAL_QUOTE_CUES) + r")(?!\w)", re.IGNORECASE)
_TERMINAL_PUNCTUATION = ".!?\u2026"
_CLOSING_QUOTE_MARKS = "\"\u201d\u00bb\u201c"
_CLOSING_MARKS = "\"'\u201c\u201d\u2018\u2019\u00bb\u00ab\u203a)] \t\u00a0\u202f"
_CLAUSE_END = re.compile("[,.;:!?\x01\n\u2014]")
_LEADING_CLAUSE_WORDS = frozenset({
    "asked", "pressed", "in", "on", "at", "after", "before", "speaking", "earlier", "later",
    "meanwhile", "however", "but", "and", "yet", "still", "also", "responding", "despite",
    "following", "during", "since", "while", "when", "although", "last", "separately",
    "writing", "addressing", "according", "outside", "inside", "under", "giving", "interviewed",
})
_NOT_NAME_STARTS = frozenset({
    "the", "a", "an", "in", "on", "at", "but", "and", "as", "if", "when", "while", "after",
    "before", "asked", "pressed", "this", "that", "it", "he", "she", "they", "we", "i",
    "his", "her", "their", "our", "its", "then", "so", "yet", "for", "with", "from", "by",
    "there", "here", "what", "why", "how", "who", "every", "each", "not", "no", "nobody",
})
_OWNER_NOUNS = frozenset({
    "statement", "spokesperson", "spokesman", "spokeswoman", "press", "office", "account",
    "website", "service", "post", "note",
})
_SPOKESPERSON_FOR = re.compile(
    r"\b(?:spokes(?:person|man|woman)|representative|statement|official)\s+(?:for|from|of|at)\s+(?:the\s+)?(?P<owner>.+)$",
    re.IGNORECASE,
)
# "Mayor Ana Ruiz, speaking after council leader Tom Berg, said": a name after a
# preposition in a comma chunk is not the speaker.
_PREPOSITIONS = frozenset({
    "after", "before", "with", "to", "by", "for", "from", "at", "in", "on", "about", "against",
    "alongside", "behind", "beside", "like", "than", "near", "under", "over", "into", "among",
    "between", "as", "of", "replacing", "succeeding", "unlike", "including",
})
_OPENING_CONJUNCTIONS = frozenset({"and", "but", "yet", "so"})
_LOCATIVE_WORDS = frozenset({"in", "at", "from", "near", "outside", "inside"})
_CLAUSE_CONJUNCTIONS = frozenset({
    "as", "while", "whilst", "but", "after", "and", "when", "whereas", "although", "though",
    "before", "since", "because", "until", "once", "where", "then", "yet", "so",
})
_HEADLINE_MAX_WORDS = 24
# "a ministry spokeswoman", "A Kremlin spokesman": someone unnamed speaking for the organisation.
_UNNAMED_SPOKESPERSON = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?P<owner>(?:[\w'\u2019-]+\s+){0,3}?[\w'\u2019-]+)\s+(?:spokes(?:person|man|woman)|official|representative)$",
    re.IGNORECASE,
)
_CAPITALISED_WORDS_BEFORE = re.compile(r"(?<![\w'\u2019-])(?:[A-Z][\w'\u2019-]*\s+)+$")
_GENDER_PRONOUN = re.compile(r"(?<![\w'\u2019])(?:he|his|him|she|her)(?![\w'\u2019])", re.IGNORECASE)
_AS_BEFORE = re.compile(r"(?<!\w)as[ \t]+$")
_ACCORDING_TO = re.compile(r"(?<!\w)[Aa]ccording to[ \t]+")
_NAME_THEN_DESCRIPTION = re.compile(
    r"(?P<name>[A-Z](?<![\w'\u2019][A-Z])[\w'\u2019&-]*(?:[ \t]+[A-Z][\w'\u2019&-]*){0,4}),[ \t]+(?:the|a|an)[ \t]+(?:(?!(?:of|at|for|from|in|with|to|on|by)[ \t])[\w'\u2019-]+[ \t]+){0,4}?(?P<head>[a-z]+)(?=[ \t]*[,.;])"
)
# The look-behinds come after the first letter: a pattern that opens with a letter is
# scanned for that letter at C speed, one that opens with a look-behind tries every offset.
_DESCRIPTION_BEFORE_NAME = re.compile(
    r"[Tt](?<![\w'\u2019][Tt])he[ \t]+(?:[a-z-]+[ \t]+){0,3}?(?P<head>[a-z]+)[ \t]+(?P<name>[A-Z][\w'\u2019&-]*(?:[ \t]+[A-Z][\w'\u2019&-]*){0,4})"
)
_DESCRIPTION_THEN_NAME = re.compile(
    r"(?<![\w'\u2019])(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)[ \t]+(?:[\w'\u2019-]+[ \t]+){0,3}?(?P<head>[a-z]+),[ \t]+(?:the[ \t]+)?(?P<name>[A-Z][\w'\u2019&-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w'\u2019&-]*){0,5})[ \t]*,"
)
_ORGANISATION_NAME_END = re.compile(
    r"(?<![\w'\u2019-])(?P<end>"
    + "|".join(re.escape(word) for word in sorted(lexicon.ORGANISATION_NAME_CATEGORIES, key=len, reverse=True))
    + r")(?![\w'\u2019-])(?:[ \t]+of(?:[ \t]+the)?(?:[ \t]+[A-Z][\w'\u2019-]*)+)?"
)
# "the government of Ruritania", "the army of Calderia": a described organisation named by its place.
_DESCRIPTION_OF_NAME = re.compile(
    r"(?<![\w'\u2019-])(?P<head>"
    + "|".join(re.escape(noun) for noun in sorted(lexicon.PLACE_NAMED_DESCRIPTIONS, key=len, reverse=True))
    + r")[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*)*"
)
# '..., said its chair, Denise Orme.': a description, a comma, then the person's name.
_DESCRIPTION_COMMA_NAME = re.compile(
    r"[ \t]*(?:(?:the|its|his|her|their|a|an)[ \t]+)?(?P<description>(?:[\w'\u2019-]+[ \t]+){0,3}?(?P<role>[\w'\u2019-]+)),[ \t]+"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*)+)[ \t]*(?=[,.;]|$)"
)
_UNNAMED_ROLES = r"(?P<role>rep|representative|spokes(?:man|woman|person)|lawyer|attorney|publicist)"
_ROLE_OWNER = r"(?P<owner>[A-Z][\w.&'\u2019-]*(?:[ \t]+[A-Z][\w.&'\u2019-]*){0,3})"
_UNNAMED_ROLE_FOR = re.compile(r"(?<![\w'\u2019-])[Aa]n?[ \t]+" + _UNNAMED_ROLES + r"[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?" + _ROLE_OWNER + r"(?![ \t]+[A-Z])(?![,]?[ \t]+[A-Z][a-z]+[ \t]+[A-Z])")
_UNNAMED_ROLE_OF = re.compile(r"(?<![\w'\u2019-])[Aa]n?[ \t]+" + _ROLE_OWNER + r"[ \t]+" + _UNNAMED_ROLES + r"(?![\w-])(?![ \t]*,?[ \t]+[A-Z])")
_TOKEN = re.compile(r"[\w'\u2019-]+")
_CAPITALISED_AFTER_WORD = re.compile(r"(?<=[\w,;)])[ \t]+([A-Z][\w'\u2019-]*)(?![\w'\u2019-])")
_TRAILING_PLACE = re.compile(r"(?:,?[ \t]+based)?[ \t]+in[ \t]+[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*){0,2}$")
# Verbs that put their subject after them ("..., said the ministry."); "told" takes an object.
_INVERTING_VERBS = frozenset({"said", "says", "added", "adds", "wrote", "writes", "stated", "states", "noted", "notes"})
# After a quote: a full name, then a description between commas, then the verb.
_NAME_COMMA_DESCRIPTION = re.compile(
    r"[ \t\u00a0]*,?[ \t\u00a0]*(?P<name>[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){1,4})[ \t]*,[^,\n]{3,120},[ \t]*$"
)
_PRONOUN_FORMS = frozenset(lexicon.PRONOUNS | {pronoun.capitalize() for pronoun in lexicon.PRONOUNS} | {"I"})


@dataclass(slots=True)
class _Speaker:
    name: str
    as_written: str
    kind: str
    start: int
    end: int
    verb: str
    verb_start: int
    verb_end: int


@dataclass(slots=True)
class _Mention:
    position: int
    name: str
    kind: str
    # "A spokeswoman for the Parents' Forum said ...": the organisation, which a following
    # "she said" means too (the spokeswoman speaks for it).
    spoken_for: bool = False


def _is_headline_like(line: str) -> bool:
    """A short line with no final punctuation is a headline or subheading, not prose."""
    stripped = line.rstrip(_CLOSING_MARKS)
    if not stripped:
        return True
    return stripped[-1] not in _TERMINAL_PUNCTUATION + ":" and len(line.split()) <= _HEADLINE_MAX_WORDS


def _mask_quotes(text: str, spans: Sequence[QuotedSpan]) -> str:
    """The text with every quotation blanked out, so names inside quotes are never speakers."""
    pieces = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.open_start])
        pieces.append(MASK * (span.close_end - span.open_start))
        cursor = span.close_end
    pieces.append(text[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=65_536)
def _bare(word: str) -> str:
    return word.lower().replace(".", "").strip("'\u2019")


def _accepts_in_phrase(word: str) -> bool:
    low = _bare(word)
    return (
        word[:1].isupper()
        or word[:1].isdigit()
        or low in lexicon.ROLE_NOUNS
        or low in lexicon.ROLE_MODIFIERS
        or low in lexicon.NAME_CONNECTORS
        or bool(_POSSESSIVE.search(word))
    )


def _has_head(words: Sequence[str]) -> bool:
    return any(word[:1].isupper() or word[:1].isdigit() or _bare(word) in lexicon.ROLE_NOUNS for word in words)


def _is_title(low: str) -> bool:
    """'minister', and hyphenated titles such as 'secretary-general' or 'commander-in-chief'."""
    if low in lexicon.TITLE_WORDS:
        return True
    parts = low.split("-")
    return len(parts) > 1 and all(
        part in lexicon.TITLE_WORDS or part in lexicon.ROLE_NOUNS or part in {"in", "at", "general", "elect"} for part in parts
    )


def _is_role_word(word: str) -> bool:
    low = _bare(word)
    return low in lexicon.ROLE_NOUNS or _is_title(low) or low in lexicon.ROLE_MODIFIERS


def _trim_phrase(words: list[re.Match]) -> list[re.Match]:
    """Drop joining words at the edges ('and', 'of', 'but') but keep a leading article."""
    while words and _bare(words[-1].group()) in lexicon.NAME_CONNECTORS:
        words.pop()
    while words and (
        _bare(words[0].group()) in lexicon.NAME_CONNECTORS - lexicon.ARTICLES
        or _bare(words[0].group()) in _LEADING_CLAUSE_WORDS
    ):
        words.pop(0)
    return words


class _ArticleReader:
    """State for one article: offsets, the masked text, and who has been mentioned so far."""

    def __init__(self, text: str, index: SourceIndex):
        self.text = text
        self.index = index
        self.spans = find_quoted_spans(text)
        self.masked = _mask_quotes(text, self.spans)
        self.span_starts = [span.open_start for span in self.spans]
        # Every reporting verb, found once: each quote then takes the few near it by bisection.
        self.verbs = list(_VERB.finditer(self.masked))
        self.verb_starts = [verb.start() for verb in self.verbs]
        # Denial cues around quotes ("denied the claims"), found once for the same reason.
        self.denial_cues = list(_DENIAL_ATTRIBUTION.finditer(self.masked))
        self.denial_cue_starts = [cue.start() for cue in self.denial_cues]
        self.salient: list[_Mention] = []
        self.full_names_by_surname: dict[str, list[tuple[int, str]]] = {}
        # (position, full name, role words it was introduced with): "Judge Alan Holt" -> {"judge"}.
        self.roles: list[tuple[int, str, frozenset[str]]] = []
        # (position, name, describing noun): "Quillon, the payroll software company" -> company.
        self.described_organisations: list[tuple[int, str, str]] = []
        # Canonical person name -> "m" or "f", from titles ("Mr", "spokeswoman") and pronouns.
        self.gender: dict[str, str] = {}
        self._name_words: dict[str, bool] = {}
        self._phrase_counts: dict[str, int] = {}
        self._lower_case_words: set[str] | None = None
        self._mid_sentence_capitals: set[str] | None = None
        self._organisation_names: dict[str, list[tuple[int, str]]] = {}
        # (position, name, category) of every organisation the article names or describes,
        # for 'the company' / 'the club' / 'a ministry spokeswoman' to refer back to.
        self.organisations: list[tuple[int, str, str]] = []
        self._collect_names()
        self._collect_organisations()
        self.described_organisations.sort()
        self._described_starts = [start for start, _name, _head in self.described_organisations]
        self._described_names = {name for _start, name, _head in self.described_organisations}
        self._role_holders = {name for _start, name, _roles in self.roles}
        self._roles_by_word: dict[str, list[tuple[int, str]]] = {}
        for start, name, roles in self.roles:
            for role in roles:
                self._roles_by_word.setdefault(role, []).append((start, name))
        # "a rep for Harbour Weekly", "A Fenwick.io lawyer": someone unnamed in a role for an
        # organisation or person, whom a later "the rep" / "the lawyer" means.
        for pattern in (_UNNAMED_ROLE_FOR, _UNNAMED_ROLE_OF):
            for match in pattern.finditer(self.masked):
                owner = re.sub(r"['\u2019]s$", "", match.group("owner"))
                self._roles_by_word.setdefault(match.group("role").lower(), []).append((match.start(), owner))
        for holders in self._roles_by_word.values():
            holders.sort()

    def denial_cue_between(self, start: int, end: int) -> str:
        """The first denial cue wholly inside text[start:end], or ""."""
        index = bisect_left(self.denial_cue_starts, start)
        if index < len(self.denial_cues) and self.denial_cues[index].end() <= end:
            return self.denial_cues[index].group()
        return ""

    def verbs_between(self, start: int, end: int) -> list[re.Match]:
        """The reporting verbs that lie wholly inside text[start:end], in order."""
        first = bisect_left(self.verb_starts, start)
        last = bisect_left(self.verb_starts, end)
        return [verb for verb in self.verbs[first:last] if verb.end() <= end]

    # -- names ---------------------------------------------------------------------------

    def _collect_names(self) -> None:
        """Map surnames to the full names the article introduces ('President Vladimir Putin')."""
        for match in _NAME_RUN.finditer(self.masked):
            words = match.group().split()
            name_words = self._person_name_words(words)
            if _bare(words[0]) in _LOCATIVE_WORDS and self.full_names_by_surname.get(_bare(name_words[-1]) if name_words else ""):
                # "In Leeds Holt said": a place glued to a surname the article already knows.
                continue
            if len(name_words) >= 2:
                full_name = " ".join(name_words)
                surname = _bare(name_words[-1])
                self.full_names_by_surname.setdefault(surname, []).append((match.start(), full_name))
                roles = self._role_words_before(match.start(), words[: len(words) - len(name_words)])
                gender = next((lexicon.TITLE_GENDER[role] for role in roles if role in lexicon.TITLE_GENDER), None)
                if gender:
                    self.gender.setdefault(full_name, gender)
                if roles:
                    self.roles.append((match.start(), full_name, roles))
        for match in _NAME_THEN_DESCRIPTION.finditer(self.masked):
            if _bare(match.group("head")) in lexicon.ORGANISATION_HEADS:
                self.described_organisations.append((match.start(), match.group("name"), _bare(match.group("head"))))
        for match in _DESCRIPTION_BEFORE_NAME.finditer(self.masked):
            # "the copper miner Astor Minerals", "the carmaker Volta"
            if _bare(match.group("head")) in lexicon.ORGANISATION_HEADS:
                self.described_organisations.append((match.start("name"), match.group("name"), _bare(match.group("head"))))
        for match in _DESCRIPTION_THEN_NAME.finditer(self.masked):
            if _bare(match.group("head")) in lexicon.ORGANISATION_HEADS:
                self.described_organisations.append((match.start("name"), match.group("name"), _bare(match.group("head"))))

    def _collect_organisations(self) -> None:
        """Organisations by the last word of their name ('Harbour Steel Ltd') or by how they were described."""
        for match in _ORGANISATION_NAME_END.finditer(self.masked):
            end_word = match.group("end")
            prefix = _CAPITALISED_WORDS_BEFORE.search(self.masked, max(0, match.start() - 160), match.start())
            words = self.masked[prefix.start() : match.start()].split() if prefix else []
            while words and (_bare(words[0]) in _NOT_NAME_STARTS or _bare(words[0]) in lexicon.ADVERBIAL_WORDS):
                words.pop(0)
            if words and _POSSESSIVE.search(words[-1]):
                continue
            of_part = self.masked[match.end("end") : match.end()]
            if not words and not of_part:
                continue
            # A lower-case legal suffix ('Marrow Dairies plc') is not part of the name as the article uses it.
            name_words = words + ([end_word] if end_word[:1].isupper() or not words else [])
            name = " ".join(name_words) + of_part
            position = prefix.start() if prefix and words else match.start()
            self.organisations.append((position, name.strip(), lexicon.ORGANISATION_NAME_CATEGORIES[end_word]))
        for match in _DESCRIPTION_OF_NAME.finditer(self.masked):
            name = match.group()
            self.organisations.append((match.start(), name[:1].upper() + name[1:], lexicon.DESCRIPTION_CATEGORIES[match.group("head")]))
        for position, name, head in self.described_organisations:
            category = lexicon.DESCRIPTION_CATEGORIES.get(head)
            if category:
                self.organisations.append((position, name, category))
        self.organisations.sort()
        self._organisation_starts = [start for start, _name, _category in self.organisations]
        self._paragraph_breaks = [match.start() for match in re.finditer(r"\n[ \t]*\n", self.text)]

    def organisation_for_description(self, noun: str, position: int) -> str | None:
        """'the company' -> the last business named before `position`, else the last organisation
        of no known kind, else one of that kind named within the next two paragraphs; never one of
        another kind."""
        fits = lexicon.DESCRIPTION_FITS.get(lexicon.DESCRIPTION_CATEGORIES.get(noun, ""), frozenset())
        earlier_count = bisect_left(self._organisation_starts, position)
        latest = next(
            ((start, name) for start, name, category in (self.organisations[i] for i in range(earlier_count - 1, -1, -1)) if category in fits),
            None,
        )
        if latest is not None:
            start, name = latest
            if self._paragraphs_between(start, position) > 1 or lexicon.DESCRIPTION_CATEGORIES.get(noun) == "any":
                earlier = self.organisations[max(0, earlier_count - PRONOUN_LOOKBACK) : earlier_count]
                # Named two paragraphs back or more, or a statement with no owner: the article's
                # own subject (the fitting organisation named most) is meant, not a rival in passing.
                fitting = {name: start for start, name, category in earlier if category in fits}
                counts = {word: self.count_in_text(word) for word in {name.split()[0] for name in fitting} | set(fitting)}
                # Ties go to the one named first: a story names its subject early.
                first_named = {}
                for start, name, category in earlier:
                    if category in fits:
                        first_named.setdefault(name, start)
                return max(fitting, key=lambda name: (counts[name], counts[name.split()[0]], -first_named[name]))
            return name
        # None of that kind was named: an organisation whose kind the name does not tell
        # (a known source such as "Gazprom") may be meant; one of another kind is not ("the
        # ministry" after "Acme Corp"): no speaker is better than the wrong one.
        categorised = self._categorised_names()
        named = [
            (mention.position, mention.name)
            for mention in self.salient[-PRONOUN_LOOKBACK:]
            if mention.position < position and (mention.kind not in {"person", "other"} or self.could_be_organisation(mention))
            and mention.name[:1].isupper()
            and _bare(mention.name) not in lexicon.ORGANISATION_HEADS and mention.name.casefold() not in categorised
        ]
        if named:
            return max(named)[1]
        # A lead that names the company later ("a charge the company called 'untrue'", then
        # "the supplier, Greenplate Catering Ltd" two paragraphs on): the first fitting one
        # named within the next two paragraphs.
        later = self.organisations[bisect_left(self._organisation_starts, position) :]
        return next((name for start, name, category in later if category in fits and self._paragraphs_between(position, start) <= 2), None)

    def count_in_text(self, phrase: str) -> int:
        """How often the article writes `phrase` outside quotes (counted once per phrase)."""
        count = self._phrase_counts.get(phrase)
        if count is None:
            count = self._phrase_counts[phrase] = self.masked.count(phrase)
        return count

    def could_be_organisation(self, mention: _Mention) -> bool:
        """A one-word name nobody in the article or the gazetteer has as a surname ("Brightmart",
        "NVX", "Calder"): people are introduced by their full name first, so it is an organisation
        or a place, and "it" or "the company" may mean it."""
        if mention.kind != "person" or " " in mention.name or not mention.name[:1].isupper():
            return False
        if mention.name in self.gender or self.full_names_by_surname.get(_bare(mention.name)):
            return False
        source = self.index.lookup(mention.name)
        return source is None or source.kind != "person"

    def is_name_word(self, word: str) -> bool:
        """Whether a capitalised word at the start of a sentence may be a name: it is known
        (gazetteer, database, a surname the article gave), or the article also writes it
        capitalised in the middle of a sentence. "However", "Such", "Additionally" are not."""
        word = word.rstrip(".,;:")
        cached = self._name_words.get(word)
        if cached is None:
            cached = bool(
                self.index.lookup(word)
                or self.full_names_by_surname.get(_bare(word))
                or (word[:1].isupper() and word in self._capitalised_mid_sentence())
                or (len(word) > 1 and word.isupper())
            )
            self._name_words[word] = cached
        return cached

    def _categorised_names(self) -> set[str]:
        if not hasattr(self, "_categorised"):
            self._categorised = {name.casefold() for _start, name, _category in self.organisations}
        return self._categorised

    def _paragraphs_between(self, start: int, end: int) -> int:
        """How many paragraph breaks lie between two positions, start before end."""
        return bisect_left(self._paragraph_breaks, end) - bisect_left(self._paragraph_breaks, start)

    def _role_words_before(self, position: int, title_words: Sequence[str]) -> frozenset[str]:
        """Role words that introduce a name: in the name run, just before it, or before its comma."""
        roles = {_bare(word) for word in title_words if _is_role_word(word)}
        cursor = position
        before = self.masked[max(0, position - 80) : position]
        if before.endswith(", "):
            cursor = position - 2
        for word in reversed(list(_WORD.finditer(self.masked, max(0, cursor - 80), cursor))):
            if self.masked[word.end() : cursor].strip() or not _is_role_word(word.group()):
                break
            roles.add(_bare(word.group()))
            cursor = word.start()
        return frozenset(roles)

    def person_with_role(self, role: str, position: int) -> str | None:
        """The person last introduced with this role before `position` ('the judge' -> Alan Holt)."""
        holders = self._roles_by_word.get(role, [])
        index = bisect_left(holders, (position,))
        return holders[index - 1][1] if index else None

    def described_organisation(self, head: str, position: int) -> str | None:
        """The organisation last described with this noun; for 'the company', any business described so."""
        earlier = self.described_organisations[: bisect_left(self._described_starts, position)]
        for _start, name, described_head in reversed(earlier):
            if described_head == head:
                return name
        if head in lexicon.BUSINESS_NOUNS:
            for _start, name, described_head in reversed(earlier):
                if described_head in lexicon.BUSINESS_NOUNS:
                    return name
        return None

    def is_described_organisation(self, name: str) -> bool:
        return name in self._described_names

    @staticmethod
    def _person_name_words(words: Sequence[str]) -> list[str]:
        """The trailing run of a phrase that is a person's name: titles and owners dropped."""
        reversed_name: list[str] = []
        # No one's name runs to more than MAX_NAME_WORDS words; a longer run of capitals is not a name.
        for word in reversed(words[-MAX_NAME_WORDS:]):
            low = _bare(word)
            if _POSSESSIVE.search(word) or _is_title(low) or low in lexicon.ROLE_NOUNS or low in lexicon.ORGANISATION_HEADS:
                break
            if word[:1].isupper() or (reversed_name and low in lexicon.NAME_CONNECTORS and low not in {"of", "the", "and", "for", "at"}):
                reversed_name.append(word.rstrip(".,"))
            else:
                break
        name = reversed_name[::-1]
        while name and (_bare(name[0]) in _NOT_NAME_STARTS or _bare(name[0]) in lexicon.NAME_CONNECTORS):
            name.pop(0)
        return name

    def _full_name_for(self, surname: str, position: int) -> str | None:
        candidates = self.full_names_by_surname.get(_bare(surname))
        if not candidates:
            return None
        index = bisect_left(candidates, (position,))
        return candidates[index - 1][1] if index else candidates[0][1]

    def _mentioned_before(self, source: KnownSource, position: int) -> bool:
        names = [source.name, *source.aliases]
        return any(
            self.masked.find(name.split()[-1], 0, position) != -1 for name in names if name[:1].isupper()
        )

    # -- speaker phrases --------------------------------------------------------------------

    def _phrase_before(self, lower_bound: int, position: int) -> tuple[int, int] | None:
        """The subject phrase ending just before `position` ('U.K. Prime Minister Keir Starmer on Friday')."""
        # A subject phrase is at most ten words, or a name before a comma clause: the words of
        # the last PHRASE_WINDOW characters are enough, however long the sentence.
        words = list(_WORD.finditer(self.masked, max(lower_bound, position - PHRASE_WINDOW), position))
        index = len(words) - 1
        cursor = position
        # Time words and auxiliaries sit between a subject and its verb.
        while index >= 0 and _bare(words[index].group()) in lexicon.ADVERBIAL_WORDS and not self.masked[words[index].end() : cursor].strip():
            if words[index].group()[:1].isupper() and _bare(words[index].group()) not in {
                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            }:
                break
            cursor = words[index].start()
            index -= 1
        if index < 0:
            return None
        gap = self.masked[words[index].end() : cursor]
        if gap.strip() == ",":
            return self._phrase_before_comma(lower_bound, words, index)
        if gap.strip():
            return None
        if words[index].group() in _PRONOUN_FORMS:
            return words[index].start(), words[index].end()
        return self._collect_backwards(words, index)

    def _collect_backwards(self, words: list[re.Match], index: int) -> tuple[int, int] | None:
        taken: list[re.Match] = []
        while index >= 0 and len(taken) < 10:
            word = words[index]
            if taken and self.masked[word.end() : taken[0].start()].strip():
                break
            low = _bare(word.group())
            if low in lexicon.ARTICLES and not (index > 0 and _bare(words[index - 1].group()) in {"of", "for", "at"}):
                taken.insert(0, word)
                break
            if not _accepts_in_phrase(word.group()) or low in lexicon.PRONOUNS:
                break
            taken.insert(0, word)
            index -= 1
        if taken and index >= 1 and words[index].group() == "in" and not self.masked[words[index].end() : taken[0].start()].strip():
            # "a spokesman for Calder Chemicals in Geneva told", "a Brightmart spokesperson based in New
            # York denied": the place ends a longer phrase, which names the speaker.
            before = index - 1
            if _bare(words[before].group()) == "based" and before >= 1:
                before -= 1
            if not self.masked[words[before].end() : words[before + 1].start()].strip(" ,"):
                longer = self._collect_backwards(words, before)
                if longer and " " in self.masked[longer[0] : longer[1]] and _bare(words[before].group()) not in lexicon.ADVERBIAL_WORDS:
                    return longer[0], taken[-1].end()
        after_place = bool(taken) and _bare(taken[0].group()) in _LOCATIVE_WORDS
        taken = _trim_phrase(taken)
        if not taken or not _has_head([word.group() for word in taken]):
            return None
        if after_place:
            taken = self._drop_place(taken)
        return taken[0].start(), taken[-1].end()

    def _drop_place(self, taken: list[re.Match]) -> list[re.Match]:
        """'[In] Leeds Holt': keep the shortest tail that is a name the article introduced."""
        for index in range(1, len(taken)):
            tail = [word.group() for word in taken[index:]]
            if not all(word[:1].isupper() for word in tail):
                break
            known = self.full_names_by_surname.get(_bare(tail[-1]), [])
            if (len(tail) == 1 and known) or any(name == " ".join(tail) for _start, name in known):
                return taken[index:]
        return taken

    def _phrase_before_comma(self, lower_bound: int, words: list[re.Match], index: int) -> tuple[int, int] | None:
        """'Hana Vlcek, who chairs the committee, said' or 'a spokeswoman, Irena Solc, said'."""
        comma = self.masked.find(",", words[index].end())
        previous_comma = self.masked.rfind(",", lower_bound, words[index].start())
        chunk_start = previous_comma + 1 if previous_comma >= 0 else lower_bound
        chunk_words = [word for word in words if chunk_start <= word.start() < comma]
        if not chunk_words:
            return None
        first = _bare(chunk_words[0].group())
        if previous_comma >= 0 and (
            first in {"who", "which", "whose", "a", "an", "the", "his", "her", "its", "their", "whom"} or first.isdigit()
        ):
            end_at = previous_comma
            before = [word for word in words if word.end() <= end_at]
            while before and before[-1].group().isdigit():
                # "Berg, 54, a former banker, said": the age sits between the name and the description.
                comma_before_age = self.masked.rfind(",", lower_bound, before[-1].start())
                if comma_before_age < 0 or self.masked[comma_before_age + 1 : before[-1].start()].strip():
                    break
                end_at = comma_before_age
                before = [word for word in words if word.end() <= end_at]
            if before:
                return self._collect_backwards(before, len(before) - 1)
            return None
        if all(word.group()[:1].isupper() or _bare(word.group()) in lexicon.NAME_CONNECTORS for word in chunk_words) and len(chunk_words) <= 6:
            return chunk_words[0].start(), chunk_words[-1].end()
        # "one of the tenants, nursing student Amira Qureshi, said": a description that ends
        # in a full name between commas names the speaker.
        name_start = len(chunk_words)
        while name_start > 0 and chunk_words[name_start - 1].group()[:1].isupper():
            name_start -= 1
        if len(chunk_words) <= 8 and len(chunk_words) - name_start >= 2 and all(
            word.group()[:1].islower() and _bare(word.group()) not in _PREPOSITIONS for word in chunk_words[:name_start]
        ):
            return chunk_words[name_start].start(), chunk_words[-1].end()
        return None

    def _noun_phrase_words(self, start: int, end: int) -> tuple[tuple[int, int] | None, list[re.Match]]:
        """The adjacent words from `start` that can form a speaker phrase (at most ten), or a lone leading pronoun's span."""
        taken: list[re.Match] = []
        for word in _WORD.finditer(self.masked, start, end):
            if self.masked[(taken[-1].end() if taken else start) : word.start()].strip():
                break
            low = _bare(word.group())
            if not taken and low in lexicon.PRONOUNS:
                return (word.start(), word.end()), []
            if not (_accepts_in_phrase(word.group()) or low in lexicon.ARTICLES) or len(taken) >= 10:
                break
            taken.append(word)
        return None, taken

    def _phrase_after(self, position: int, upper_bound: int) -> tuple[int, int] | None:
        """The speaker after an inverted verb: '..., said Claire Moreau, regional secretary'."""
        described = _DESCRIPTION_COMMA_NAME.match(self.masked, position, upper_bound)
        if described and all(
            _is_role_word(word) or _POSSESSIVE.search(word) or word[:1].isupper() for word in described.group("description").split()
        ) and _is_role_word(described.group("role")):
            # "said Fair Plate's director, Owen Falk", "said its chair, Denise Orme".
            return described.start("name"), described.end("name")
        pronoun, taken = self._noun_phrase_words(position, upper_bound)
        if pronoun:
            return pronoun
        while taken and _bare(taken[-1].group()) in lexicon.NAME_CONNECTORS | lexicon.ARTICLES:
            taken.pop()
        if not taken or not _has_head([word.group() for word in taken]):
            return None
        return taken[0].start(), taken[-1].end()

    def sentence_subject(self, start: int, end: int) -> tuple[int, int] | None:
        """The phrase a sentence opens with, when it is a speaker-like noun phrase."""
        if self.masked[start] == MASK:
            return None
        first_word = _WORD.match(self.masked, start)
        second_word = _WORD.search(self.masked, first_word.end(), end) if first_word else None
        if (
            first_word and _bare(first_word.group()) in _OPENING_CONJUNCTIONS
            and not (second_word and _bare(second_word.group()) in _LEADING_CLAUSE_WORDS)
        ):
            # "And he emerged ...", "But the ministry said ...": the subject follows.
            start = first_word.end()
        elif first_word and _bare(first_word.group()) in _LEADING_CLAUSE_WORDS:
            comma = self.masked.find(",", start, end)
            if comma < 0:
                return None
            start = comma + 1
        pronoun, taken = self._noun_phrase_words(start, end)
        if pronoun:
            return pronoun
        taken = _trim_phrase(taken)
        if not taken or not _has_head([word.group() for word in taken]):
            return None
        verb_index = bisect_left(self.verb_starts, taken[-1].end())
        first_verb = self.verbs[verb_index] if verb_index < len(self.verbs) and self.verbs[verb_index].end() <= end else None
        if first_verb and MASK not in self.masked[start : first_verb.start()]:
            # "Chief operating officer Raj Mehta said": the walk from the verb reads past
            # lower-case role words that stop the forward walk.
            before_verb = self._phrase_before(start, first_verb.start())
            if before_verb and before_verb[1] > taken[-1].end():
                return before_verb
        after = self.masked[taken[-1].end() : end]
        appositive = re.match(r"\s*,\s*([^,]{1,80}),", after)
        if appositive:
            chunk = appositive.group(1).split()
            if chunk and all(word[:1].isupper() for word in chunk) and len(chunk) <= 5:
                offset = taken[-1].end() + appositive.start(1)
                return offset, offset + len(appositive.group(1).rstrip())
        if len(taken) == 1 and taken[0].start() == start and not self.is_name_word(taken[0].group()):
            # "Unsubstantiated claims ...", "Such figures ...", "Instead, ...": a word that is
            # capitalised only because it opens the sentence is not someone who speaks.
            return None
        return taken[0].start(), taken[-1].end()

    # -- resolution ---------------------------------------------------------------------------

    def resolve(self, start: int, end: int) -> tuple[str, str, str]:
        """(canonical name, as written, kind) for the speaker phrase at text[start:end]."""
        as_written = self.text[start:end].strip(" ,")
        place = _TRAILING_PLACE.search(as_written)
        if place and place.start() > 0:
            # "a spokesman for Calder Chemicals in Geneva", "a Brightmart spokesperson based in New York":
            # where they spoke from is not who they are.
            name, _written, kind = self.resolve(start, start + place.start())
            return name, as_written, kind
        words = as_written.split()
        low = as_written.lower()
        if low in lexicon.PRONOUNS:
            return self._resolve_pronoun(low, start, as_written)
        source = self.index.lookup(as_written)
        if source is not None:
            return source.name, as_written, source.kind
        source = self.index.lookup_description(as_written)
        if source is not None and self._mentioned_before(source, start):
            return source.name, as_written, source.kind
        role_holder = self._person_for_description(words, start)
        if role_holder:
            return role_holder, as_written, "person"
        owner = _SPOKESPERSON_FOR.search(as_written) or _UNNAMED_SPOKESPERSON.match(as_written)
        if owner and (owner.re is _SPOKESPERSON_FOR or _organisation_kind(owner.group("owner").split()) is not None):
            owner_start = start + as_written.find(owner.group("owner"))
            name, _written, kind = self.resolve(owner_start, owner_start + len(owner.group("owner")))
            return name, as_written, kind
        possessive_index = next((i for i, word in enumerate(words) if _POSSESSIVE.search(word)), -1)
        if 0 <= possessive_index < len(words) - 1 and all(_bare(word) in _OWNER_NOUNS for word in words[possessive_index + 1 :]):
            owner_text = " ".join(words[: possessive_index + 1])
            owner_text = re.sub(r"['\u2019]s?$", "", owner_text)
            owner_start = start + as_written.find(owner_text)
            name, _written, kind = self.resolve(owner_start, owner_start + len(owner_text))
            return name, as_written, kind
        if possessive_index >= 0:
            # "Ukraine's President Volodymyr Zelensky", "the company's chief executive Jane Doe":
            # the owner only places the person; the title words between are dropped.
            person = self._person_after_owner(words[possessive_index + 1 :], start)
            if person:
                source = self.index.lookup(person)
                if source is not None:
                    return source.name, as_written, source.kind
                return person, as_written, _kind_by_noun_before(words, person)
        organisation_kind = _organisation_kind(words)
        if organisation_kind is not None or possessive_index >= 0:
            return self._resolve_organisation(as_written, start, organisation_kind or "organisation")
        person = self._resolve_person(words, start)
        if person:
            source = self.index.lookup(person)
            if source is not None:
                return source.name, as_written, source.kind
            if self.is_described_organisation(person):
                return person, as_written, "organisation"
            return person, as_written, _kind_by_noun_before(words, person)
        return re.sub(r"^(?:the|a|an)\s+", "", as_written, flags=re.IGNORECASE), as_written, "other"

    def _person_for_description(self, words: list[str], position: int) -> str | None:
        """'the minister', 'the judge': the person the article introduced with that role."""
        # Only "the": "a spokesman said" is someone not named, not the spokesman named earlier.
        if len(words) < 2 or _bare(words[0]) != "the" or not all(word.islower() for word in words[1:]):
            return None
        if len(words) >= 3 and _POSSESSIVE.search(words[1]) and all(_is_role_word(word) for word in words[2:]):
            # "the player's agent": the agent the article introduced, whoever's agent that is.
            return self.person_with_role(_bare(words[-1]), position)
        head = _bare(words[-1])
        if head in lexicon.ORGANISATION_HEADS or not all(_is_role_word(word) for word in words[1:]):
            return None
        return self.person_with_role(head, position)

    def _person_after_owner(self, tail: list[str], position: int) -> str | None:
        """The person named after an owner's possessive, or None when the rest names an organisation."""
        if not tail or _organisation_kind(tail) is not None or _bare(tail[-1]) in lexicon.ROLE_NOUNS:
            return None
        name_words = self._person_name_words(tail)
        if not name_words or len(name_words) == len(tail) and len(name_words) < 2:
            # "Ukraine's Zelensky" is a person only when the article or the gazetteer knows him.
            if not name_words:
                return None
            source = self.index.surname_lookup(name_words[0])
            return self._full_name_for(name_words[0], position) or (source.name if source else None)
        titles = tail[: len(tail) - len(name_words)]
        if any(not (_bare(word) in lexicon.TITLE_WORDS or _bare(word) in lexicon.ROLE_NOUNS or _bare(word) in lexicon.ROLE_MODIFIERS) for word in titles):
            return None
        if len(name_words) == 1:
            return self._full_name_for(name_words[0], position) or name_words[0]
        return " ".join(name_words)

    def _resolve_person(self, words: list[str], position: int) -> str | None:
        if " of " in " ".join(words):
            # "Sofia Lindqvist of Nordbank Markets": the person comes before "of".
            left = " ".join(words).split(" of ")[0].split()
            if len(self._person_name_words(left)) >= 2:
                words = left
        name_words = self._person_name_words(words)
        if not name_words:
            return None
        if len(name_words) == 1:
            full_name = self._full_name_for(name_words[0], position)
            if full_name:
                return full_name
            source = self.index.surname_lookup(name_words[0])
            if source is not None:
                return source.name
            return None if name_words[0].lower() in lexicon.TITLE_WORDS else name_words[0]
        return " ".join(name_words)

    def _resolve_organisation(self, as_written: str, position: int, kind: str) -> tuple[str, str, str]:
        cleaned = re.sub(r"^(?:the|a|an)\s+", "", as_written, flags=re.IGNORECASE)
        source = self.index.lookup(cleaned)
        if source is not None:
            return source.name, as_written, source.kind
        owner_and_name = re.match(r"^[A-Z][\w-]*['\u2019]s\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+)$", cleaned)
        if owner_and_name:
            # "Germany's Federal Network Agency": the agency is named, the country only places it.
            cleaned = owner_and_name.group("name")
        if cleaned[:1].islower():
            # "the ministry", "the bank's statement": the organisation named earlier with that word.
            head = re.sub(r"['\u2019]s?$", "", cleaned.split()[0] if "'" in cleaned.split()[0] or "\u2019" in cleaned.split()[0] else cleaned.split()[-1])
            matches = self._organisations_named_before(head.capitalize(), position)
            if matches:
                return matches[-1], as_written, kind
            described = self.described_organisation(_bare(head), position)
            if described and (_bare(head) not in lexicon.DESCRIPTION_CATEGORIES or len(cleaned.split()) > 1):
                return described, as_written, kind
            words = cleaned.split()
            if len(words) == 2 and words[0].isalpha() and words[0].islower():
                # "the port authority" after "the Port of Calder": the modifier names it.
                matches = self._organisations_named_before(words[0].capitalize(), position)
                if matches and " of " in f" {matches[-1]} ":
                    return matches[-1], as_written, kind
            if len(words) == 1 and _bare(head) in lexicon.DESCRIPTION_CATEGORIES:
                # "the company", "the club": the organisation of that kind named last, else the
                # last one of no known kind; with none, no name ("" drops the attribution).
                # A fuller description ("the regional transport authority") identifies its
                # source by itself and is kept as written when nothing was named.
                return self.organisation_for_description(_bare(head), position) or "", as_written, kind
        words = cleaned.split()
        if len(words) == 2 and words[0][:1].isupper() and words[1].islower() and _bare(words[1]) in lexicon.DESCRIPTION_CATEGORIES:
            # "the Calderian ministry" after "Calderia's defence ministry": the organisation
            # named before with that word and that place.
            place, noun = _bare(words[0])[:6], _bare(words[1])
            for mention in reversed(self.salient):
                named = [_bare(word) for word in mention.name.split()]
                if mention.position < position and mention.kind != "person" and noun in named and any(word.startswith(place) for word in named):
                    return mention.name, as_written, mention.kind
        return cleaned, as_written, kind

    def _organisations_named_before(self, head: str, position: int) -> list[str]:
        """Names built on `head` that end at or before `position` (the last one is what matters)."""
        named = self._organisations_named(head)
        count = bisect_right(named, (position, "\U0010ffff"))
        return [name for _end, name in named[max(0, count - 1) : count]]

    def _organisations_named(self, head: str) -> list[tuple[int, str]]:
        """(end, name) of every capitalised name built on `head` ('Ministry of Water'), once per article."""
        cached = self._organisation_names.get(head)
        if cached is None:
            # The head is found first and the capitalised words before it read backwards:
            # a pattern that starts with the optional words would be tried at every offset.
            pattern = re.compile(re.escape(head) + r"(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w\-]*)+)?")
            cached = []
            for match in pattern.finditer(self.masked):
                window_start = max(0, match.start() - 160)
                prefix = _CAPITALISED_WORDS_BEFORE.search(self.masked, window_start, match.start())
                start = prefix.start() if prefix else match.start()
                phrase = self.masked[start : match.end()]
                if " " in phrase:
                    cached.append((match.end(), re.sub(r"^(?:The|A|An)\s+", "", phrase)))
            self._organisation_names[head] = cached
        return cached

    def _resolve_pronoun(self, pronoun: str, position: int, as_written: str) -> tuple[str, str, str]:
        wants_person = pronoun in lexicon.PRONOUNS_PERSON
        wants_gender = lexicon.PRONOUN_GENDER.get(pronoun)
        for mention in reversed(self.salient[-PRONOUN_LOOKBACK:]):
            if mention.position >= position:
                continue
            if wants_gender and self.gender_of(mention.name, wants_gender) != wants_gender:
                # "Prosecutor Sarah Whitcombe ... he said": not her.
                continue
            if wants_gender and not mention.spoken_for and mention.kind == "person" and not self.looks_like_a_person(mention.name):
                # "Channel Nine Calderia", "Temporary Safety Order": capitalised, but nothing says
                # a person (no first name, title or role), so not what "he" or "she" means.
                continue
            if mention.spoken_for or (mention.kind == "person") == wants_person:
                return mention.name, as_written, mention.kind
            if pronoun == "it" and self.could_be_organisation(mention):
                return mention.name, as_written, "organisation"
        if wants_gender:
            # Nobody fitting was a subject: someone of that gender named earlier in passing.
            names = self._all_full_names()
            index = bisect_left(names, (position,))
            for start, name in reversed(names[max(0, index - PRONOUN_LOOKBACK) : index]):
                if self.gender_of(name, "") == wants_gender:
                    return name, as_written, "person"
        # Nobody it can mean: no name, so the quote is left out rather than credited to "it".
        return "", as_written, "person" if wants_person else "organisation"

    def looks_like_a_person(self, name: str) -> bool:
        """A first name, a title or role, a gender the article gave, or a known person."""
        if self.gender_of(name, "") or name in self._role_holders:
            return True
        source = self.index.lookup(name)
        if source is not None:
            return source.kind == "person"
        # Shaped like a personal name ("Chris Crawford"): two to six capitalised words, none of
        # them a word the article also writes in lower case ("Improvement Notice": "notice").
        words = name.split()
        if len(words) == 1 and self.full_names_by_surname.get(_bare(name)):
            return True
        return 2 <= len(words) <= 6 and all(
            word[:1].isupper() and not word.isupper() and not self._written_in_lower_case(word) for word in words
        )

    def _written_in_lower_case(self, word: str) -> bool:
        if self._lower_case_words is None:
            self._lower_case_words = {token.group() for token in _TOKEN.finditer(self.masked) if token.group().islower()}
        return word.lower() in self._lower_case_words

    def _capitalised_mid_sentence(self) -> set[str]:
        """Capitalised words written after a word, comma or bracket: names, not sentence openers."""
        if self._mid_sentence_capitals is None:
            self._mid_sentence_capitals = {match.group(1) for match in _CAPITALISED_AFTER_WORD.finditer(self.masked)}
        return self._mid_sentence_capitals

    def gender_of(self, name: str, default: str) -> str:
        """"m" or "f" from what the article says (Mr, spokeswoman, his), else from the first
        name ("Jennifer" -> "f"), else `default`."""
        known = self.gender.get(name)
        if known:
            return known
        words = name.split()
        if len(words) < 2 or not all(word[:1].isupper() for word in words):
            return default
        return first_name_gender(words[0]) or default

    def _all_full_names(self) -> list[tuple[int, str]]:
        """(position, full name) of every person the article introduces, in order."""
        if not hasattr(self, "_full_names"):
            self._full_names = sorted(entry for names in self.full_names_by_surname.values() for entry in names)
        return self._full_names

    def learn_gender(self, name: str, subject_end: int, sentence_end: int) -> None:
        """The first he/his/she/her after a person subject, before anyone else is named, is theirs."""
        if name in self.gender:
            return
        cue = _GENDER_PRONOUN.search(self.masked, subject_end, sentence_end)
        if cue and not _NAME_RUN.search(self.masked, subject_end, cue.start()):
            self.gender[name] = lexicon.PRONOUN_GENDER[cue.group().lower()]

    def remember(self, position: int, name: str, kind: str, as_written: str = "") -> None:
        """A subject or speaker, for the pronouns and descriptions that follow; an organisation
        written as "a spokeswoman for X" is one a following "she" may mean."""
        spoken_for = kind != "person" and bool(_SPOKESPERSON_FOR.search(as_written))
        self.salient.append(_Mention(position, name, kind, spoken_for))


def extract_quotes(text: str, known_sources: Sequence[KnownSource] = ()) -> list[Quote]:
    """Attributed quotes in article order. Offsets index into `text` exactly as given."""
    if not text:
        return []
    reader = _ArticleReader(text, SourceIndex.for_sources(known_sources))
    quotes: list[Quote] = []
    previous_speaker: _Speaker | None = None
    previous_line_had_quote = False
    # Paragraphs that are one quote left open ('"We tried.' then '"We failed," she said.'):
    # the speaker of the paragraph that carries the quote on is theirs too.
    open_paragraphs: list[tuple[QuotedSpan, tuple[int, int]]] = []
    # The subject of the last sentence when it reported speech and held no quote ("Holt said
    # the plant would close."): a quote that follows as a sentence of its own is theirs.
    reporting_subject: _Speaker | None = None
    for line_start, line_end in line_bounds(text):
        line = text[line_start:line_end]
        first_span = bisect_left(reader.span_starts, line_start)
        last_span = bisect_left(reader.span_starts, line_end)
        line_spans = reader.spans[first_span:last_span]
        if _is_headline_like(line):
            continue
        sentences = sentence_bounds(text, line_start, line_end, line_spans)
        previous_sentence: tuple[int, int] | None = None
        line_has_quote = False
        span_index = 0
        for sentence_start, sentence_end in sentences:
            subject = reader.sentence_subject(sentence_start, sentence_end)
            subject_speaker = None
            if subject:
                name, written, kind = reader.resolve(*subject)
                if name or kind != "person":
                    # An organisation left unnamed ("The ministry denied it." with no ministry
                    # named) is remembered too, as nobody: a following "it said" is then left
                    # out instead of going to an organisation named before it.
                    reader.remember(subject[0], name, kind, written)
                if kind == "person" and name.lower() not in lexicon.PRONOUNS:
                    reader.learn_gender(name, subject[1], sentence_end)
                first_word = written.split()[0] if written.split() else ""
                if _POSSESSIVE.search(first_word) and first_word[:1].isupper():
                    owner = re.sub(r"['\u2019]s?$", "", first_word)
                    full_name = reader._full_name_for(owner, subject[0])
                    if full_name:
                        reader.remember(subject[0], full_name, "person")
                subject_speaker = subject
            while span_index < len(line_spans) and line_spans[span_index].open_start < sentence_start:
                span_index += 1
            first_in_sentence = span_index
            while span_index < len(line_spans) and line_spans[span_index].open_start < sentence_end:
                span_index += 1
            sentence_spans = line_spans[first_in_sentence:span_index]
            if not sentence_spans:
                previous_sentence = (sentence_start, sentence_end)
                reporting_subject = None
                if subject_speaker:
                    verbs = reader.verbs_between(subject_speaker[1], sentence_end)
                    if verbs:
                        candidate = _speaker(reader, subject_speaker, verbs[0])
                        reporting_subject = candidate if candidate.name else None
                continue
            previous_cue = _previous_sentence_cue(reader, previous_sentence)
            windows = [_window(span, sentence_start, sentence_end) for span in sentence_spans]
            speakers = [
                _attribute(reader, span, *window, subject_speaker) for span, window in zip(sentence_spans, windows)
            ]
            known = [speaker for speaker in speakers if speaker is not None and speaker.name]
            for position, span in enumerate(sentence_spans):
                speaker = speakers[position]
                if speaker is None and known:
                    speaker = known[0]
                starts_sentence = not reader.masked[windows[position][0] : span.open_start].strip() and windows[position][0] == sentence_start
                opens_paragraph = span.open_start == line_start
                whole_sentence = starts_sentence and not reader.masked[span.close_end : windows[position][1]].strip(" .\t\u00a0")
                if speaker is None and reporting_subject is not None and whole_sentence:
                    speaker = reporting_subject
                if speaker is None and previous_speaker is not None and starts_sentence:
                    # A quote that opens a paragraph after a paragraph with a quote, with no
                    # attribution of its own, carries that quote on (wire style).
                    continues_line = line_has_quote or (opens_paragraph and previous_line_had_quote)
                    if continues_line:
                        speaker = previous_speaker
                if speaker is None:
                    if opens_paragraph and span.close_end == line_end and text[line_end - 1] not in _CLOSING_QUOTE_MARKS:
                        open_paragraphs.append((span, windows[position]))
                    else:
                        open_paragraphs = []
                    continue
                if opens_paragraph and open_paragraphs and speaker.name:
                    for waiting, window in open_paragraphs:
                        waiting_quote = _build_quote(reader, waiting, speaker, *window, "")
                        if waiting_quote is not None:
                            quotes.append(waiting_quote)
                open_paragraphs = []
                if not speaker.name:
                    # "the company said" with no company in the article: not attributed.
                    continue
                quote = _build_quote(reader, span, speaker, *windows[position], previous_cue)
                if quote is not None:
                    quotes.append(quote)
                    previous_speaker = speaker
                    line_has_quote = True
                    if speaker.name.lower() not in lexicon.PRONOUNS:
                        # "'...,' Acme Corp said. '...,' it added": organisations too.
                        reader.remember(speaker.start, speaker.name, speaker.kind, speaker.as_written)
            previous_sentence = (sentence_start, sentence_end)
            reporting_subject = None
        previous_line_had_quote = line_has_quote
    quotes.sort(key=lambda quote: quote.start)
    return quotes


def _window(span: QuotedSpan, sentence_start: int, sentence_end: int) -> tuple[int, int]:
    """The part of the sentence a quotation's attribution is read in: at most
    ATTRIBUTION_WINDOW characters each side of its marks."""
    return max(sentence_start, span.open_start - ATTRIBUTION_WINDOW), min(sentence_end, span.close_end + ATTRIBUTION_WINDOW)


def _previous_sentence_cue(reader: "_ArticleReader", previous_sentence: tuple[int, int] | None) -> str:
    """A denial cue in the sentence before ("X denied the claims."), when that sentence holds no quote."""
    if previous_sentence is None:
        return ""
    start, end = previous_sentence
    if reader.masked.find(MASK, start, end) != -1:
        return ""
    return reader.denial_cue_between(start, end)


def _attribute(
    reader: _ArticleReader,
    span: QuotedSpan,
    sentence_start: int,
    sentence_end: int,
    subject: tuple[int, int] | None,
) -> _Speaker | None:
    masked = reader.masked
    verbs_after = reader.verbs_between(span.close_end, sentence_end)
    if verbs_after and verbs_after[0].group() in lexicon.PARTICIPLE_VERBS:
        as_before = _AS_BEFORE.search(masked, max(span.close_end, verbs_after[0].start() - 8), verbs_after[0].start())
        if as_before and MASK not in masked[span.close_end : as_before.start()]:
            # '"...," the newspaper quoted the lawyer as saying.': the one quoted speaks.
            phrase = reader._phrase_before(span.close_end, as_before.start())
            if phrase:
                return _speaker(reader, phrase, verbs_after[0])
        # '... they "completely deny it", adding they would ...': the participle hangs off the
        # clause before the quote, whose subject speaks.
        verbs_after = []
    if verbs_after:
        verb = verbs_after[0]
        between = masked[span.close_end : verb.start()]
        if not between.strip(" ,\t\u00a0\u202f"):
            phrase = reader._phrase_after(verb.end(), sentence_end)
            if phrase:
                return _speaker(reader, phrase, verb)
        named = _NAME_COMMA_DESCRIPTION.match(masked, span.close_end, verb.start())
        if named and MASK not in named.group():
            # '"...," Petra Lindqvist, spokeswoman for the northern command, said'
            return _speaker(reader, (named.start("name"), named.end("name")), verb)
        if MASK not in between and between.rstrip().endswith(",") and verb.group() in _INVERTING_VERBS:
            # '"600 were killed" by a strike on the barracks, said a defence ministry statement.'
            phrase = reader._phrase_after(verb.end(), sentence_end)
            if phrase and not masked[phrase[1] : sentence_end].strip(" .,;\t\u00a0\u202f"):
                return _speaker(reader, phrase, verb)
        phrase = reader._phrase_before(span.close_end, verb.start())
        lead_in = masked[span.close_end : phrase[0]].strip(" ,\t\u00a0\u202f") if phrase else ""
        # '"...," its president, Karen Holt, told': a short description may precede the name.
        # '..."surrender" as Zelensky accused ...': a later clause opened by a conjunction has
        # its own subject, who does not own a quotation that comes before it.
        opens_clause = bool(lead_in) and _bare(lead_in.split()[0]) in _CLAUSE_CONJUNCTIONS
        if phrase and not opens_clause and (not lead_in or (len(lead_in.split()) <= 4 and MASK not in lead_in and "." not in lead_in)):
            return _speaker(reader, phrase, verb)
    verbs_before = reader.verbs_between(sentence_start, span.open_start)
    for verb in reversed(verbs_before):
        as_before = _AS_BEFORE.search(masked, max(sentence_start, verb.start() - 8), verb.start())
        if verb.group() in lexicon.PARTICIPLE_VERBS and as_before:
            # "The report quoted Kos as saying ...": the object before "as" is the speaker.
            phrase = reader._phrase_before(sentence_start, as_before.start())
            if phrase:
                return _speaker(reader, phrase, verb)
        if verb.group() in lexicon.PARTICIPLE_VERBS:
            main = next((v for v in verbs_before if v.group() not in lexicon.PARTICIPLE_VERBS), None)
            phrase = reader._phrase_before(sentence_start, main.start()) if main else None
            phrase = phrase or subject
        else:
            phrase = reader._phrase_before(sentence_start, verb.start())
        if phrase:
            return _speaker(reader, phrase, verb)
    if verbs_before and subject:
        return _speaker(reader, subject, verbs_before[-1])
    if masked[sentence_start : span.open_start].rstrip().endswith(":") and subject:
        return _speaker(reader, subject, None)
    according = _ACCORDING_TO.search(masked, sentence_start, span.open_start)
    if according:
        # "According to Jan Kos, the talks were "a waste of time"."
        phrase = reader._phrase_after(according.end(), span.open_start)
        if phrase:
            return _speaker(reader, phrase, None)
    return None


def _speaker(reader: _ArticleReader, phrase: tuple[int, int], verb: re.Match | None) -> _Speaker:
    name, as_written, kind = reader.resolve(*phrase)
    return _Speaker(
        name=name,
        as_written=as_written,
        kind=kind,
        start=phrase[0],
        end=phrase[1],
        verb=verb.group() if verb else "",
        verb_start=verb.start() if verb else phrase[1],
        verb_end=verb.end() if verb else phrase[1],
    )


def _attribution_text(reader: _ArticleReader, speaker: _Speaker, sentence_start: int, sentence_end: int) -> str:
    start = max(min(speaker.start, speaker.verb_start), sentence_start)
    end = max(speaker.end, speaker.verb_end)
    clause_end = _CLAUSE_END.search(reader.masked, end, sentence_end)
    end = clause_end.start() if clause_end else sentence_end
    if speaker.start >= speaker.verb_end:
        end = max(speaker.end, speaker.verb_end)
    if start < sentence_start or end > sentence_end or start >= end:
        return reader.text[speaker.start : speaker.end]
    return reader.text[start:end].strip()


def _build_quote(
    reader: _ArticleReader,
    span: QuotedSpan,
    speaker: _Speaker,
    sentence_start: int,
    sentence_end: int,
    previous_cue: str,
) -> Quote | None:
    text = reader.text
    masked = reader.masked
    claim = text[span.start : span.end]
    before = masked[sentence_start : span.open_start].rstrip()
    starts_statement = not before or before[-1] in ",:" or before.endswith(MASK)
    kind = "direct" if starts_statement and (claim[:1].isupper() or before.endswith(",")) else "mixed"
    if len(claim.split()) <= SCARE_QUOTE_MAX_WORDS and not _VERDICT.search(claim):
        # "a "farce"", "so-called "night-time survey data"": a label, not a statement. A
        # short verdict ("completely untrue", "pure fabrication", "false") is kept.
        return None
    if kind == "mixed" and _looks_like_a_name(claim):
        # "the operation dubbed 'Iron Shield'": a quoted title, not a claim.
        return None
    polarity_cue = ""
    quote_cue = _DENIAL_QUOTE.search(claim)
    attribution_cue = reader.denial_cue_between(sentence_start, sentence_end)
    if quote_cue:
        polarity_cue = quote_cue.group()
    elif attribution_cue:
        polarity_cue = attribution_cue
    else:
        polarity_cue = previous_cue
    context_start, context_end = _context_bounds(text, span, sentence_start, sentence_end)
    return Quote(
        speaker=speaker.name,
        speaker_as_written=speaker.as_written,
        speaker_kind=speaker.kind,
        text=claim,
        start=span.start,
        end=span.end,
        kind=kind,
        polarity="denies" if polarity_cue else "asserts",
        polarity_cue=polarity_cue,
        context=text[context_start:context_end],
        attribution=_attribution_text(reader, speaker, sentence_start, sentence_end),
        reporting_verb=speaker.verb,
    )


def _context_bounds(text: str, span: QuotedSpan, sentence_start: int, sentence_end: int) -> tuple[int, int]:
    """The sentence around a quotation, cut to CONTEXT_WINDOW characters each side at a word break."""
    start = min(sentence_start, span.open_start)
    end = max(sentence_end, span.close_end)
    if span.open_start - start > CONTEXT_WINDOW:
        start = span.open_start - CONTEXT_WINDOW
        space = text.find(" ", start, span.open_start)
        start = space + 1 if space != -1 else start
    if end - span.close_end > CONTEXT_WINDOW:
        end = span.close_end + CONTEXT_WINDOW
        space = text.rfind(" ", span.close_end, end)
        end = space if space != -1 else end
    return start, end


def _organisation_kind(words: Sequence[str]) -> str | None:
    """The kind of organisation a phrase names, judged by its head word, or None for a person.

    The head is the last word ("Federal Network Agency"), or the word before "of" in
    "Ministry of Water Resources"; "agency director Tomas Kral" ends in a name, so it is a person.
    """
    phrase = " ".join(words).split(",")[0].split()
    if not phrase:
        return None
    if "of" in phrase[1:]:
        left = phrase[: phrase.index("of", 1)]
        kind = _head_kind(left[-1])
        if kind is not None:
            return kind
        if sum(word[:1].isupper() for word in left) >= 2:
            # "Sofia Lindqvist of Nordbank Markets" is a person at an organisation.
            return None
    return _head_kind(phrase[-1])


def _kind_by_noun_before(words: Sequence[str], name: str) -> str:
    """"person", unless the phrase ends in `name` right after a noun that says what it is:
    "Patients' group Care Watch", "the watchdog Fair Rents" (not "Union official Dev Patel")."""
    before = list(words[: len(words) - len(name.split())])
    if before and list(words[len(before) :]) == name.split():
        return lexicon.ORGANISATION_HEADS.get(_bare(before[-1]), "person")
    return "person"


def _head_kind(word: str) -> str | None:
    """The kind of organisation a name's last word makes it: "Ministry", "Union", or a trade
    word written as part of a name ("Northsound Ferries", not "the head of communications")."""
    kind = lexicon.ORGANISATION_HEADS.get(_bare(word))
    if kind is None and word.rstrip(".,;:") in lexicon.BUSINESS_NAME_HEADS:
        return "organisation"
    return kind


def _looks_like_a_name(claim: str) -> bool:
    words = claim.split()
    return 1 < len(words) <= 4 and all(word[:1].isupper() for word in words)
