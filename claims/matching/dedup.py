"""Is a new quote the same claim as one the speaker already made?

`compare` is pure: the same claim when the words match after variants, capitals and
punctuation are normalised, when one quote is contained in the other, or when the
lexicon-folded words match; never when one of them is negated and the other is not.
`find_same` fetches the speaker's likely claims from PostgreSQL (trigram similarity) and compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from claims.matching.lexicon import analyse, find_cues, load_lexicon, normalise_for_dedup
from claims.matching.scoring import text_similarity

SAME = "same"
UNCERTAIN = "uncertain"
SAME_SIMILARITY = 0.9
UNCERTAIN_SIMILARITY = 0.6
# pg_trgm's default `similarity_threshold` and `word_similarity_threshold`: a stored claim is
# worth comparing when it shares this much of its trigrams with the new quote.
TRIGRAM_SIMILAR = 0.3
TRIGRAM_WORD_SIMILAR = 0.6


@dataclass(frozen=True)
class DedupMatch:
    certainty: str  # same | uncertain
    similarity: float
    reason: str
    claim: object = None


def _folded(text: str) -> list[str]:
    return list(analyse(text).concepts)


def compare(new_text: str, existing_text: str) -> DedupMatch | None:
    """How sure we are that two quotes by one speaker are one claim; None when they are not."""
    lexicon = load_lexicon()
    if normalise_for_dedup(new_text, lexicon) == normalise_for_dedup(existing_text, lexicon):
        return DedupMatch(SAME, 1.0, "same words after normalising capitals, punctuation and variants")
    similarity, contained = text_similarity(new_text, existing_text, lexicon)
    folded = SequenceMatcher(None, _folded(new_text), _folded(existing_text), autojunk=False).ratio()
    negated_new = bool(find_cues(new_text, "denial", lexicon) or find_cues(new_text, "negation", lexicon))
    negated_old = bool(find_cues(existing_text, "denial", lexicon) or find_cues(existing_text, "negation", lexicon))
    best = max(similarity, folded)
    if negated_new != negated_old:
        return DedupMatch(UNCERTAIN, round(best, 3), "similar words, but only one of them is negated") if best >= UNCERTAIN_SIMILARITY else None
    if contained:
        return DedupMatch(SAME, round(max(similarity, 0.9), 3), "one quote is contained in the other")
    if similarity >= SAME_SIMILARITY:
        return DedupMatch(SAME, round(similarity, 3), f"near-same words (similarity {similarity:.2f})")
    if folded >= 0.95 and similarity >= 0.75:
        return DedupMatch(SAME, round(folded, 3), "same words once synonyms and variants are folded")
    if best >= UNCERTAIN_SIMILARITY:
        return DedupMatch(UNCERTAIN, round(best, 3), f"similar words (similarity {best:.2f})")
    return None


def find_same(*, speaker, text: str, limit: int = 20) -> DedupMatch | None:
    """The speaker's existing claim that `text` repeats (certainty 'same' or 'uncertain'), best first."""
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
    from django.db.models import F, Q, Value

    from claims.models import Claim
    from claims.text import normalise_for_matching

    speaker = speaker.merged_into if speaker.merged_into_id else speaker
    normalised = normalise_for_matching(text)
    # The speaker's claims come from the speaker_id index; the trigram tests are written as
    # functions, not as the `%` / `%>` operators, because the planner estimates an operator by
    # running it on every value in the column's statistics (4 ms of planning per quote,
    # against 1 ms of execution). The thresholds are pg_trgm's defaults for those operators.
    candidates = (
        Claim.objects.filter(speaker=speaker, merged_into__isnull=True)
        .exclude(status=Claim.Status.ARCHIVED)
        .annotate(
            similar=TrigramSimilarity(F("normalised_text"), Value(normalised)),
            new_in_old=TrigramWordSimilarity(Value(normalised), F("normalised_text")),
            old_in_new=TrigramWordSimilarity(F("normalised_text"), Value(normalised)),
        )
        .filter(
            Q(normalised_text=normalised)
            | Q(similar__gte=TRIGRAM_SIMILAR)
            | Q(new_in_old__gte=TRIGRAM_WORD_SIMILAR)
            | Q(old_in_new__gte=TRIGRAM_WORD_SIMILAR)
        )
        .order_by("pk")[:limit]
    )
    best = None
    for claim in candidates:
        match = compare(text, claim.text)
        if match is None:
            continue
        rank = (match.certainty == SAME, match.similarity)
        if best is None or rank > (best.certainty == SAME, best.similarity):
            best = DedupMatch(match.certainty, match.similarity, match.reason, claim)
    return best
