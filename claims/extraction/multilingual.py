"""Attributed quotes in any language that has a lexicon (claims/extraction/lexicons/<code>.json).

One extractor, driven by data. For each quotation:

1. Quotations are found paragraph by paragraph with a stack over the language's mark pairs
   (« » with or without no-break spaces, „ “, » «, “ ”, ‹ ›, straight quotes), so nested
   quotations close properly and only the outermost is a claim. A paragraph left open goes
   on into the following ones until its closing mark (one quote per paragraph, as printed).
2. Dropped: quotations in headline-like lines (short, no final punctuation), titles
   ("intitulé", "titulado", "під назвою"), and quotations of one to three words unless they
   hold a verdict word ("lie", "false", "sure", "credible" in the language).
3. The speaker is the subject of a reporting verb attached right after the quotation
   ("», a-t-il déclaré", "“, sagte Lawrow", "», – сказав президент"), else of the nearest
   reporting verb or "according to" phrase before it in its sentence ("Sheinbaum señaló
   que ... “…”", "з посиланням на прес-службу ..., «…»"), else of one later in the sentence,
   else the last speaker the text reported (a quotation standing alone continues it), else
   the next one in the paragraph.
4. Subjects are names (capitalised runs; for Russian and Ukrainian checked and brought to
   the nominative by pymorphy3), pronouns (the last reported person), role nouns ("le
   futur acheteur", "дипломат": the person given that role, else the last person
   named), organisation nouns ("la compañía", "в ассоциации": the organisation named with
   that noun, else the last one named) and statements ("говорится в сообщении").
5. A name resolves to a known source by alias or by transliteration key (Лавров, Lawrow and
   Lavrov are one person); otherwise Cyrillic names are given in Latin by the language's
   national table and organisations by an English gloss of their common words, with the
   original spelling kept as `speaker_as_written`.

English could be expressed the same way (a lexicon with its verbs and pronouns); it still
has its own extractor (quotes.py), and the import pipeline picks one by the article language.
"""
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import morphology
from .lexicon_data import Lexicon, denial_cue, fold, lexicon_for, transliteration_key
from .sources import SourceIndex, builtin_sources
from .multilingual_spans import Span, is_headline, find_spans
from .spans import QuotedSpan, line_bounds, sentence_bounds
from .types import KnownSource, Quote

MASK = "\x01"
TOKEN = re.compile(r"\w(?:[\w'’\-]*\w)?\.?|[,;:–—]|\x01+")
QUOTED_NAME = re.compile(r"\b[A-ZÀ-Þ][\w\-]+(?: [A-ZÀ-Þ][\w\-]+)+")
SHORT_QUOTE_WORDS = 3
MEMORY_PARAGRAPHS = 2


@dataclass
class Entity:
    """Someone or something the article names; `name` in the article's script, base form."""

    name: str
    kind: str = "unknown"
    keys: frozenset = frozenset()
    roles: set = field(default_factory=set)
    organisation_class: str = ""
    source: KnownSource | None = None
    latin: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # name, pronoun, role, organisation, statement
    entity: Entity | None = None
    word: str = ""


@dataclass(frozen=True)
class Event:
    """A reporting verb or "according to" phrase with its subject resolved."""

    position: int
    verb_start: int
    verb_end: int
    verb: str
    entity: Entity
    implicit: bool = False  # the subject was only in the verb ("lamentan", "заявили")


