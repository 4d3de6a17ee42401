"""How two statements relate, with a score and the reasons an editor can check in seconds.

Pure functions, no ORM: `Statement` carries everything the rules need.

Rules (see README, "Counterclaim suggestions"):
- duplicate: the same speaker (by name or alias) in near-same words, or one quote contained in the other.
- denies: a denial (cue or polarity 'denies') from the party the other statement is about.
- contradicts: opposite polarity on the same topic, or opposite terms (lexicon antonyms).
- qualifies: a qualifying cue ("very difficult", "partly") beside the same topic, stronger when
  the other statement is absolute ("completely", "thousands").
- supports: the same topic and polarity from another speaker, or a support cue.
Each relation is tried in both directions; the stronger one wins, so `from_id` <relation> `to_id`.
The rules about what a denial answers (reported together, the other side named, its target)
are in answers.py; statements.py holds `Statement`, its analysed view and the topic overlap.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher

from claims.matching.answers import answer, own_words_denied
from claims.matching.lexicon import Lexicon, load_lexicon, normalise_for_dedup, stem
from claims.matching.statements import (  # noqa: F401  (Statement and Suggestion are this module's API too)
    MIN_SCORE,
    STRONG_DENIAL_CUES,
    Statement,
    Suggestion,
    View,
    topic_overlap,
    view_of,
)

DUPLICATE_SIMILARITY = 0.6

def _name_conflict(a: View, b: View) -> tuple[str, str] | None:
    """Both quotes name someone or somewhere, and neither names the other's: likely another story."""
    places = set(load_lexicon().demonyms.values())
    names_a = set(a.core.names) - b.speaker_tokens - a.speaker_tokens - places
    names_b = set(b.core.names) - a.speaker_tokens - b.speaker_tokens - places
    known_a = set(a.terms.names) | a.speaker_parties
    known_b = set(b.terms.names) | b.speaker_parties
    if names_a and names_b and not (names_a & known_b) and not (names_b & known_a):
        return ", ".join(sorted(a.core.names[key] for key in names_a)), ", ".join(sorted(b.core.names[key] for key in names_b))
    return None


def _neighbours(view: View, shared: set[str], lexicon: Lexicon) -> dict[str, str]:
    """Content words (not names) of the quote within three words of a shared term, shared ones left out."""
    sequence = _sequence(view.statement.text, lexicon)
    found = {}
    for position, (concept, _) in enumerate(sequence):
        if concept in shared:
            for other, written in sequence[max(0, position - 3) : position + 4]:
                if other not in shared and other not in view.core.names and other not in view.speaker_tokens:
                    found.setdefault(other, written)
    return found


