"""Measured quality of suggestions and deduplication on the invented dispute set."""

import pytest

from claims.tasks import article_suggestions_recompute
from tests.matching import disputes


@pytest.mark.django_db
def test_suggestions_meet_the_quality_bar_on_the_dispute_set(django_capture_on_commit_callbacks):
    """Import nine invented articles (three disputes), then measure, and fail below the bar.

    Every claim C shows its top 3 links (suggested or confirmed, any direction, by score),
    as `suggest_links C` does. A shown link counts as correct when its two claims, its
    relation and (for denies/qualifies/supports) its direction match a gold link.
    - recall@3: share of gold links that appear in the top 3 of their `to` claim.
    - precision@3: share of all links shown in all claims' top 3 lists that are gold links
      (a list may hold fewer than 3: the scorer drops weak pairs).
    - merged share: share of same-claim quote pairs (gold `same_claim` groups) that ended up
      as one claim after import.
    Bars: recall@3 >= 0.9, precision@3 >= 0.6, merged share >= 0.9.
    """
    data = disputes.gold()
    sources = disputes.create_sources(data)
    quote_claims = {}
    for spec in data["articles"]:
        article, ids = disputes.import_with_services(spec, sources)
        quote_claims.update(ids)
        article_suggestions_recompute.enqueue(article.pk)
    figures = disputes.measure(data, quote_claims)
    print(f"\nrecall@3 {figures.recall_at_3:.2f}  precision@3 {figures.precision_at_3:.2f}  merged share {figures.merged_share:.2f}")
    for line in figures.missed:
        print("  missed:", line)
    for line in figures.wrong:
        print("  wrong:", line)
    assert figures.recall_at_3 >= 0.9
    assert figures.precision_at_3 >= 0.6
    assert figures.merged_share >= 0.9
