"""Candidate retrieval in PostgreSQL: every query is bounded by its result size, not the table.

Four sources, merged (see README, "How candidates are found"):
- full text: Claim.search_vector (GIN `claim_search_vector`) against an OR query of the
  claim's content words, expanded with the lexicon's synonyms and variants. Words so common
  that they would match more than COMMON_ROWS claims (estimated from the planner's lexeme
  statistics, pg_stats.most_common_elems) are left out of the query; at most TEXT_POOL
  matches are fetched, and only those are ranked with ts_rank;
- trigrams: the nearest claims by trigram distance of `normalised_text` (`<->`), among the
  at most TRIGRAM_POOL claims that share one of the claim's TRIGRAM_TERMS rarest words;
- names: the names and places of the claim, as a full-text OR query, bounded the same way;
- time window: claims stated (index `claim_stated_on`) or published (index on
  Article.published) within WINDOW_DAYS of the claim's date, index range scans with LIMIT.
Merged, archived claims and the claim itself are excluded.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Func, Min, Q, QuerySet, Value
from django.db.models.functions import Upper

from claims.matching.crosslang import Said, with_twins
from claims.matching.lexicon import Lexicon, analyse, apply_variants, load_lexicon, normalise_for_dedup, stem
from claims.matching.scoring import Statement, Suggestion, rank
from claims.models import Appearance, Claim, Source, SourceAlias
from claims.querysets import search_configuration

WINDOW_DAYS = 7
TEXT_LIMIT = 60
TRIGRAM_LIMIT = 20
NAME_LIMIT = 30
WINDOW_LIMIT = 40
MAX_QUERY_TERMS = 40
TEXT_POOL = 400  # full-text matches fetched (in no particular order) and ranked, at most
TRIGRAM_TERMS = 4  # the claim's rarest words whose matches are compared by trigram distance
TRIGRAM_POOL = 500
TARGET_LIMIT = 30  # claims whose targets match this claim's words
ARTICLE_LIMIT = 60  # claims reported in the same articles
ARTICLES_READ = 20  # the claim's latest articles looked at for those
NAMED_LIMIT = 30  # claims of the sources this claim's quote or attribution names
TARGETS_READ = 5
ANSWERED_TERMS = 8  # the rarest words of a claim's targets looked for in other claims' words
COMMON_ROWS = 2_000  # a word estimated to occur in more claims than this is left out of the query
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


def claim_targets(claim: Claim) -> list[tuple[str, list[str]]]:
    """The targets of the claim's latest appearances (what it answers) and the sources they name."""
    if not hasattr(claim, "_targets"):
        claim._targets = list(
            Appearance.objects.filter(claim=claim).exclude(target="", target_named=[]).order_by("-id").values_list("target", "target_named")[:TARGETS_READ]
        )
    return claim._targets


def _targets_text(claim: Claim) -> str:
    return ". ".join(dict.fromkeys(target for target, _ in claim_targets(claim) if target))


def text_query(claim: Claim, lexicon: Lexicon | None = None, *, text: str | None = None) -> str:
    """A websearch OR query of the claim's content words (or of `text`) and their lexicon synonyms."""
    lexicon = lexicon or load_lexicon()
    terms = analyse(text if text is not None else f"{claim.text}. {claim.context}", lexicon)
    speaker = {stem(word.lower()) for word in claim.speaker.name.split()}
    concepts = {key: value for key, value in terms.concepts.items() if key not in speaker}
    return " OR ".join(_expand(concepts, lexicon))


def names_query(claim: Claim, lexicon: Lexicon | None = None) -> str:
    """A websearch OR query of the names and places in the claim (not the speaker's own)."""
    lexicon = lexicon or load_lexicon()
    terms = analyse(f"{claim.text}. {claim.context}. {_targets_text(claim)}", lexicon)
    speaker = {word.lower() for word in claim.speaker.name.split()}
    names = [_SAFE.sub(" ", written).strip() for key, written in terms.names.items() if key not in speaker]
    return " OR ".join(name for name in dict.fromkeys(names) if len(name) > 2)


def _open_claims(claim: Claim) -> QuerySet:
    return Claim.objects.filter(merged_into__isnull=True).exclude(status=Claim.Status.ARCHIVED).exclude(pk=claim.pk)


