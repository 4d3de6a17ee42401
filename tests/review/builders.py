"""Invented newsroom data for the review screens (our own writing, not any published article)."""

import datetime

from claims.models import ClaimLink
from tests import factories

ARTICLE_TEXT = (
    "The harbour authority met on Tuesday. "
    'Mayor Alda Ferreira said "the new ferry line will carry ten thousand passengers a day" when it opens. '
    "Critics were not convinced."
)
COUNTER_TEXT = (
    "Transport officials gave a different picture on Wednesday. "
    'The port union said "the ferries can carry at most four thousand people a day" and called the figure invented. '
    "The mayor's office did not reply."
)
CLAIM_QUOTE = "the new ferry line will carry ten thousand passengers a day"
COUNTER_QUOTE = "the ferries can carry at most four thousand people a day"


def appearance_for(claim, *, text, quote, outlet=None, published=None):
    article = factories.ArticleFactory(
        text=text, outlet=outlet or factories.OutletFactory(), published=published or datetime.date(2026, 3, 4)
    )
    start = text.index(quote)
    return factories.AppearanceFactory(claim=claim, article=article, start=start, end=start + len(quote), quote=quote, context="")


def suggested_link(*, score=0.8, relation=ClaimLink.Relation.DENIES, speaker=None, counter_speaker=None, outlet=None,
                   published=None, stated_on=None, reasons=None):
    """A suggested link: the counterclaim (from) denies the claim (to), both with an appearance."""
    claim = factories.ClaimFactory(speaker=speaker or factories.SourceFactory(), text=CLAIM_QUOTE.capitalize(), stated_on=stated_on)
    counter = factories.ClaimFactory(speaker=counter_speaker or factories.SourceFactory(), text=COUNTER_QUOTE.capitalize(), stated_on=stated_on)
    appearance_for(claim, text=ARTICLE_TEXT, quote=CLAIM_QUOTE, outlet=outlet, published=published)
    appearance_for(counter, text=COUNTER_TEXT, quote=COUNTER_QUOTE, outlet=outlet, published=published)
    return factories.ClaimLinkFactory(
        from_claim=counter, to_claim=claim, relation=relation, score=score,
        reasons=reasons if reasons is not None else ["numbers disagree: 10,000 vs 4,000", "denial cue: 'invented'"],
    )
