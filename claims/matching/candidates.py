"""Candidate retrieval in PostgreSQL: every query is bounded and served by an index.

Four sources, merged (see README, "Counterclaim suggestions"):
- full text: Claim.search_vector (GIN `claim_search_vector`) against an OR query of the
  claim's content words, expanded with the lexicon's synonyms and variants;
- trigrams: `normalised_text` (GIN `claim_normalised_text_trgm`), similar or containing;
- names: the capitalised names and places of the claim, as a full-text OR query;
- time window: claims stated (index `claim_stated_on`) or published (index on
  Article.published) within WINDOW_DAYS of the claim's date.
Merged, archived claims and the claim itself are excluded.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Min, Q, QuerySet

from claims.matching.lexicon import Lexicon, analyse, apply_variants, load_lexicon, normalise_for_dedup, stem
from claims.matching.scoring import Statement, Suggestion, rank
from claims.models import Appearance, Claim, SourceAlias

WINDOW_DAYS = 7
TEXT_LIMIT = 60
TRIGRAM_LIMIT = 20
NAME_LIMIT = 30
WINDOW_LIMIT = 40
MAX_QUERY_TERMS = 40
_SAFE = re.compile(r"[^\w' -]+")


def claim_date(claim: Claim) -> date | None:
    """When the claim was made: `stated_on`, else the first article it appeared in."""
    if claim.stated_on:
        return claim.stated_on
    return claim.appearances.aggregate(first=Min("article__published"))["first"]


def _expand(terms: dict[str, str], lexicon: Lexicon) -> list[str]:
    words: list[str] = []
    for concept, written in terms.items():
        words.append(written)
        words.extend(lexicon.synonyms_of(concept) if concept in lexicon.concept_of.values() else [])
    cleaned = []
    for word in words:
        word = _SAFE.sub(" ", word).strip()
        if word and len(word) > 2:
            cleaned.append(f'"{word}"' if " " in word else word)
    return list(dict.fromkeys(cleaned))[:MAX_QUERY_TERMS]


def text_query(claim: Claim, lexicon: Lexicon | None = None) -> str:
    """A websearch OR query of the claim's content words and their lexicon synonyms."""
    lexicon = lexicon or load_lexicon()
    terms = analyse(f"{claim.text}. {claim.context}", lexicon)
    speaker = {stem(word.lower()) for word in claim.speaker.name.split()}
    concepts = {key: value for key, value in terms.concepts.items() if key not in speaker}
    return " OR ".join(_expand(concepts, lexicon))


def names_query(claim: Claim, lexicon: Lexicon | None = None) -> str:
    """A websearch OR query of the names and places in the claim (not the speaker's own)."""
    lexicon = lexicon or load_lexicon()
    terms = analyse(f"{claim.text}. {claim.context}", lexicon)
    speaker = {word.lower() for word in claim.speaker.name.split()}
    names = [_SAFE.sub(" ", written).strip() for key, written in terms.names.items() if key not in speaker]
    return " OR ".join(name for name in dict.fromkeys(names) if len(name) > 2)


def _open_claims(claim: Claim) -> QuerySet:
    return Claim.objects.filter(merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).exclude(pk=claim.pk)


def fulltext_candidates(claim: Claim, *, limit: int = TEXT_LIMIT) -> QuerySet:
    query_text = text_query(claim)
    if not query_text:
        return Claim.objects.none()
    query = SearchQuery(query_text, search_type="websearch", config="english")
    return (
        _open_claims(claim)
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")
        .values_list("pk", flat=True)[:limit]
    )


def trigram_candidates(claim: Claim, *, limit: int = TRIGRAM_LIMIT) -> QuerySet:
    """Claims whose normalised text is similar to, or contains, this claim's (index `%` / `%>`)."""
    text = claim.normalised_text or normalise_for_dedup(claim.text)
    return (
        _open_claims(claim)
        .filter(Q(normalised_text__trigram_similar=text) | Q(normalised_text__trigram_word_similar=text))
        .order_by("-id")
        .values_list("pk", flat=True)[:limit]
    )