def _rare_terms(terms: list[str], *, rarest: int | None = None) -> list[str]:
    """The terms (words or quoted phrases) estimated to match at most COMMON_ROWS claims.

    The estimate is the planner's own: pg_stats keeps the share of rows containing each of
    the ~1,000 most common lexemes of `search_vector` (ANALYZE). A term is common when all
    of its lexemes are; a term whose lexemes are not in the list is rare; a term with no
    lexeme (a stop word) is dropped. Small tables (no
    statistics, or fewer rows than COMMON_ROWS) keep every term. When every term is common,
    the three least common are kept so the claim still finds its neighbours. With `rarest`,
    only that many of the rare terms, least common first.
    """
    if not terms:
        return terms
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH stats AS (
                SELECT element, share FROM pg_stats,
                       unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(element, share)
                WHERE schemaname = current_schema() AND tablename = 'claims_claim' AND attname = 'search_vector'
            ), total AS (SELECT greatest(reltuples, 0) AS n FROM pg_class WHERE oid = 'claims_claim'::regclass)
            SELECT term.value, term.position, min(coalesce(stats.share, 0)) * (SELECT n FROM total)
            FROM unnest(%s::text[]) WITH ORDINALITY AS term(value, position)
            LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', replace(term.value, '"', ''))))
                AS lexeme(value) ON true
            LEFT JOIN stats ON stats.element = lexeme.value
            GROUP BY term.value, term.position
            HAVING count(lexeme.value) > 0
            ORDER BY term.position
            """,
            [terms],
        )
        rows = cursor.fetchall()
    rare = [term for term, _, estimate in rows if (estimate or 0) <= COMMON_ROWS]
    if rare and rarest:
        estimates = {term: estimate or 0 for term, _, estimate in rows}
        return sorted(rare, key=lambda term: estimates[term])[:rarest]
    if rare:
        return rare
    return [term for term, _, _ in sorted(rows, key=lambda row: row[2])[:3]]


def _bounded_fulltext(claim: Claim, query_text: str, limit: int, *, rarest: int | None = None) -> QuerySet:
    """Rank at most TEXT_POOL matches of the rare terms of `query_text` (an OR query); with
    `rarest`, only that many of the rarest terms."""
    terms = _rare_terms([term.strip() for term in query_text.split(" OR ") if term.strip()], rarest=rarest)
    if not terms:
        return Claim.objects.none().values_list("pk", flat=True)
    query = SearchQuery(" OR ".join(terms), search_type="websearch", config=search_configuration(claim.language))
    pool = _open_claims(claim).filter(search_vector=query).order_by().values("pk")[:TEXT_POOL]
    return (
        Claim.objects.filter(pk__in=pool)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")
        .values_list("pk", flat=True)[:limit]
    )


def fulltext_candidates(claim: Claim, *, limit: int = TEXT_LIMIT) -> QuerySet:
    query_text = text_query(claim)
    if not query_text:
        return Claim.objects.none()
    return _bounded_fulltext(claim, query_text, limit)


class _Distance(Func):
    """`normalised_text <-> %s`: trigram distance (1 - similarity)."""

    output_field = FloatField()
    template = "%(expressions)s"
    arg_joiner = " <-> "

    def __init__(self, text: str):
        super().__init__(F("normalised_text"), Value(text))


def trigram_candidates(claim: Claim, *, limit: int = TRIGRAM_LIMIT) -> QuerySet:
    """The claims nearest to this claim's normalised text by trigram distance, among a bounded pool.

    A similar text shares this claim's rarest words, so the pool is the open claims matching
    any of its TRIGRAM_TERMS rarest words (full-text index; at most TRIGRAM_POOL of them), and
    only those are compared by trigram distance. Searching the whole table by trigrams (the
    `%` filter on the GIN trigram index, or a KNN scan of a GiST trigram index) costs time in
    proportion to the table: 5 s and 0.25 s per claim at 200,000 synthetic claims.
    """
    query_text = text_query(claim)
    terms = _rare_terms([term.strip() for term in query_text.split(" OR ") if term.strip()], rarest=TRIGRAM_TERMS)
    if not terms:
        return Claim.objects.none()
    query = SearchQuery(" OR ".join(terms), search_type="websearch", config=search_configuration(claim.language))
    pool = _open_claims(claim).filter(search_vector=query).order_by().values("pk")[:TRIGRAM_POOL]
    text = claim.normalised_text or normalise_for_dedup(claim.text)
    return Claim.objects.filter(pk__in=pool).order_by(_Distance(text).asc(), "-id").values_list("pk", flat=True)[:limit]


def name_candidates(claim: Claim, *, limit: int = NAME_LIMIT) -> QuerySet:
    query_text = names_query(claim)
    if not query_text:
        return Claim.objects.none()
    return _bounded_fulltext(claim, query_text, limit)


def target_candidates(claim: Claim, *, limit: int = TARGET_LIMIT) -> QuerySet:
    """Claims whose target (what they answer) matches this claim's rare words: the denials of it.

    The GIN index `appearance_target_search`; at most TEXT_POOL matches, ranked like full text.
    """
    query_text = text_query(claim)
    terms = _rare_terms([term.strip() for term in query_text.split(" OR ") if term.strip()])
    if not terms:
        return Appearance.objects.none().values_list("claim_id", flat=True)
    query = SearchQuery(" OR ".join(terms), search_type="websearch", config="english")
    pool = Appearance.objects.filter(target_search=query).exclude(claim=claim).order_by().values("pk")[:TEXT_POOL]
    return (
        Appearance.objects.filter(pk__in=pool)
        .filter(claim__merged_into__isnull=True)
        .exclude(claim__status=Claim.Status.ARCHIVED)
        .annotate(rank=SearchRank(F("target_search"), query))
        .order_by("-rank", "-id")
        .values_list("claim_id", flat=True)[:limit]
    )


def answered_candidates(claim: Claim, *, limit: int = TARGET_LIMIT) -> QuerySet:
    """Claims in whose words this claim's target (what it answers) is said: the claims it denies.

    The target's ANSWERED_TERMS rarest words only, on the GIN full-text index, capped like full text.
    """
    targets = _targets_text(claim)
    if not targets:
        return Claim.objects.none().values_list("pk", flat=True)
    return _bounded_fulltext(claim, text_query(claim, text=targets), limit, rarest=ANSWERED_TERMS)


def article_candidates(claim: Claim, *, limit: int = ARTICLE_LIMIT) -> QuerySet:
    """Claims reported in the same articles as this one (a denial and what it answers often are)."""
    articles = Appearance.objects.filter(claim=claim).order_by("-article_id").values("article_id")[:ARTICLES_READ]
    return (
        Appearance.objects.filter(article_id__in=articles)
        .exclude(claim=claim)
        .filter(claim__merged_into__isnull=True)
        .exclude(claim__status=Claim.Status.ARCHIVED)
        .order_by("article_id", "start")
        .values_list("claim_id", flat=True)[:limit]
    )


def named_sources(claim: Claim) -> list[str]:
    """The other sources this claim's quote or attribution names ("Trump" in "Trump's claim")."""
    return list(dict.fromkeys(name for _, named in claim_targets(claim) for name in named if name and name[:1].isupper()))