class _Reader:
    """One article in one language: its masked text, sentences, mentions and reporting events."""

    def __init__(self, text: str, lexicon: Lexicon, known_sources: Sequence[KnownSource]):
        self.text = text
        self.lexicon = lexicon
        self.language = lexicon.language
        self.index = SourceIndex.for_sources(tuple(known_sources))
        self.known_by_key: dict[str, list[KnownSource]] = {}
        self.known_by_surname: dict[str, list[KnownSource]] = {}
        for source in (*builtin_sources(), *known_sources):
            for name in (source.name, *source.aliases):
                self.known_by_key.setdefault(transliteration_key(name), []).append(source)
                if source.kind == "person" and transliteration_key(name):
                    self.known_by_surname.setdefault(transliteration_key(name).split()[-1], []).append(source)
        self.spans, masked_ranges = find_spans(text, lexicon)
        characters = list(text)
        for start, end in masked_ranges:
            for position in range(start, end):
                if characters[position] != "\n":
                    characters[position] = MASK
        self.masked = "".join(characters)
        self.paragraphs = line_bounds(text)
        quoted = [QuotedSpan(span.open_start, span.close_end, span.start, span.end) for span in self.spans]
        self.sentences = [bounds for start, end in self.paragraphs for bounds in sentence_bounds(text, start, end, quoted)]
        self.sentence_starts = [start for start, _end in self.sentences]
        self.mid_sentence_words = self._mid_sentence_capitalised()
        self.name_evidence = self._name_evidence() if lexicon.capitalises_nouns else frozenset()
        self.acronyms: dict[str, Entity] = {}
        self.quoted_names = self._quoted_names()
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        for sentence_start, sentence_end in self.sentences:
            self._read_sentence(sentence_start, sentence_end)

    def _mid_sentence_capitalised(self) -> frozenset[str]:
        """Capitalised words that appear inside a sentence somewhere: names, not sentence openers."""
        words = set()
        for sentence_start, sentence_end in self.sentences:
            for index, match in enumerate(TOKEN.finditer(self.masked, sentence_start, sentence_end)):
                word = match.group().rstrip(".")
                if index and word[:1].isupper() and self.masked[match.start() - 2 : match.start()].strip() not in (MASK, ":"):
                    words.add(word)
        return frozenset(words)

    def _quoted_names(self) -> list[tuple[int, list[str]]]:
        """Names of two or more words inside quotations: a company statement often names the
        company ("Acme Foods has dismissed nobody"), the only place its name may appear."""
        found = []
        for span in self.spans:
            for match in QUOTED_NAME.finditer(self.text, span.start, span.end):
                words = match.group().split()
                if words[0].casefold() not in self.lexicon.non_name_words:
                    found.append((match.start(), words))
        return found

    def _name_evidence(self) -> frozenset[str]:
        """Where every noun is capitalised (German), the words seen in a run of two or more
        capitalised words after a lowercase word ("US-Präsident Donald Trump", "sagte Daniela
        Cavallo"): a lone capitalised word is a name only when it is one of these, or known."""
        words = set()
        for sentence_start, sentence_end in self.sentences:
            tokens = [match.group().rstrip(".") for match in TOKEN.finditer(self.masked, sentence_start, sentence_end)]
            run: list[str] = []
            for index, word in enumerate(tokens + [""]):
                if word[:1].isupper() and MASK not in word and index:
                    run.append(word)
                    continue
                names = [item for item in run if not self.lexicon.is_role(item.casefold()) and not self.lexicon.organisation_class(item.casefold())]
                if len(names) >= 2:
                    words.update(names)
                run = []
        return frozenset(words)

    # ----- places in the text
    def paragraph_of(self, position: int) -> int:
        return bisect_right([start for start, _end in self.paragraphs], position) - 1

    def sentence_of(self, position: int) -> tuple[int, int]:
        index = max(bisect_right(self.sentence_starts, position) - 1, 0)
        return self.sentences[index]

    # ----- names and entities
    def _entity_for_name(self, words: list[str], kind: str) -> Entity:
        if self.lexicon.script == "cyrillic":
            words = self._base_forms(words)
        name = " ".join(words)
        keys = frozenset(transliteration_key(name).split())
        if len(words) == 1 and self.lexicon.script == "cyrillic" and not name.isupper():
            for entity in self.entities:
                if entity.kind == "organisation" and _abbreviates(name.casefold(), [fold(word) for word in entity.name.split()]):
                    return entity  # "Мінрегіонбуд" is "Міністерство регіонального розвитку, будівництва ..."
        known = self._known(name, keys, kind)
        for entity in reversed(self.entities):
            if known is not None and entity.source is known:
                return entity
            if keys and (keys <= entity.keys or (entity.keys <= keys and entity.kind != "organisation")):
                if len(keys) > len(entity.keys):
                    entity.name, entity.keys = name, keys
                return entity
        entity = Entity(name=name, kind=kind, keys=keys, source=known)
        if known is not None and known.kind == "person":
            entity.kind = "person"
        self.entities.append(entity)
        return entity

    def _base_forms(self, words: list[str]) -> list[str]:
        """A Cyrillic name in the nominative; where a form reads two ways ("Белова": she, or his
        genitive), the reading that names someone already met or known wins."""
        choices = [morphology.name_base_forms(self.language, word) if not word.isupper() else [word] for word in words]
        default = [options[0] for options in choices]
        if all(len(options) == 1 for options in choices):
            return default
        for position, options in enumerate(choices):
            for option in options[1:]:
                candidate = default[:position] + [option] + default[position + 1 :]
                keys = frozenset(transliteration_key(" ".join(candidate)).split())
                if any(keys <= entity.keys for entity in self.entities) or transliteration_key(option) in self.known_by_surname:
                    if not any(frozenset(transliteration_key(" ".join(default)).split()) <= entity.keys for entity in self.entities):
                        return candidate
        return default

    def _known(self, name: str, keys: frozenset, kind: str) -> KnownSource | None:
        source = self.index.lookup(name)
        if source is not None:
            return source
        full = self.known_by_key.get(transliteration_key(name))
        if full and len({candidate.name for candidate in full}) == 1:
            return full[0]
        if kind == "organisation" or not keys:
            return None
        surname = transliteration_key(name).split()[-1]
        candidates = {candidate.name: candidate for candidate in self.known_by_surname.get(surname, [])}
        if len(candidates) != 1:
            return None
        candidate = next(iter(candidates.values()))
        first_names = transliteration_key(name).split()[:-1]
        candidate_first = transliteration_key(candidate.name).split()[:-1]
        if first_names and candidate_first and first_names[0][:3] != candidate_first[0][:3]:
            return None
        return candidate

    def _is_name_word(self, word: str, previous: str, at_sentence_start: bool, following: str = "") -> bool:
        bare = word.rstrip(".")
        if not bare or not bare[0].isupper() or MASK in bare:
            return False
        lowered = bare.casefold()
        lexicon = self.lexicon
        if lowered in lexicon.non_name_words or lowered in lexicon.pronouns or lowered in lexicon.skip_words:
            return False
        if lexicon.is_role(lowered) or lexicon.organisation_class(lowered):
            return False
        if previous.casefold() in lexicon.noun_determiners:
            return False  # German: "der Minister", "einem Telefonat" are nouns, not names
        if lexicon.script == "cyrillic":
            if bare.isupper() and len(bare) > 1:
                return True
            lemma = morphology.noun_lemma(self.language, lowered)
            if lexicon.is_role(lemma) or lexicon.organisation_class(lemma):
                return False
            if not at_sentence_start:
                return True  # Cyrillic text capitalises only names inside a sentence
            return not morphology.is_function_word(self.language, bare) and (
                morphology.looks_like_name(self.language, bare) or following[:1].isupper()
            )
        if lexicon.capitalises_nouns and not bare.isupper():
            return bare in self.name_evidence or self._is_known_word(bare) or self._is_reporting(previous)
        if at_sentence_start and not bare.isupper():
            # Any word may open a sentence; a name opening one is also written inside others.
            return bare in self.mid_sentence_words or bool(self.index.lookup(bare)) or (following[:1].isupper() and following.casefold().rstrip(".") not in lexicon.non_name_words)
        return True

    def _is_known_word(self, word: str) -> bool:
        return bool(self.index.lookup(word)) or transliteration_key(word) in self.known_by_key

    # ----- one sentence: mentions and reporting events
    def _read_sentence(self, sentence_start: int, sentence_end: int) -> None:
        lexicon = self.lexicon
        tokens = [(match.start(), match.end(), match.group()) for match in TOKEN.finditer(self.masked, sentence_start, sentence_end)]
        mentions: list[Mention] = []
        index = 0
        previous = ""
        while index < len(tokens):
            start, end, word = tokens[index]
            bare = word.rstrip(".")
            lowered = bare.casefold()
            lemma = morphology.noun_lemma(self.language, lowered)
            attached = lexicon.attached_pronoun.search(word) if lexicon.attached_pronoun else None
            if attached:
                mentions.append(Mention(start + attached.start(), start + attached.end(), "pronoun", word=attached.group().strip("-t")))
            elif lowered in lexicon.pronouns:
                mentions.append(Mention(start, end, "pronoun", word=lowered))
            elif lexicon.is_role(lowered) or lexicon.is_role(lemma):
                name_index, name_end, words = self._name_after(tokens, index + 1)
                role = lemma if lexicon.is_role(lemma) else lowered
                if words:
                    entity = self._entity_for_name(words, "person")
                    entity.kind = "person"
                    entity.roles.add(role)
                    mentions.append(Mention(start, name_end, "name", entity, word=role))
                    index = name_index
                    previous = tokens[index - 1][2]
                    continue
                mentions.append(Mention(start, end, "role", word=role))
            elif lexicon.organisation_class(lemma) or lexicon.organisation_class(lowered):
                mention, index = self._organisation(tokens, index, lemma)
                # "Украинской ассоциации": the adjective read as a name is part of the organisation
                mentions = [other for other in mentions if other.start < mention.start] + [mention]
                previous = tokens[index - 1][2]
                continue
            elif lowered in lexicon.statement_nouns or lemma in lexicon.statement_nouns:
                mentions.append(Mention(start, end, "statement", word=lemma))
            elif self._is_name_word(word, previous, index == 0, tokens[index + 1][2] if index + 1 < len(tokens) else ""):
                name_index, name_end, words = self._name_run(tokens, index)
                kind = "organisation" if any(w.isupper() and len(w) > 1 for w in words) else ("person" if len(words) > 1 else "unknown")
                if lexicon.script == "cyrillic" and len(words) == 1 and morphology.is_place(self.language, words[0]):
                    kind = "place"
                acronym = re.match(r"\s*\((\w{2,8})\)", self.masked[name_end : name_end + 12])
                if acronym and acronym.group(1).isupper() and len(words) > 1:
                    kind = "organisation"  # "The Morning Ledger (TML)": the short form names the same body
                entity = self._entity_for_name(words, kind)
                if acronym and kind == "organisation":
                    entity.kind = "organisation"
                    entity.keys = entity.keys | {transliteration_key(acronym.group(1))}
                if kind == "person" and entity.kind == "unknown":
                    entity.kind = "person"
                mentions.append(Mention(start, name_end, "name", entity, word=" ".join(words)))
                index = name_index
                previous = tokens[index - 1][2]
                continue
            previous = word
            index += 1
        self.mentions.extend(mentions)
        self._read_events(tokens, mentions, sentence_start, sentence_end)

    def _name_after(self, tokens, index: int) -> tuple[int, int, list[str]]:
        """The person a role noun introduces: "Präsident Wolodymyr Selenskyj", "ministre ..., Sergueï
        Lavrov", "керівник Відділу ... Надія Петруняк" (Cyrillic: the next name in the nominative)."""
        cyrillic = self.lexicon.script == "cyrillic"
        reach = 12 if cyrillic else 8
        previous = ""
        position = index
        while position < len(tokens) and position - index < reach:
            word = tokens[position][2]
            if word in ";:–—" or MASK in word or self._is_reporting(word):
                break
            if self._is_name_word(word, previous, False):
                end_index, name_end, words = self._name_run(tokens, position)
                after_preposition = previous.casefold() in self.lexicon.name_particles  # "abogado de Jenni Hermoso"
                if cyrillic:
                    if words and not (len(words) == 1 and words[0].isupper()) and morphology.first_case(self.language, words[0]) in ("nomn", "") and not morphology.is_place(self.language, words[0]):
                        return end_index, name_end, words
                elif not after_preposition and (position - index <= 1 or previous == ","):
                    return end_index, name_end, words
                position = end_index
                previous = tokens[end_index - 1][2]
                continue
            if not cyrillic and word == "," and position + 1 < len(tokens) and not self._is_name_word(tokens[position + 1][2], ",", False):
                break
            previous = word
            position += 1
        return index, tokens[index - 1][1], []

    def _name_run(self, tokens, index: int) -> tuple[int, int, list[str]]:
        words: list[str] = []
        ends: list[int] = []
        position = index
        while position < len(tokens):
            word = tokens[position][2]
            bare = word.rstrip(".")
            if position > index and self.masked[tokens[position - 1][1] : tokens[position][0]].strip():
                break  # "The Morning Ledger (TML)": a bracket or comma ends the name
            previous = tokens[position - 1][2] if position == index and position else ""
            if position == index or self._is_name_word(word, previous, False) or (bare.isalpha() and len(bare) == 1 and bare.isupper()):
                words.append(word if len(bare) == 1 else bare)
                ends.append(tokens[position][1] - (len(word) - len(bare) if len(bare) > 1 else 0))
                position += 1
                continue
            if words and word.casefold() in self.lexicon.name_particles and position + 1 < len(tokens) and self._is_name_word(tokens[position + 1][2], "", False):
                words.append(word)
                ends.append(tokens[position][1])
                position += 1
                continue
            break
        leading = 0
        while leading < len(words) - 1 and words[leading].isupper() and len(words[leading]) > 1:
            leading += 1
        if leading and not words[leading].isupper() and (self.lexicon.script != "cyrillic" or morphology.is_given_name(self.language, words[leading])):
            words = words[leading:]  # "речниця ОВА Марія Ткач": an organisation's initials, then her name
        if self.lexicon.script == "cyrillic" and len(words) > 1:
            # "Адвокат Івана Петренка Олег Савчук": the run changes case between two names.
            cases = [morphology.possible_cases(self.language, word) for word in words]
            for split in range(len(words) - 1, 0, -1):
                if cases[split] and cases[split - 1] and not cases[split] & cases[split - 1]:
                    return position, ends[-1], words[split:]
        return position, ends[-1] if ends else tokens[index][1], words

    def _organisation(self, tokens, index: int, lemma: str) -> tuple[Mention, int]:
        """An organisation noun and the words that name it ("Украинская федерация хоккея", "la compañía")."""
        lexicon = self.lexicon
        start, end, _word = tokens[index]
        organisation_class = lexicon.organisation_class(lemma) or lexicon.organisation_class(tokens[index][2].casefold()) or ""
        words = [tokens[index][2]]
        first = index
        if first > 0 and lexicon.script == "cyrillic" and tokens[first - 1][2][:1].isupper() and morphology.is_adjective(self.language, tokens[first - 1][2]):
            # "Украинская федерация хоккея": a capitalised adjective opens the name
            first -= 1
            words.insert(0, tokens[first][2])
            start = tokens[first][0]
        position = index + 1
        while position < len(tokens) and position - index <= 6:
            word = tokens[position][2].rstrip(".")
            if word in ";:–—" or MASK in word or not word:
                break
            if lexicon.script == "cyrillic":
                following = tokens[position + 1][2] if position + 1 < len(tokens) else ""
                if word == "," or word.casefold() in lexicon.gloss and lexicon.gloss[word.casefold()] == "and":
                    # "освіти, науки та спорту України": a list of what the body is for
                    if not following or not (following.isupper() or morphology.first_case(self.language, following) == "gent"):
                        break
                elif not (word.isupper() and len(word) > 1) and morphology.first_case(self.language, word) != "gent":
                    break
            elif word.casefold() in lexicon.name_particles and position + 1 < len(tokens) and (
                tokens[position + 1][2][:1].isupper() or tokens[position + 1][2].casefold() in lexicon.name_particles
            ):
                pass  # "Ministerio de Sanidad"
            elif not word[:1].isupper():
                break
            words.append(word)
            end = tokens[position][1]
            position += 1
        words = [word for word in words if word != ","]
        named = len(words) > 1 and (any(word[:1].isupper() for word in words) or lexicon.script == "cyrillic")
        if named:
            entity = self._entity_for_name(words, "organisation") if lexicon.script != "cyrillic" else self._organisation_entity(words)
            entity.kind = "organisation"
            entity.organisation_class = entity.organisation_class or organisation_class
            return Mention(start, end, "name", entity, word=lemma), position
        return Mention(start, tokens[index][1], "organisation", word=organisation_class), index + 1

    def _organisation_entity(self, words: list[str]) -> Entity:
        lemmas = [morphology.lemma(self.language, word) for word in words]
        head = next((position for position, value in enumerate(lemmas) if self.lexicon.organisation_class(value)), 0)
        # "в Міністерстві оборони" -> "Міністерство оборони": the head and its adjectives to the
        # nominative, the genitive complement as it stands.
        words = [morphology.nominative(self.language, word) for word in words[: head + 1]] + words[head + 1 :]
        name = " ".join(words)
        keys = frozenset(transliteration_key(name).split())
        for entity in self.entities:
            if entity.keys == keys:
                return entity
        entity = Entity(name=name, kind="organisation", keys=keys)
        glossed = [self._gloss(word, value) for word, value in zip(words, lemmas)]
        before, head_word, after = glossed[:head], glossed[head], glossed[head + 1 :]
        entity.latin = " ".join([*before, head_word, *(["of", *after] if after else [])])
        entity.source = self.index.lookup(name) or self.index.lookup(entity.latin)
        self.entities.append(entity)
        return entity

    def _gloss(self, word: str, lemma: str) -> str:
        english = self.lexicon.gloss.get(lemma) or self.lexicon.gloss.get(word.casefold())
        if english:
            return english
        if word.isupper():
            return self.lexicon.transliterate(word).upper()
        return self.lexicon.transliterate(morphology.name_base_form(self.language, word) if word[:1].isupper() else word).capitalize()

    def _is_reporting(self, word: str) -> bool:
        lowered = word.rstrip(".").casefold()
        if self.lexicon.attached_pronoun is not None:
            lowered = self.lexicon.attached_pronoun.sub("", lowered)  # "poursuit-il", "a-t-elle"
        if self.lexicon.reporting_lemmas:
            return morphology.is_verb(self.language, lowered) and morphology.lemma(self.language, lowered) in self.lexicon.reporting_lemmas
        return self.lexicon.is_reporting_form(lowered)

    def _read_events(self, tokens, mentions: list[Mention], sentence_start: int, sentence_end: int) -> None:
        lowered_sentence = fold(self.masked[sentence_start:sentence_end])
        for phrase in self.lexicon.according_to:
            for match in re.finditer(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)", lowered_sentence):
                after = [mention for mention in mentions if mention.start >= sentence_start + match.end()]
                if after and after[0].start - (sentence_start + match.end()) <= 25:
                    entity = self.resolve(after[0])
                    if entity is not None:
                        self.events.append(Event(sentence_start + match.start(), sentence_start + match.start(), after[0].end, phrase, entity))
        for phrase in self.lexicon.according_to_after:
            for match in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lowered_sentence):
                before = [mention for mention in mentions if mention.end <= sentence_start + match.start()]
                if before:
                    entity = self.resolve(before[-1])
                    if entity is not None:
                        self.events.append(Event(before[-1].start, before[-1].start, sentence_start + match.end(), phrase, entity))
        for mention in mentions:
            if mention.kind != "statement":
                continue
            # "un comunicado difundido por la empresa": the statement's issuer speaks through it.
            following = [token for token in tokens if token[0] >= mention.end][:4]
            issuer = None
            if following and self.lexicon.script == "cyrillic":
                issuer = self._mention_at(mentions, following[0][0])
            elif len(following) > 1 and following[0][2].casefold() in self.lexicon.name_particles | self.lexicon.noun_determiners:
                issuer = self._mention_at(mentions, following[1][0])  # "la nota del ministerio"
            if issuer is not None and issuer.kind in ("name", "organisation"):
                # "в сообщении министерства": the genitive after a statement is who issued it
                entity = self.resolve(issuer)
                if entity is not None:
                    self.events.append(Event(mention.start, mention.start, mention.end, self.text[mention.start : mention.end], entity))
                continue
            for offset, token in enumerate(following[:-1]):
                if token[2].casefold() in self.lexicon.agent_prepositions:
                    agent = next((item for item in mentions if item.start >= following[offset + 1][0] and item.kind != "statement"), None)
                    entity = self.resolve(agent) if agent is not None and agent.start - token[1] <= 12 else None
                    if entity is not None:
                        self.events.append(Event(mention.start, mention.start, mention.end, self.text[mention.start : mention.end], entity))
                    break
        sentence_entity: Entity | None = None
        for token_index, (start, end, word) in enumerate(tokens):
            if not self._is_reporting(word):
                continue
            subject, strong = self._subject(tokens, token_index, mentions)
            implicit = False
            if not strong and sentence_entity is not None:
                # "el NYT defendió ..., afirmando que": a second verb shares the first one's subject.
                self.events.append(Event(start, start, end, word.casefold(), sentence_entity))
                continue
            if subject is None and self.lexicon.pro_drop:
                subject, implicit = Mention(start, start, "pronoun"), True  # "lamentan", "заявили"
            if subject is None:
                continue
            entity = self.resolve(subject, before=start)
            if entity is not None:
                self.events.append(Event(start, start, end, word.casefold(), entity, implicit or not strong))
                sentence_entity = entity
        self.events.sort(key=lambda event: event.position)

    def _mention_at(self, mentions: list[Mention], position: int) -> Mention | None:
        return next((mention for mention in mentions if mention.start <= position < mention.end), None)

    def _subject(self, tokens, verb_index: int, mentions: list[Mention]) -> tuple[Mention | None, bool]:
        """The subject of a reporting verb: an attached pronoun ("a-t-il"), the agent of a passive
        ("accusé par le parquet"), the mention after a clause-initial verb ("», sagte Lawrow",
        "сообщили в ... Роспотребнадзоре"), the mention right before it, or the clause's first."""
        lexicon = self.lexicon
        verb_start, verb_end, _verb = tokens[verb_index]
        clause_start = tokens[0][0]
        for token in tokens[:verb_index]:
            if MASK in token[2] or token[2] in ("–", "—"):
                clause_start = token[1]
        attached = [mention for mention in mentions if mention.kind == "pronoun" and verb_start <= mention.start < verb_end]
        if attached:
            return attached[0], True
        position = verb_index + 1
        while position < len(tokens) and tokens[position][2].casefold() in lexicon.skip_words:
            position += 1
        after = None
        if position < len(tokens):
            word = tokens[position][2].casefold()
            if word in lexicon.agent_prepositions or word in lexicon.impersonal_prepositions:
                look = position + 1
                while look < len(tokens) and look <= position + 3 and self._mention_at(mentions, tokens[look][0]) is None:
                    look += 1
                agent = self._mention_at(mentions, tokens[look][0]) if look < len(tokens) else None
                if agent is not None and word in lexicon.agent_prepositions:
                    return agent, True
                after = agent
            else:
                # "a affirmé le futur acheteur", "señaló el diario local"
                for look in range(position, min(position + 3, len(tokens))):
                    if tokens[look][2] in ",;:–—" or MASK in tokens[look][2]:
                        break
                    after = self._mention_at(mentions, tokens[look][0])
                    if after is not None:
                        break
                    word = tokens[look][2].casefold()
                    if word in lexicon.non_name_words and word not in lexicon.skip_words:
                        break  # "a déclaré sur Telegram", "argumentando que Jenni Hermoso": not the subject
                if after is not None and after.entity is not None and after.entity.kind == "organisation":
                    # "— сказал РИА Новости глава комитета Иван Петров": the outlet told is not the speaker
                    person = next(
                        (mention for mention in mentions if after.end <= mention.start <= after.end + 60
                         and mention.kind in ("name", "role") and (mention.entity is None or mention.entity.kind == "person")),
                        None,
                    )
                    if person is not None and MASK not in self.masked[after.end : person.start] and "," not in self.masked[after.end : person.start]:
                        after = person
        mentions_before = [mention for mention in mentions if clause_start <= mention.start < verb_start and mention.kind != "statement"]
        opener = verb_index - 1
        while opener >= 0 and tokens[opener][2].casefold() in lexicon.skip_words:
            opener -= 1
        clause_initial = opener < 0 or tokens[opener][2] in (",", "–", "—", ";") or MASK in tokens[opener][2]
        if after is not None and after.kind != "statement" and (clause_initial or not mentions_before):
            return after, True
        # Right before the verb, past auxiliaries and an apposition that opens with a role.
        position = verb_index - 1
        while position >= 0 and tokens[position][2].casefold() in lexicon.skip_words:
            position -= 1
        if position >= 0 and tokens[position][2] == ",":
            opening = position - 1
            while opening >= 0 and tokens[opening][2] != "," and MASK not in tokens[opening][2]:
                opening -= 1
            if opening > 0 and tokens[opening][2] == "," and lexicon.is_role(tokens[opening + 1][2].casefold()):
                position = opening - 1
        if position >= 0:
            before = self._mention_at(mentions, tokens[position][0])
            if before is not None and before.start >= clause_start and before.kind != "statement":
                return before, True
        if mentions_before:
            return mentions_before[0], False
        return after, False

    # ----- resolution
    def resolve(self, mention: Mention, before: int | None = None) -> Entity | None:
        """The entity a mention stands for; pronouns, roles and organisation nouns look back."""
        position = mention.start if before is None else min(before, mention.start)
        if mention.kind == "name":
            return mention.entity if mention.entity is not None and mention.entity.kind != "place" else None
        if mention.kind == "pronoun":
            # "er", "il", "она": whoever was last reported speaking, unless a person has been
            # the subject of a later sentence ("Der Verbraucherschützer X sieht das anders. Er ...").
            event = self.last_event(position, kinds=("person", "unknown"))
            subject = self.last_subject(position, with_position=True)
            explicit = bool(mention.word)  # a subject only in the verb ("lamentan") continues the speaker
            if subject is not None and (event is None or explicit and self.sentence_of(subject[1])[0] > self.sentence_of(event.position)[0]):
                return subject[0]
            return event.entity if event is not None else None
        if mention.kind == "role":
            for event in reversed([event for event in self.events if event.position < position]):
                if mention.word in event.entity.roles and self._near(event.position, position):
                    return event.entity
            for candidate in reversed(self._named_before(position)):
                if mention.word in candidate.roles:
                    return candidate
            if any(mention.word.endswith(noun) for noun in self.lexicon.spokesperson_nouns):
                # "un porte-parole de la mairie": the one spoken for; "ein Polizeisprecher": the body
                following = re.match(r"\s+(\w+)\s+", self.masked[mention.end : mention.end + 20])
                if following and following.group(1).casefold() in self.lexicon.name_particles | self.lexicon.noun_determiners:
                    principal = next((other for other in self.mentions if 0 < other.start - mention.end <= following.end() + 1), None)
                    if principal is not None and principal.kind != "statement":
                        return self.resolve(principal, before=position)
                return self._last_organisation(position) or self.last_subject(position)
            return self.last_subject(position)
        if mention.kind == "organisation":
            named = self._named_before(position)
            for candidate in reversed(named):
                if candidate.kind == "organisation" and candidate.organisation_class == mention.word:
                    return candidate
            for candidate in reversed(named):
                if candidate.kind == "organisation" and not candidate.organisation_class:
                    return candidate
            quoted = [words for start, words in self.quoted_names if start < position and self._near(start, position)]
            if quoted:
                entity = self._entity_for_name(quoted[-1], "organisation")
                entity.kind, entity.organisation_class = "organisation", entity.organisation_class or mention.word
                return entity
            word = self.text[mention.start : mention.end]
            return self._entity_for_name([word[:1].upper() + word[1:]], "organisation")
        if mention.kind == "statement":
            event = self.last_event(position, kinds=("organisation", "unknown"))
            return event.entity if event is not None else self.last_named(position, kinds=("organisation", "unknown"))
        return None

    def _last_organisation(self, position: int) -> Entity | None:
        for mention in reversed(self.mentions):
            if mention.end > position:
                continue
            if mention.kind == "name" and mention.entity is not None and mention.entity.kind == "organisation":
                return mention.entity
            if mention.kind == "organisation":
                return self.resolve(mention)
        return None

    def last_subject(self, position: int, with_position: bool = False):
        """The first person named in the last sentence before `position` that names one."""
        by_sentence: dict[int, tuple[Entity, int]] = {}
        for mention in self.mentions:
            if mention.end > position:
                break
            if mention.kind == "name" and mention.entity is not None and mention.entity.kind == "person":
                by_sentence.setdefault(self.sentence_of(mention.start)[0], (mention.entity, mention.start))
        if not by_sentence:
            return None
        found = by_sentence[max(by_sentence)]
        return found if with_position else found[0]

    def _near(self, earlier: int, later: int) -> bool:
        return self.paragraph_of(later) - self.paragraph_of(earlier) <= MEMORY_PARAGRAPHS

    def _named_before(self, position: int) -> list[Entity]:
        return [mention.entity for mention in self.mentions if mention.kind == "name" and mention.entity is not None and mention.end <= position]

    def last_named(self, position: int, kinds: tuple[str, ...]) -> Entity | None:
        for mention in reversed(self.mentions):
            if mention.kind == "name" and mention.end <= position and mention.entity is not None and mention.entity.kind in kinds:
                return mention.entity
        return None

    def last_event(self, position: int, kinds: tuple[str, ...] = ("person", "organisation", "unknown")) -> Event | None:
        for event in reversed(self.events):
            if event.position < position and event.entity.kind in kinds and self._near(event.position, position):
                return event
        return None

    # ----- attribution
    def speaker_of(self, span: Span) -> tuple[Entity | None, str]:
        """The entity that said the quotation, and the reporting verb that says so."""
        sentence_start, sentence_end = self.sentence_of(span.open_start)
        paragraph_start, paragraph_end = self.paragraphs[self.paragraph_of(span.open_start)]
        after_end = sentence_end if sentence_end > span.close_end else self.sentence_of(span.close_end)[1]
        following = self.masked[span.close_end:after_end].lstrip(" \u00a0\u202f")
        next_open = self.masked.find(MASK, span.close_end, after_end)
        attached_end = next_open if next_open >= 0 else after_end
        if following[:1] in (",", "–", "—", "-", ";") or (not following[:1] or following[:1] == "(") and self.text[span.end - 1 : span.end] in "?!…,":
            for event in self.events:
                if span.close_end <= event.verb_start < attached_end and event.verb_start - span.close_end <= 40:
                    return event.entity, event.verb
        before_events = [event for event in self.events if sentence_start <= event.verb_start and event.verb_end <= span.open_start]
        # "з посиланням на прес-службу ..., в якому зазначалося, що «…»": a named source beats a verb without one.
        before_events = [event for event in before_events if not event.implicit] or before_events
        if before_events:
            return before_events[-1].entity, before_events[-1].verb
        if following[:1] in (",", "–", "—"):
            for event in self.events:
                if span.close_end <= event.verb_start < sentence_end:
                    return event.entity, event.verb
        return None, ""

    def fallback_speaker(self, span: Span) -> tuple[Entity | None, str]:
        event = self.last_event(span.open_start)
        if event is not None:
            return event.entity, event.verb
        sentence_start, _sentence_end = self.sentence_of(span.open_start)
        first = next((mention for mention in self.mentions if sentence_start <= mention.start < span.open_start and mention.kind == "name"), None)
        if first is not None and first.entity is not None and first.entity.kind != "place":
            return first.entity, ""
        paragraph_end = self.paragraphs[self.paragraph_of(span.open_start)][1]
        for event in self.events:
            if span.close_end <= event.position < paragraph_end:
                return event.entity, event.verb
        return None, ""


