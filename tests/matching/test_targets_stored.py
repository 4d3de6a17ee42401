"""Targets stored with each appearance, and the candidate queries that use them (on the database)."""

from datetime import date

import pytest

from claims.matching import candidates
from claims.models import Article, Outlet
from claims.services import appearance_create, claim_create, claim_suggestions_recompute, source_create

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 9)
STORY = (
    "Pier sale row\n\n"
    'Councillor Ilse Varga said on Monday that "the council has sold the old pier to a hotel chain".\n\n'
    'The harbour board rejected Ilse Varga\'s claim that the pier had been sold, calling it "pure fabrication".'
)
LATER = (
    "Harbour board answers again\n\n"
    'The harbour board denied reports that the old pier had been sold to a hotel chain, calling them "simply untrue".'
)


def _appear(claim, article, quote):
    start = article.text.index(quote)
    return appearance_create(claim=claim, article=article, start=start, end=start + len(quote))


@pytest.fixture
def pier():
    outlet = Outlet.objects.create(name="Bay Courier", slug="bay-courier")
    varga = source_create(name="Ilse Varga")
    board = source_create(name="Harbour Board", kind="organisation")
    story = Article.objects.create(outlet=outlet, title="Pier sale row", text=STORY, published=DAY, content_hash="pier-1")
    claim = claim_create(speaker=varga, text="the council has sold the old pier to a hotel chain", stated_on=DAY)
    denial = claim_create(speaker=board, text="pure fabrication", polarity="denies", stated_on=DAY)
    _appear(claim, story, "the council has sold the old pier to a hotel chain")
    _appear(denial, story, "pure fabrication")
    return claim, denial, board


def test_appearance_create_stores_what_the_quote_answers_and_who_it_names(pier):
    _, denial, _ = pier
    appearance = denial.appearances.get()
    assert appearance.target == "claim that the pier had been sold"
    assert appearance.target_named == ["Ilse Varga"]


def test_a_denial_reported_beside_the_claim_is_its_first_suggestion_with_the_article_as_reason(pier):
    claim, denial, _ = pier
    assert denial.pk in candidates.article_candidates(claim)
    assert denial.pk in candidates.naming_candidates(claim)
    assert claim.pk in candidates.named_candidates(denial)
    suggestion, link = claim_suggestions_recompute(claim=claim)[0]
    assert (link.from_claim_id, link.to_claim_id, link.relation) == (denial.pk, claim.pk, "denies")
    assert "reported together in Bay Courier: Pier sale row" in link.reasons
    assert "names the other side: Ilse Varga" in link.reasons


def test_a_denial_in_another_article_is_found_through_its_target(pier):
    claim, _, board = pier
    later = Article.objects.create(title="Harbour board answers again", text=LATER, published=DAY, content_hash="pier-2")
    answer = claim_create(speaker=board, text="simply untrue", polarity="denies", stated_on=DAY)
    _appear(answer, later, "simply untrue")
    assert answer.appearances.get().target == "reports that the old pier had been sold to a hotel chain"
    assert answer.pk in candidates.target_candidates(claim)
    found = {link.from_claim_id: link for _, link in claim_suggestions_recompute(claim=claim)}
    assert found[answer.pk].relation == "denies"
    assert any(reason.startswith("denies: reports that the old pier had been sold") for reason in found[answer.pk].reasons)
