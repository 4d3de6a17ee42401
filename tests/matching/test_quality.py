"""Measured quality of suggestions and deduplication on the invented dispute set (tests/data/disputes).

Metrics (also in README, "Counterclaim suggestions"):
Every claim C shows its top 3 links (suggested or confirmed, either direction, by score), as
`suggest_links C` does. A shown link is correct when its two claims, its relation and (for
denies/qualifies/supports) its direction match a gold link.
- recall@3: share of gold links that appear in the top 3 of their `to` claim (a gold link whose
  quote was never extracted counts as missed).
- precision@3: share of all links shown in all claims' top-3 lists that are gold links, or
  `duplicate` links between two claims of one gold same-claim group (a list
  may hold fewer than 3: the scorer drops weak pairs; lists of claims outside the gold, such as
  fragments the extractor took, count too).
- merged share: share of same-claim quote pairs (gold `same_claim` groups) that ended up as one
  claim after import.
Bars: recall@3 >= 0.9, precision@3 >= 0.6, merged share >= 0.9.
"""

import pytest

from claims.models import Claim
from claims.tasks import article_suggestions_recompute
from tests.matching import disputes


def _report(label, figures):
    print(f"\n{label}: recall@3 {figures.recall_at_3:.2f}  precision@3 {figures.precision_at_3:.2f}  merged share {figures.merged_share:.2f}")
    for line in figures.missed:
        print("  missed:", line)
    for line in figures.wrong:
        print("  wrong:", line)


@pytest.mark.django_db
def test_suggestions_meet_the_quality_bar_through_the_import_pipeline(django_capture_on_commit_callbacks):
    """The nine articles go through `import_article`; suggestions come from the task it enqueues."""
    data = disputes.gold()
    disputes.create_sources(data)
    quote_claims = {}
    for spec in data["articles"]:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            _, ids = disputes.import_with_pipeline(spec)
        assert callbacks, "article_import must enqueue the suggestion task on commit"
        quote_claims.update(ids)
    figures = disputes.measure(data, quote_claims, claims=set(Claim.objects.values_list("pk", flat=True)))
    _report("import pipeline", figures)
    assert figures.recall_at_3 >= 0.9
    assert figures.precision_at_3 >= 0.6
    assert figures.merged_share >= 0.9


@pytest.mark.django_db
def test_suggestions_meet_the_quality_bar_on_the_gold_quotes():
    """Matching alone: the gold quotes stand in for the extractor (same dedup, same task)."""
    data = disputes.gold()
    sources = disputes.create_sources(data)
    quote_claims = {}
    for spec in data["articles"]:
        article, ids = disputes.import_with_services(spec, sources)
        quote_claims.update(ids)
        article_suggestions_recompute.enqueue(article.pk)
    figures = disputes.measure(data, quote_claims)
    _report("gold quotes", figures)
    assert figures.recall_at_3 >= 0.9
    assert figures.precision_at_3 >= 0.6
    assert figures.merged_share >= 0.9


@pytest.mark.django_db
def test_suggestions_on_the_held_out_dispute(django_capture_on_commit_callbacks):
    """A fourth dispute written after the rules were tuned (tests/data/disputes-heldout): the
    figures are printed for the README; the bar here is lower, to catch collapse, not to grade.
    The merged share is printed only: the extractor missed one repeat and gave the partial
    quote to a new speaker ("Civic Party's Rowena Tallis"), so nothing was there to merge."""
    data = disputes.gold(disputes.HELDOUT)
    disputes.create_sources(data)
    quote_claims = {}
    for spec in data["articles"]:
        with django_capture_on_commit_callbacks(execute=True):
            _, ids = disputes.import_with_pipeline(spec)
        quote_claims.update(ids)
    figures = disputes.measure(data, quote_claims, claims=set(Claim.objects.values_list("pk", flat=True)))
    _report("held out", figures)
    assert figures.recall_at_3 >= 0.5
    assert figures.precision_at_3 >= 0.5
