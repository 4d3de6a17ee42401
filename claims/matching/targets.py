"""What a quote answers: its target, worked out from the article text around it.

Pure Python, no Django. Real denials rarely repeat the words they deny ("This story is
completely untrue"); what they deny is in the text around them. In this order:

1. the complement of the attribution: "denied reports that X", "rejected the allegation that
   X", "called claims that X false", "denied saying X", "in response to X", in the quote's
   sentence or, when that names only an anaphor ("called the allegation ..."), in the two
   sentences before it;
2. the sentence (and, when it says little, the sentence before it) around a partial quote;
3. the headline and lead when the quote is anaphoric ("This is false", "the report", "it").

A full quote that is not anaphoric and has no complement is its own target (empty text).
The cue words are data: the `targets` section of lexicon.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from claims.matching.lexicon import LEXICON_PATH

MAX_TARGET = 300
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"
_SENTENCE_END = re.compile(r"[.!?\u2026][" + re.escape(_QUOTE_MARKS) + r")\]]*(?=\s+[" + re.escape(_QUOTE_MARKS) + r"(\[]?[A-Z0-9\u00c0-\u024f\u0400-\u04ff])|\n")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
PLACEHOLDER = "\u2026"
# A quotation of four words or more (straight or curly double marks).
_OTHER_QUOTE = re.compile(r"[\"\u201c\u201e\u00ab][^\"\u201c\u201d\u201e\u00ab\u00bb\n]*?(?:\s+[^\s\"\u201d\u00bb]+){3,}[^\"\u201d\u00bb\n]*[\"\u201d\u00bb]")


@dataclass(frozen=True)
class Target:
    """What a quote is about: the text, how it was found, and the other side if named."""

    text: str = ""
    how: str = ""  # complement | sentence | headline | "" (the quote is its own target)
    named: tuple[str, ...] = ()  # "Trump" in "Trump's claim", "the newspaper" in "the newspaper's story"


@dataclass(frozen=True)
class _Cues:
    verbs: re.Pattern
    complement: re.Pattern
    possessive: re.Pattern
    anaphor: re.Pattern
    verdict_tail: re.Pattern
    clause_stop: re.Pattern
    report: re.Pattern
    rebuttal: re.Pattern
    negated_report: re.Pattern


def _alternation(words) -> str:
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(set(words), key=len, reverse=True))


@cache
def _cues(path: str | None = None) -> _Cues:
    data = json.loads((path and open(path, encoding="utf-8").read()) or LEXICON_PATH.read_text(encoding="utf-8"))["targets"]
    verbs = _alternation(data["answer_verbs"])
    nouns = _alternation(data["report_nouns"])
    determiners = _alternation(data["determiners"])
    linkers = _alternation(data["complement_openers"])
    responses = _alternation(data["response_phrases"])
    owner = r"(?:(?:the\s+)?[A-Z][\w.\u2019'&-]*(?:\s+[A-Z][\w.\u2019'&-]*){0,3}|the\s+[a-z]+)(?:'s|\u2019s|s')"
    complement = (
        rf"(?:\b(?:{verbs})\s+(?:(?:{determiners}|{owner})\s+){{0,3}}(?P<noun>(?:[a-z]+\s+)?(?:{nouns}))\b(?P<rest>[^.;!?\n]*)"
        rf"|\b(?:{verbs})\s+(?P<clause>(?:(?:{linkers})\b|[a-z]{{3,}}ing\b)[^.;!?\n]*)"
        rf"|\b(?:{responses})\s+(?P<response>[^.;!?\n]*))"
    )
    return _Cues(
        verbs=re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE),
        complement=re.compile(complement, re.IGNORECASE),
        possessive=re.compile(rf"(?P<owner>{owner})\s+(?:[a-z]+\s+)?(?:{nouns})\b"),
        anaphor=re.compile(rf"^\W*(?:(?:{_alternation(data['anaphors'])})\b|(?:{determiners})\s+(?:[a-z]+\s+)?(?:{nouns})\b)", re.IGNORECASE),
        verdict_tail=re.compile(rf"\s+(?:as\s+)?(?:(?:a|an|completely|totally|utterly|entirely|pure|simply)\s+)*(?:{_alternation(data['verdicts'])})\W*$", re.IGNORECASE),
        report=re.compile(rf"\b(?:{nouns})\b", re.IGNORECASE),
        rebuttal=re.compile(rf"\b(?:{_alternation(data['verdicts'])}|{_alternation(data['negations'])})\b", re.IGNORECASE),
        negated_report=re.compile(rf"\b(?:not|never|no|n't)\b(?:\W+\w+){{0,3}}?\W+(?:{determiners})\s+(?:[a-z]+\s+)?(?:{nouns})\b|n't\b(?:\W+\w+){{0,3}}?\W+(?:{determiners})\s+(?:[a-z]+\s+)?(?:{nouns})\b", re.IGNORECASE),
        clause_stop=re.compile(rf"\s*(?:,|\s(?:{_alternation(data['clause_stops'])})\b|{re.escape(PLACEHOLDER)}).*$", re.IGNORECASE | re.DOTALL),
    )


def _sentence_start(text: str, position: int, floor: int = 0) -> int:
    start = floor
    for match in _SENTENCE_END.finditer(text, floor, position):
        start = match.end()
    return start


def _sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END.search(text, position)
    return match.end() if match else len(text)


def _outside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1] in _QUOTE_MARKS:
        start -= 1
    while end < len(text) and text[end] in _QUOTE_MARKS + ",.":
        end += 1
    return start, end


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,:;-\u2013\u2014" + _QUOTE_MARKS)
    if len(text) > MAX_TARGET:
        text = text[:MAX_TARGET].rsplit(" ", 1)[0] + PLACEHOLDER
    return text


def _content_words(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if len(word) > 3)


def _complement(sentence: str, cues: _Cues) -> tuple[str, bool]:
    """The complement of an answering verb in `sentence`, and whether it says more than an anaphor."""
    for match in cues.complement.finditer(sentence):
        if match.group("response") is not None:
            body = cues.clause_stop.sub("", match.group("response"))
            if _content_words(body) >= 2:
                return _clean(body), True
            continue
        if match.group("clause") is not None:
            body = cues.verdict_tail.sub("", cues.clause_stop.sub("", match.group("clause")))
            if _content_words(body) >= 2:
                return _clean(body), True
            continue
        rest = match.group("rest") or ""
        rest = rest if not rest.lstrip().startswith(PLACEHOLDER) else ""
        rest = cues.verdict_tail.sub("", cues.clause_stop.sub("", rest)) if re.match(r"\s*(?:that|of|about|by|on|in|which|over)\b", rest, re.IGNORECASE) else ""
        noun = match.group("noun")
        if _content_words(rest) >= 2:
            return _clean(f"{noun}{rest}"), True
        return _clean(noun), False
    return "", False


def _named(sentences, cues: _Cues) -> tuple[str, ...]:
    found = []
    for sentence in sentences:
        for match in cues.possessive.finditer(sentence):
            owner = re.sub(r"(?:'s|\u2019s|')$", "", match.group("owner")).strip()
            if owner.lower().startswith("the ") and owner[4:5].islower():
                found.append(owner)
            elif owner[:1].isupper():
                found.append(owner.removeprefix("The ").removeprefix("the "))
    return tuple(dict.fromkeys(found))


def _headline_and_lead(text: str, title: str) -> str:
    body = text.lstrip()
    lead = body[: _sentence_end(body, 0)]
    if title and lead.strip().startswith(title.strip()[:40]):
        # Plain-text articles often start with their headline.
        rest = body[len(lead):].lstrip()
        lead = lead + " " + rest[: _sentence_end(rest, 0)]
    elif title:
        lead = f"{title}. {lead}"
    return _clean(lead)


def claim_target(*, text: str, title: str = "", start: int, end: int, lexicon_path: str | None = None) -> Target:
    """What the quote at text[start:end] answers or is about (see the module docstring)."""
    if not (0 <= start < end <= len(text)):
        return Target()
    cues = _cues(lexicon_path)
    quote = text[start:end]
    outer_start, outer_end = _outside_marks(text, start, end)
    paragraph_start = text.rfind("\n", 0, outer_start) + 1
    sentence_start = _sentence_start(text, outer_start, paragraph_start)
    sentence_end = max(_sentence_end(text, outer_end), outer_end)
    frame = f"{text[sentence_start:outer_start]} {PLACEHOLDER} {text[outer_end:sentence_end]}"
    earlier = []
    cursor = sentence_start
    previous_floor = text.rfind("\n", 0, max(paragraph_start - 2, 0)) + 1 if paragraph_start else 0
    while cursor > previous_floor and len(earlier) < 2:
        prior_end = cursor
        prior_start = _sentence_start(text, max(prior_end - 1, 0), previous_floor)
        sentence = text[prior_start:prior_end].strip()
        if sentence:
            earlier.append(sentence)
        if prior_start >= cursor:
            break
        cursor = prior_start
    named = _named([frame, *earlier], cues)
    body, says_more = _complement(frame, cues)
    if body and says_more:
        return Target(text=body, how="complement", named=named)
    anaphoric = bool(cues.anaphor.match(quote))
    if body:
        for sentence in earlier:
            found, more = _complement(sentence, cues)
            if more:
                return Target(text=found, how="complement", named=named)
    frame_words = _content_words(frame.replace(PLACEHOLDER, " "))
    partial = frame_words >= 3 and (len(quote.split()) <= 12 or anaphoric)
    if anaphoric:
        # "This is false": what is meant was said just before, or in the headline.
        for sentence in earlier[:1]:
            found, more = _complement(sentence, cues)
            if more:
                return Target(text=found, how="complement", named=named)
    if anaphoric or body:
        # A bare "denied the report" points at the story the article is about.
        return Target(text=_headline_and_lead(text, title), how="headline", named=named)
    if partial:
        around = frame if frame_words >= 6 or not earlier else f"{earlier[0]} {frame}"
        # The reporter's words around the quote, not the other quotes beside it.
        around = _OTHER_QUOTE.sub(" ", around)
        return Target(text=_clean(around.replace(PLACEHOLDER, quote)), how="sentence", named=named)
    return Target(named=named)


def rebuts_a_report(quote: str, lexicon_path: str | None = None) -> bool:
    """The quote speaks of someone's report or claims and rejects it ("These allegations are
    preposterous", "no such words were ever spoken", "the information ... is not true")."""
    cues = _cues(lexicon_path)
    if not cues.report.search(quote):
        return False
    if cues.rebuttal.search(quote):
        return True
    # A negation shortly before the report noun: "never gave that interview".
    return bool(cues.negated_report.search(quote))