def name_candidates(claim: Claim, *, limit: int = NAME_LIMIT) -> QuerySet:
    query_text = names_query(claim)
    if not query_text:
        return Claim.objects.none()
    query = SearchQuery(query_text, search_type="websearch", config="english")
    return (
        _open_claims(claim)
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")
        .values_list("pk", flat=True)[:limit]
    )


def window_candidates(claim: Claim, when: date | None, *, limit: int = WINDOW_LIMIT) -> tuple[QuerySet, QuerySet]:
    """Claims stated, and claims published, within WINDOW_DAYS of `when`."""
    if when is None:
        return Claim.objects.none(), Claim.objects.none()
    low, high = when - timedelta(days=WINDOW_DAYS), when + timedelta(days=WINDOW_DAYS)
    stated = _open_claims(claim).filter(stated_on__range=(low, high)).order_by("stated_on", "id").values_list("pk", flat=True)[:limit]
    published = (
        Appearance.objects.filter(article__published__range=(low, high))
        .exclude(claim=claim)
        .filter(claim__merged_into__isnull=True)
        .exclude(claim__status=Claim.Status.ARCHIVED)
        .order_by("article__published", "id")
        .values_list("claim_id", flat=True)[:limit]
    )
    return stated, published


def candidate_ids(claim: Claim) -> list[int]:
    """Ids of the claims worth scoring against `claim`: at most the sum of the limits."""
    when = claim_date(claim)
    stated, published = window_candidates(claim, when)
    found: dict[int, None] = {}
    for query in (trigram_candidates(claim), fulltext_candidates(claim), name_candidates(claim), stated, published):
        found.update(dict.fromkeys(query))
    found.pop(claim.pk, None)
    return list(found)


def statements(ids) -> dict[int, Statement]:
    """The scorer's view of these claims, in four queries whatever their number."""
    ids = list(ids)
    claims = list(Claim.objects.filter(pk__in=ids).select_related("speaker"))
    aliases: dict[int, list[str]] = {}
    for source_id, name in SourceAlias.objects.filter(source__in={claim.speaker_id for claim in claims}).values_list("source_id", "name"):
        aliases.setdefault(source_id, []).append(name)
    firsts: dict[int, date] = {}
    articles: dict[int, set[int]] = {}
    contexts: dict[int, str] = {}
    for claim_id, article_id, published, context in Appearance.objects.filter(claim__in=ids).values_list(
        "claim_id", "article_id", "article__published", "context"
    ).order_by("article__published", "id"):
        articles.setdefault(claim_id, set()).add(article_id)
        if published and claim_id not in firsts:
            firsts[claim_id] = published
        if context and claim_id not in contexts:
            contexts[claim_id] = context
    return {
        claim.pk: Statement(
            id=claim.pk,
            text=claim.text,
            speaker=claim.speaker.name,
            speaker_id=claim.speaker_id,
            context=claim.context or contexts.get(claim.pk, ""),
            polarity=claim.polarity,
            speaker_kind=claim.speaker.kind,
            affiliation=claim.speaker.affiliation,
            country=claim.speaker.country,
            aliases=tuple(aliases.get(claim.speaker_id, ())),
            when=claim.stated_on or firsts.get(claim.pk),
            article_ids=frozenset(articles.get(claim.pk, ())),
        )
        for claim in claims
    }


def suggestions_for(claim: Claim, *, limit: int = 10) -> tuple[list[Suggestion], dict[int, Statement]]:
    """The best suggestions for `claim`, best first, and the statements they name."""
    ids = candidate_ids(claim)
    found = statements([claim.pk, *ids])
    subject = found.pop(claim.pk)
    ranked = rank(subject, found.values(), limit=limit)
    found[claim.pk] = subject
    return ranked, found
