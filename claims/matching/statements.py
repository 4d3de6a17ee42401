"""Statements as the scorer sees them, and the topic overlap every rule starts from.

Pure Python, no Django: `Statement` carries everything the rules need; `view_of` analyses it
once (its terms, its quote's own terms, its cues, what it answers); `topic_overlap` compares
two views (names count double, words only in the reporting sentence half).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from claims.matching.lexicon import Lexicon, Terms, analyse, find_cues, stem
from claims.matching.targets import rebuts_a_report

MIN_SCORE = 0.35
STRONG_DENIAL_CUES = {"denied", "denies", "deny", "denying", "untrue", "not true", "fake", "false", "baseless", "groundless", "nonsense", "fabricated", "no truth", "not the case", "categorically", "misinformation", "disinformation", "rejected", "rejects"}


@dataclass(frozen=True)
class Statement:
    """One claim as the scorer sees it."""

    id: int
    text: str
    speaker: str
    speaker_id: int | None = None
    context: str = ""
    polarity: str = "asserts"
    speaker_kind: str = ""
    affiliation: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    when: date | None = None
    article_ids: frozenset[int] = field(default_factory=frozenset)
    targets: tuple[str, ...] = ()  # what its quote answers, per appearance (claims/matching/targets.py)
    named: tuple[str, ...] = ()  # other sources its quote or attribution names
    articles: tuple[tuple[int, str], ...] = ()  # (article id, "<outlet>: <title>")
    beside_denial: bool = False  # its speaker denies something in an article it appears in


@dataclass(frozen=True)
class Suggestion:
    """`from_id` <relation> `to_id`, with a score in 0..1 and the reasons behind it."""

    from_id: int
    to_id: int
    relation: str
    score: float
    reasons: tuple[str, ...]

    def other(self, claim_id: int) -> int:
        return self.to_id if self.from_id == claim_id else self.from_id


@dataclass(frozen=True)
class View:
    statement: Statement
    terms: Terms  # text and context, speaker's own names removed
    core: Terms  # the quote alone
    speaker_tokens: frozenset[str]
    speaker_parties: frozenset[str]
    denial_cues: tuple[str, ...]
    denial_in_context: tuple[str, ...]
    qualifying_cues: tuple[str, ...]
    support_cues: tuple[str, ...]
    negated: bool
    target_terms: Terms | None = None  # what the quote answers, speaker's own names removed
    rebuts: bool = False  # the quote speaks of a report or claims and rejects it

    @property
    def denies(self) -> bool:
        return self.statement.polarity == "denies" or bool(self.denial_cues)

    @property
    def answers(self) -> bool:
        """A denial, reported as one ("denied reports that ..."), or rebutting a report ("These allegations are preposterous")."""
        return self.denies or bool(self.denial_in_context) or self.rebuts or self.statement.beside_denial


def tokens(text: str, lexicon: Lexicon) -> set[str]:
    words = re.findall(r"[^\W_]+", (text or "").lower())
    return {lexicon.demonyms.get(word, word) for word in words if word not in lexicon.stopwords and len(word) > 1}


def view_of(statement: Statement, lexicon: Lexicon) -> View:
    speaker_names = [statement.speaker, *statement.aliases]
    speaker_tokens = set()
    for name in speaker_names:
        speaker_tokens |= tokens(name, lexicon)
    parties = set(speaker_tokens) | tokens(statement.affiliation, lexicon) | tokens(statement.country, lexicon)
    context = statement.context
    target_text = " ".join(statement.targets)
    for name in sorted(speaker_names, key=len, reverse=True):
        if name:
            context = re.sub(r"(?i)(?:\bthe\s+)?" + re.escape(name) + r"(?:'s|’s)?", " ", context)
            target_text = re.sub(r"(?i)(?:\bthe\s+)?" + re.escape(name) + r"(?:'s|’s)?", " ", target_text)
    full = analyse(f"{statement.text}. {context}" if context.strip() else statement.text, lexicon)
    own = {stem(token) for token in speaker_tokens} | speaker_tokens
    terms = Terms(
        concepts={
            key: value
            for key, value in full.concepts.items()
            if key not in own and not all(word in speaker_tokens for word in value.lower().split())
        },
        names={key: value for key, value in full.names.items() if key not in speaker_tokens},
        parties=frozenset(full.parties - speaker_tokens),
        first_person=full.first_person,
        absolutes=full.absolutes,
    )
    core = analyse(statement.text, lexicon)
    target_terms = None
    if target_text.strip():
        found = analyse(target_text, lexicon)
        target_terms = Terms(
            concepts={key: value for key, value in found.concepts.items() if key not in own},
            names={key: value for key, value in found.names.items() if key not in speaker_tokens},
            parties=frozenset(found.parties - speaker_tokens),
            first_person=False,
            absolutes=found.absolutes,
        )
    text_denials = tuple(find_cues(statement.text, "denial", lexicon))
    context_denials = tuple(cue for cue in find_cues(statement.context, "denial", lexicon) if cue in STRONG_DENIAL_CUES) if statement.context else ()
    return View(
        statement=statement,
        terms=terms,
        core=core,
        speaker_tokens=frozenset(speaker_tokens),
        speaker_parties=frozenset(parties),
        denial_cues=text_denials,
        denial_in_context=context_denials,
        qualifying_cues=tuple(find_cues(statement.text, "qualifying", lexicon)),
        support_cues=tuple(find_cues(statement.text, "support", lexicon)),
        negated=bool(text_denials or find_cues(statement.text, "negation", lexicon)),
        target_terms=target_terms,
        rebuts=rebuts_a_report(statement.text),
    )


def weight(key: str, view: View) -> float:
    """Names count double, words from the reporting sentence only half."""
    weight = 2.0 if key in view.terms.names else 1.0
    return weight if key in view.core.concepts or key in view.core.names else weight / 2


def topic_overlap(a: View, b: View) -> tuple[float, list[str], list[str]]:
    """Cosine-like overlap of the two topics; the shared names and the shared terms as written."""
    shared = set(a.terms.concepts) & set(b.terms.concepts)
    shared_names = sorted(set(a.terms.names) & set(b.terms.names))
    keys = shared | set(shared_names)
    if not keys:
        return 0.0, [], []
    weight_a = sum(weight(key, a) for key in set(a.terms.concepts) | set(a.terms.names))
    weight_b = sum(weight(key, b) for key in set(b.terms.concepts) | set(b.terms.names))
    shared_weight = sum(min(weight(key, a), weight(key, b)) for key in keys)
    topic = shared_weight / math.sqrt(max(weight_a, 1.0) * max(weight_b, 1.0))
    names = [a.terms.names[key] for key in shared_names]
    words = []
    for key in sorted(shared - set(a.terms.names) - set(b.terms.names), key=lambda key: (a.terms.concepts[key] not in a.core.concepts.values(), key)):
        left, right = a.terms.concepts[key], b.terms.concepts[key]
        words.append(left if stem(left) == stem(right) else f"{right} ≈ {left}")
    return min(topic, 1.0), names, words