def _sequence(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    from claims.matching.lexicon import apply_variants

    lowered = apply_variants(text, lexicon)
    phrase_pattern = lexicon.pattern("phrases")
    if phrase_pattern is not None:
        lowered = phrase_pattern.sub(lambda match: "_".join(match.group(1).split()), lowered)
    name_words = {word.lower() for word in re.findall(r"[^\W\d_]+", text) if word[:1].isupper()}
    sequence = []
    for word in re.findall(r"[^\W]+(?:'[^\W]+)?", lowered):
        if "_" in word:
            phrase = word.replace("_", " ")
            sequence.append((lexicon.concept_of.get(phrase, phrase), phrase))
            continue
        key = word.removesuffix("'s")
        if key in lexicon.stopwords or len(key) < 3 or key.isdigit():
            continue
        if key in name_words or key in lexicon.demonyms:
            sequence.append((lexicon.demonyms.get(key, key), word))
            continue
        stemmed = stem(key)
        sequence.append((lexicon.concept_of.get(stemmed, stemmed), word))
    return sequence


def _subject_conflict(a: View, b: View, lexicon: Lexicon) -> tuple[str, str] | None:
    """One shared term, but about different things ('close the plant' / 'close the library')."""
    shared = (set(a.core.concepts) & set(b.core.concepts)) - set(a.core.names) - set(b.core.names)
    if len(shared) != 1:
        return None
    near_a, near_b = _neighbours(a, shared, lexicon), _neighbours(b, shared, lexicon)
    if near_a and near_b and not (set(near_a) & set(b.terms.concepts)) and not (set(near_b) & set(a.terms.concepts)):
        return ", ".join(sorted(near_a.values())), ", ".join(sorted(near_b.values()))
    return None


def _negated_near(view: View, shared: set[str], lexicon: Lexicon) -> bool:
    """A negation within four words before a shared term ('no postal ballots were lost')."""
    from claims.matching.lexicon import apply_variants

    words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", apply_variants(view.statement.text, lexicon))
    negations = {word for cue in lexicon.negations for word in [cue] if " " not in cue}
    for position, word in enumerate(words):
        if word in negations or word.endswith("n't"):
            for following in words[position + 1 : position + 5]:
                key = following.removesuffix("'s")
                if key in shared or lexicon.concept_of.get(stem(key), stem(key)) in shared or lexicon.demonyms.get(key) in shared:
                    return True
    return any(cue in {"no threat of", "no plans to", "no bid", "no offer"} for cue in view.denial_cues)


def _opposite_subject_conflict(a: View, b: View, lexicon: Lexicon) -> tuple[str, str] | None:
    """Opposite terms said of different things ('the wall is unfinished' / 'the museum is finished')."""
    pairs = [(left, right) for left, right in lexicon.antonyms if (left in a.core.concepts and right in b.core.concepts) or (right in a.core.concepts and left in b.core.concepts)]
    if not pairs:
        return None
    terms = {term for pair in pairs for term in pair}
    near_a = _neighbours(a, terms & set(a.core.concepts), lexicon)
    near_b = _neighbours(b, terms & set(b.core.concepts), lexicon)
    if near_a and near_b and not (set(near_a) & set(near_b)):
        return ", ".join(sorted(near_a.values())), ", ".join(sorted(near_b.values()))
    return None


def _party_phrase(target: View, party: str) -> str:
    """'Ukrainian troops' for the party 'ukraine' in 'thousands of Ukrainian troops were ...'."""
    source = f"{target.statement.text} {target.statement.context}"
    for match in re.finditer(r"([A-Z][\w'’]+)(?:\s+([a-z][\w-]+))?", source):
        word = match.group(1).lower().removesuffix("'s").removesuffix("’s")
        if word == party or target_demonym(word) == party:
            return match.group(0) if match.group(2) and match.group(2) not in load_lexicon().stopwords else match.group(1)
    return party.title()


def target_demonym(word: str) -> str:
    return load_lexicon().demonyms.get(word, word)


def _excerpt(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _short_name(name: str) -> str:
    words = name.split()
    if " of " in name:
        return "the " + name.split(" of ")[0]
    return name if len(words) <= 3 else " ".join(words[:3])


def _antonyms(a: View, b: View, lexicon: Lexicon) -> list[str]:
    found = []
    for left, right in lexicon.antonyms:
        for x, y in ((a, b), (b, a)):
            if left in x.terms.concepts and right in y.terms.concepts and right not in x.terms.concepts and left not in y.terms.concepts:
                found.append(f"{x.terms.concepts[left]} ↔ {y.terms.concepts[right]}")
    return list(dict.fromkeys(found))


def _date_reason(a: Statement, b: Statement) -> tuple[float, str | None]:
    if a.when is None or b.when is None:
        return 0.0, None
    gap = abs((a.when - b.when).days)
    if gap == 0:
        return 0.05, "same day"
    if gap <= 7:
        return 0.03, f"{gap} day{'s' if gap > 1 else ''} apart"
    if gap <= 31:
        return 0.0, f"{gap} days apart"
    return -0.1, f"{gap} days apart"


def _same_speaker(a: View, b: View) -> bool:
    if a.statement.speaker_id is not None and a.statement.speaker_id == b.statement.speaker_id:
        return True
    names_a = {name.lower() for name in (a.statement.speaker, *a.statement.aliases)}
    names_b = {name.lower() for name in (b.statement.speaker, *b.statement.aliases)}
    if names_a & names_b:
        return True
    # "Civic Party's Rowena Tallis" is Rowena Tallis: a full name of two words or more inside the other.
    words_a = [set(re.findall(r"[^\W_]+", name.replace("'s", ""))) for name in names_a]
    words_b = [set(re.findall(r"[^\W_]+", name.replace("'s", ""))) for name in names_b]
    return any(len(x) >= 2 and len(y) >= 2 and (x <= y or y <= x) for x in words_a for y in words_b)


def text_similarity(left: str, right: str, lexicon: Lexicon | None = None) -> tuple[float, bool]:
    """Similarity of two quotes after variants and punctuation are normalised; and whether one contains the other."""
    a, b = normalise_for_dedup(left, lexicon), normalise_for_dedup(right, lexicon)
    if not a or not b:
        return 0.0, False
    if a == b:
        return 1.0, False
    shorter, longer = sorted((a, b), key=len)
    contained = len(shorter.split()) >= 4 and f" {shorter} " in f" {longer} "
    return SequenceMatcher(None, a, b, autojunk=False).ratio(), contained


def _duplicate(a: View, b: View, lexicon: Lexicon) -> Suggestion | None:
    similarity, contained = text_similarity(a.statement.text, b.statement.text, lexicon)
    if contained:
        similarity = max(similarity, 0.9)
    if similarity < DUPLICATE_SIMILARITY:
        return None
    reasons = [f"same speaker: {a.statement.speaker}"]
    if contained:
        reasons.append("one quote is contained in the other")
    else:
        reasons.append(f"near-same words (similarity {similarity:.2f})")
    # The later statement duplicates the earlier one.
    first, second = sorted((a.statement, b.statement), key=lambda s: (s.when or date.min, s.id))
    return Suggestion(from_id=second.id, to_id=first.id, relation="duplicate", score=round(min(similarity, 1.0), 3), reasons=tuple(reasons))


def _directed(responder: View, target: View, topic: float, lexicon: Lexicon) -> tuple[str, float, list[str]] | None:
    """How `responder` answers `target`, if it does."""
    reasons: list[str] = []
    # The party concerned is named in the target, and is not the target speaker's own side.
    party = sorted(responder.speaker_parties & (target.terms.parties | set(target.terms.names)) - target.speaker_parties)
    if responder.denial_cues:
        cue_reason = f"denial cue: '{responder.denial_cues[0]}'"
    elif responder.denial_in_context:
        cue_reason = f"denial cue: '{responder.denial_in_context[0]}' (in the reporting sentence)"
    else:
        cue_reason = "the quote is reported as a denial"
    antonyms = _antonyms(responder, target, lexicon)
    if antonyms:
        # Opposite terms about one thing are themselves a shared topic.
        topic = min(1.0, topic + 0.15 * len(antonyms))
    if responder.denies and not target.denies:
        if party and topic >= 0.05:
            phrase = _party_phrase(target, party[0])
            reasons += [cue_reason, f"opposing source: {_short_name(responder.statement.speaker)} answers a claim about {phrase}"]
            return "denies", 0.5 + 0.35 * topic + (0.05 if responder.terms.first_person else 0.0), reasons
        strong = [cue for cue in responder.denial_cues + responder.denial_in_context if cue in STRONG_DENIAL_CUES]
        if strong and topic >= 0.25:
            return "denies", 0.35 + 0.4 * topic, [f"denial cue: '{strong[0]}'"]
        if responder.statement.polarity == "denies" and topic >= 0.45:
            return "denies", 0.35 + 0.45 * topic, [cue_reason, "restates the claim and rejects it"]
        if topic >= 0.3:
            return "contradicts", 0.3 + 0.45 * topic, [cue_reason, "opposite polarity on the same topic"]
        return None
    if target.denies and not responder.denies:
        return None
    shared_name = bool(set(responder.terms.names) & set(target.terms.names))
    if responder.qualifying_cues and topic >= 0.12 and (shared_name or target.core.absolutes):
        reasons.append(f"qualifying cue: '{responder.qualifying_cues[0]}'")
        score = 0.3 + 0.4 * topic
        if target.core.absolutes:
            reasons.append("answers an absolute claim: " + ", ".join(f"'{word}'" for word in sorted(target.core.absolutes)))
            score += 0.1
        return "qualifies", score, reasons
    if antonyms and topic >= 0.2 and not (target.qualifying_cues or responder.qualifying_cues):
        return "contradicts", 0.35 + 0.45 * topic, ["opposite terms: " + ", ".join(antonyms)]
    shared = set(responder.terms.concepts) & set(target.terms.concepts)
    if (
        topic >= 0.25
        and not (responder.qualifying_cues or target.qualifying_cues)
        and _negated_near(responder, shared, lexicon) != _negated_near(target, shared, lexicon)
    ):
        return "contradicts", 0.25 + 0.4 * topic, ["one is negated, the other is not"]
    if (responder.support_cues and topic >= 0.2) or topic >= 0.3:
        if responder.support_cues:
            reasons.append(f"support cue: '{responder.support_cues[0]}'")
        reasons.append("same position from another speaker")
        return "supports", 0.2 + 0.5 * topic + (0.1 if responder.support_cues else 0.0), reasons
    return None


def score_pair(claim: Statement, candidate: Statement, lexicon: Lexicon | None = None) -> Suggestion | None:
    """The relation between two statements with score and reasons, or None when they are unrelated."""
    lexicon = lexicon or load_lexicon()
    if claim.id == candidate.id:
        return None
    a, b = view_of(claim, lexicon), view_of(candidate, lexicon)
    if _same_speaker(a, b):
        return _duplicate(a, b, lexicon) or own_words_denied(a, b)
    # Analyse in id order so that both sides of a pair get the same reasons, word for word.
    a, b = sorted((a, b), key=lambda view: view.statement.id)
    topic, names, words = topic_overlap(a, b)
    answered = answer(a, b, topic)
    if topic < 0.05 or not words:
        return answered
    topic_reason = "same topic terms: " + ", ".join(names + words)
    best = None
    for responder, target in ((b, a), (a, b)):
        found = _directed(responder, target, topic, lexicon)
        if found is None:
            continue
        relation, score, reasons = found
        if relation == "denies" and responder.statement.when and target.statement.when and responder.statement.when < target.statement.when:
            # A statement cannot answer one made after it.
            relation, reasons = "contradicts", [*reasons, "said before the other, so not an answer to it"]
        later = (responder.statement.when or date.min, responder.statement.id) >= (target.statement.when or date.min, target.statement.id)
        if best is None or (score, later) > (best[1], best[3]):
            best = (relation, score, [reason for reason in reasons if reason], later, responder.statement.id, target.statement.id)
    if best is None:
        return answered
    relation, score, reasons, _, from_id, to_id = best
    reasons.insert(1 if reasons and "cue" in reasons[0] else 0, topic_reason)
    conflict = _name_conflict(a, b)
    if conflict:
        score *= 0.5
        reasons.append(f"different names: {conflict[0]} / {conflict[1]}")
    responder = a if a.statement.id == from_id else b
    target = b if responder is a else a
    for quote, other in ((responder, target), (target, responder)):
        if not (set(quote.core.concepts) & (set(other.terms.concepts) | set(other.terms.names))):
            # Only the reporting sentence around this quote is on topic, not the quote itself.
            score *= 0.6
            reasons.append(f"only the sentence around “{_excerpt(quote.statement.text)}” is on topic")
    for quote in (responder, target):
        if len(quote.core.concepts) < 2:
            # A one-word fragment ("thousands") carries too little to answer or be answered.
            score *= 0.6
            reasons.append(f"fragment quote: “{_excerpt(quote.statement.text)}”")
    opposite_terms = any(reason.startswith("opposite terms") for reason in reasons)
    if opposite_terms:
        subject = _opposite_subject_conflict(a, b, lexicon)
    else:
        subject = _subject_conflict(a, b, lexicon) if relation in ("supports", "contradicts") else None
    if subject:
        score *= 0.5
        reasons.append(f"different subjects: {subject[0]} / {subject[1]}")
    shift, date_reason = _date_reason(claim, candidate)
    score += shift
    if date_reason:
        reasons.append(date_reason)
    if claim.article_ids & candidate.article_ids:
        score += 0.03
        reasons.append("same article")
    score = round(max(0.0, min(score, 1.0)), 3)
    if answered is not None and answered.score >= score:
        return answered
    if score < MIN_SCORE:
        return None
    return Suggestion(from_id=from_id, to_id=to_id, relation=relation, score=score, reasons=tuple(reasons))


def rank(claim: Statement, candidates, lexicon: Lexicon | None = None, limit: int = 10) -> list[Suggestion]:
    """Suggestions for `claim` among `candidates`, best first."""
    lexicon = lexicon or load_lexicon()
    found = [suggestion for candidate in candidates if (suggestion := score_pair(claim, candidate, lexicon)) is not None]
    found.sort(key=lambda suggestion: (-suggestion.score, suggestion.other(claim.id)))
    return found[:limit]