def named_candidates(claim: Claim, *, limit: int = NAMED_LIMIT) -> QuerySet:
    """The latest claims of the sources named as the other side, found by exact name or alias."""
    names = [name.upper() for name in named_sources(claim)][:5]
    if not names:
        return Claim.objects.none().values_list("pk", flat=True)
    by_name = Source.objects.filter(merged_into__isnull=True).annotate(upper=Upper("name")).filter(upper__in=names).values("pk")
    by_alias = SourceAlias.objects.annotate(upper=Upper("name")).filter(upper__in=names).values("source_id")
    return (
        _open_claims(claim)
        .filter(Q(speaker__in=by_name) | Q(speaker__in=by_alias))
        .exclude(speaker_id=claim.speaker_id)
        .order_by("-id")
        .values_list("pk", flat=True)[:limit]
    )


def naming_candidates(claim: Claim, *, limit: int = NAMED_LIMIT) -> QuerySet:
    """Claims whose quote or attribution names this claim's speaker as the other side ("Trump's claim")."""
    speaker = claim.speaker
    names = [speaker.name, *speaker.aliases.values_list("name", flat=True)[:10]]
    if speaker.kind == Source.Kind.PERSON and len(speaker.name.split()) >= 2 and len(speaker.name.split()[-1]) >= 4:
        names.append(speaker.name.split()[-1])
    condition = Q()
    for name in dict.fromkeys(names):
        condition |= Q(target_named__contains=[name])
    return (
        Appearance.objects.filter(condition)
        .exclude(claim__speaker_id=claim.speaker_id)
        .filter(claim__merged_into__isnull=True)
        .exclude(claim__status=Claim.Status.ARCHIVED)
        .order_by()  # no ordering: the GIN index answers, the LIMIT stops it (a sort by id invites a scan of the primary key)
        .values_list("claim_id", flat=True)[:limit]
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
    queries = (
        article_candidates(claim), named_candidates(claim), naming_candidates(claim), target_candidates(claim), answered_candidates(claim),
        trigram_candidates(claim), fulltext_candidates(claim), name_candidates(claim), stated, published,
    )
    for query in queries:
        found.update(dict.fromkeys(query))
    found.pop(claim.pk, None)
    return list(found)


def statements(ids) -> dict[int, Statement]:
    """The scorer's view of these claims, in five queries whatever their number."""
    ids = list(ids)
    claims = list(Claim.objects.filter(pk__in=ids).select_related("speaker"))
    aliases: dict[int, list[str]] = {}
    for source_id, name in SourceAlias.objects.filter(source__in={claim.speaker_id for claim in claims}).values_list("source_id", "name"):
        aliases.setdefault(source_id, []).append(name)
    firsts: dict[int, date] = {}
    articles: dict[int, set[int]] = {}
    contexts: dict[int, str] = {}
    targets: dict[int, list[str]] = {}
    named: dict[int, list[str]] = {}
    labels: dict[int, str] = {}
    for claim_id, article_id, published, context, target, target_named, outlet, title in Appearance.objects.filter(claim__in=ids).values_list(
        "claim_id", "article_id", "article__published", "context", "target", "target_named", "article__outlet__name", "article__title"
    ).order_by("article__published", "id"):
        articles.setdefault(claim_id, set()).add(article_id)
        labels[article_id] = ": ".join(part for part in (outlet, title) if part) or f"article {article_id}"
        if published and claim_id not in firsts:
            firsts[claim_id] = published
        if context and claim_id not in contexts:
            contexts[claim_id] = context
        if target and target not in targets.setdefault(claim_id, []) and len(targets[claim_id]) < TARGETS_READ:
            targets[claim_id].append(target)
        named.setdefault(claim_id, []).extend(name for name in target_named or [] if name not in named[claim_id])
    # A speaker's other quotes beside their denial in the same article carry it on
    # ("The claims are unfounded." ... "The election was fair.").
    all_articles = {article for found in articles.values() for article in found}
    denied_in: set[tuple[int, int]] = set(
        Appearance.objects.filter(article_id__in=all_articles, claim__polarity=Claim.Polarity.DENIES)
        .values_list("article_id", "claim__speaker_id")
    ) if all_articles else set()
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
            targets=tuple(targets.get(claim.pk, ())),
            named=tuple(named.get(claim.pk, ())),
            beside_denial=any((article, claim.speaker_id) in denied_in for article in articles.get(claim.pk, ())),
            articles=tuple((article_id, labels[article_id]) for article_id in sorted(articles.get(claim.pk, ()))),
        )
        for claim in claims
    }