def _abbreviates(short: str, words: list[str]) -> bool:
    """True when `short` is made of the beginnings (2+ letters) of some of `words`, in order,
    starting with the first: Slavic compound abbreviations ("мін|регіон|буд")."""
    if not words or not short or len(words) < 2:
        return False

    def fits(rest: str, index: int, first: bool) -> bool:
        if not rest:
            return not first
        for word_index in range(index, len(words) if not first else index + 1):
            word = words[word_index]
            for length in range(min(len(word), len(rest)), 1, -1):
                if rest[:length] == word[:length] and fits(rest[length:], word_index + 1, False):
                    return True
        return False

    return fits(short, 0, True) and len(short) >= 6


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[’'\-]\w+)*", text))


def _keep(reader: _Reader, span: Span) -> bool:
    """Headlines, titles and short labels are not claims."""
    text = reader.text
    lexicon = reader.lexicon
    paragraph_start, paragraph_end = reader.paragraphs[reader.paragraph_of(span.open_start)]
    if span.closed and is_headline(text[paragraph_start:paragraph_end]):
        return False
    before_words = re.findall(r"\w+", text[max(paragraph_start, span.open_start - 40) : span.open_start])
    if before_words and before_words[-1].casefold() in lexicon.title_markers:
        return False
    claim = text[span.start : span.end]
    if _word_count(claim) <= SHORT_QUOTE_WORDS:
        folded = fold(claim)
        return any(re.search(r"(?<!\w)" + re.escape(fold(word)), folded) for word in lexicon.verdict_words)
    return True


def _display(reader: _Reader, entity: Entity) -> tuple[str, str, str]:
    """(canonical name, name as written, kind) for the Quote."""
    kind = "organisation" if entity.kind == "organisation" else "person" if entity.kind == "person" else "organisation" if entity.name.isupper() else "person"
    if entity.source is not None:
        return entity.source.name, entity.name, entity.source.kind
    if reader.lexicon.script == "cyrillic":
        latin = entity.latin or reader.lexicon.transliterate(entity.name)
        return latin, entity.name, kind
    return entity.name, entity.name, kind


def extract_quotes_multilingual(text: str, *, language: str, known_sources: Sequence[KnownSource] = ()) -> list[Quote]:
    """Attributed quotes in `text`, read with the lexicon of `language` (ValueError when it has none)."""
    lexicon = lexicon_for(language)
    if lexicon is None:
        raise ValueError(f"No lexicon for language {language!r}.")
    reader = _Reader(text, lexicon, known_sources)
    spans = reader.spans
    speakers: dict[int, tuple[Entity | None, str]] = {}
    # A quotation over several paragraphs is attributed once, by its last part.
    for span in spans:
        entity, verb = reader.speaker_of(span)
        if entity is not None:
            speakers[span.chain] = (entity, verb)
    quotes = []
    for span in spans:
        if not _keep(reader, span):
            continue
        entity, verb = reader.speaker_of(span)
        if entity is None and span.chain in speakers:
            entity, verb = speakers[span.chain]
        if entity is None:
            entity, verb = reader.fallback_speaker(span)
        if entity is None:
            continue
        name, as_written, kind = _display(reader, entity)
        sentence_start, sentence_end = reader.sentence_of(span.open_start)
        claim = text[span.start : span.end]
        cue = denial_cue(lexicon, claim) or (verb if verb in lexicon.denial_verbs else "")
        context_start, context_end = min(sentence_start, span.open_start), max(sentence_end, span.close_end)
        quotes.append(
            Quote(
                speaker=name,
                speaker_as_written=as_written,
                speaker_kind=kind,
                text=claim,
                start=span.start,
                end=span.end,
                kind="direct",
                polarity="denies" if cue else "asserts",
                polarity_cue=cue,
                context=text[context_start:context_end],
                attribution=" ".join(reader.masked[sentence_start:sentence_end].replace(MASK, " ").split())[:500],
                reporting_verb=verb[:50],
            )
        )
    return quotes
