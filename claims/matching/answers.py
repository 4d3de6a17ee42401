"""Rules about what a denial answers: its target, the article it was reported in, the side it names.

Pure Python, no Django (see docs/matching.md). scoring.py calls `answer` and
`own_words_denied` with two statements already analysed; each returns a Suggestion or None.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claims.matching.statements import MIN_SCORE, Suggestion, View, topic_overlap

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


def _target_overlap(responder: View, target: View) -> tuple[float, list[str]]:
    """How well what `responder` answers (its target) covers `target`'s words, and the shared terms."""
    if responder.target_terms is None:
        return 0.0, []
    answered = replace(responder, terms=responder.target_terms, core=responder.target_terms)
    overlap, names, words = topic_overlap(answered, target)
    # Numbers and dates ("600 soldiers", "8 November") name one event as well as names do.
    numbers = sorted(_numbers(" ".join(responder.statement.targets)) & _numbers(f"{target.statement.text} {target.statement.context}"))
    if numbers:
        overlap = min(1.0, overlap + 0.1 * len(numbers))
    return overlap, names + words + numbers


def answer(a: View, b: View, topic: float) -> Suggestion | None:
    """A denial against what it answers: reported beside it, naming its speaker, or matching its target.

    A negated statement reported beside one it shares terms with contradicts it.
    """
    best = None
    for responder, target in ((b, a), (a, b)):
        if target.denies or (responder.statement.when and target.statement.when and responder.statement.when < target.statement.when):
            continue  # a denial answers an assertion, and never one made after it
        together = reported_together(responder.statement, target.statement)
        named = names_other_side(responder.statement, target.statement)
        overlap, shared = _target_overlap(responder, target)
        own_words = set(responder.core.concepts) & (set(target.terms.concepts) | set(target.terms.names))
        # Only the reporting sentence on topic is not enough: it may hold another quote.
        fit = max(topic, overlap) if own_words else overlap
        relation, reasons = "denies", []
        if responder.denial_cues:
            reasons.append(f"denial cue: '{responder.denial_cues[0]}'")
        elif responder.denial_in_context:
            reasons.append(f"reported as a denial: '{responder.denial_in_context[0]}'")
        elif responder.rebuts:
            reasons.append("rejects a report or claims")
        elif responder.statement.beside_denial and not responder.denies:
            reasons.append(f"{responder.statement.speaker} denies the claim in the same article")
        elif responder.answers:
            reasons.append("the quote is reported as a denial")
        elif responder.negated and together and fit >= 0.15:
            relation = "contradicts"
            reasons.append("a negated statement beside an assertion")
        else:
            continue
        if together and (fit >= 0.2 or relation == "contradicts" or responder.denial_cues or responder.rebuts):
            # A denial in so many words is offered against what it was reported beside, even
            # when it shares no word with it ("pure fabrication"); the overlap ranks them.
            strong = relation == "denies" and fit >= 0.05 and not (responder.statement.beside_denial and not responder.denies)
            score = (0.5 if strong else 0.4) + 0.4 * fit
            reasons.append(f"reported together in {together}")
        elif named and (fit >= 0.05 or responder.denial_cues or responder.rebuts):
            score = 0.45 + 0.4 * fit
        elif overlap >= 0.2 or (overlap >= 0.1 and len(shared) >= 3 and (responder.denies or responder.rebuts)):
            # Across articles the target must cover the claim: a fifth of its weight, or three
            # shared terms for a denial in so many words.
            score = 0.35 + 0.5 * overlap
        else:
            continue
        if named:
            score += 0.1 if together else 0.05
            reasons.append(f"names the other side: {named}")
        if responder.statement.targets and overlap > 0:
            reasons.append(f"{'denies' if relation == 'denies' else 'about'}: {excerpt(responder.statement.targets[0])}")
        if shared and overlap >= topic:
            reasons.append("target terms: " + ", ".join(shared))
        if responder.statement.beside_denial and not (responder.denies or responder.rebuts or responder.denial_in_context):
            score -= 0.1  # carried on from the speaker's denial, not a denial in its own words
        score = round(min(score, 1.0), 3)
        if score >= MIN_SCORE and (best is None or score > best.score):
            best = Suggestion(from_id=responder.statement.id, to_id=target.statement.id, relation=relation, score=score, reasons=tuple(reasons))
    return best


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.]\d{3})+(?![\w,.]\d)|(?<![\w.,])\d{2,}(?![\w])")


def _numbers(text: str) -> set[str]:
    """The numbers of two digits or more in `text`, thousands separators dropped ("10,000" -> "10000")."""
    return {re.sub(r"[,.]", "", found) for found in _NUMBER.findall(text or "")}


def own_words_denied(a: View, b: View) -> Suggestion | None:
    """A speaker denying words reported as theirs ("total rubbish" against "we will close every rural school")."""
    for responder, target in ((a, b), (b, a)):
        if not responder.answers or target.answers:
            continue
        overlap, shared = _target_overlap(responder, target)
        if overlap < 0.2:
            continue
        reasons = ["the speaker denies words reported as theirs", f"denies: {excerpt(responder.statement.targets[0])}", "target terms: " + ", ".join(shared)]
        together = reported_together(responder.statement, target.statement)
        if together:
            reasons.append(f"reported together in {together}")
        score = round(min(0.4 + 0.5 * overlap + (0.05 if together else 0.0), 1.0), 3)
        if score >= MIN_SCORE:
            return Suggestion(from_id=responder.statement.id, to_id=target.statement.id, relation="denies", score=score, reasons=tuple(reasons))
    return None