def suggestions_for(claim: Claim, *, limit: int = 10) -> tuple[list[Suggestion], dict[int, Statement]]:
    """The best suggestions for `claim`, best first, and the statements they name."""
    ids = candidate_ids(claim)
    found = statements([claim.pk, *ids])
    subject = found.pop(claim.pk)
    ranked = rank(subject, found.values(), limit=limit)
    if claim.stated_on and claim.language:  # the same statement in another language (issue 15)
        twins = Claim.objects.filter(speaker_id=claim.speaker_id, stated_on=claim.stated_on, merged_into__isnull=True).exclude(pk=claim.pk)
        twins = [Said(*row) for row in twins.exclude(language__in=("", claim.language)).values_list("pk", "text", "speaker_id", "stated_on", "language")[:20]]
        ranked = with_twins(ranked, Said(claim.pk, claim.text, claim.speaker_id, claim.stated_on, claim.language), twins, limit=limit, suggestion_type=Suggestion)
    found[claim.pk] = subject
    return ranked, found


def explainable(claim: Claim) -> list[tuple[str, QuerySet]]:
    """Each candidate query `candidate_ids` runs for `claim`, labelled (for EXPLAIN and the benchmark);
    a query with nothing to look for (no target, no named source) is left out."""
    stated, published = window_candidates(claim, claim_date(claim))
    return [(label, query) for label, query in _labelled(claim, stated, published) if not query.query.is_empty()]


def _labelled(claim: Claim, stated: QuerySet, published: QuerySet) -> list[tuple[str, QuerySet]]:
    return [
        ("article", article_candidates(claim)),
        ("named", named_candidates(claim)),
        ("naming", naming_candidates(claim)),
        ("target", target_candidates(claim)),
        ("answered", answered_candidates(claim)),
        ("fulltext", fulltext_candidates(claim)),
        ("trigram", trigram_candidates(claim)),
        ("names", name_candidates(claim)),
        ("stated", stated),
        ("published", published),
    ]
