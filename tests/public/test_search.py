"""Full-text search over published claims: ranked, highlighted, filtered, paginated, htmx-aware."""

import datetime
import re

import pytest

from tests import factories
from tests.public.conftest import add_appearance, published_claim

pytestmark = pytest.mark.django_db


def results(response) -> list[str]:
    section = re.search(r'<section id="search-results".*?</section>', response.content.decode(), re.S).group(0)
    return re.findall(r'<a href="(/claims/[^"]+/)">', section)


def test_search_finds_only_published_claims(client):
    shown = published_claim(text="Grain exports resumed through the port")
    hidden = factories.ClaimFactory(text="Grain exports halted, says a draft")
    found = results(client.get("/search/?q=grain"))
    assert shown.get_absolute_url() in found and hidden.get_absolute_url() not in found


def test_search_ranks_the_better_match_first(client):
    weak = published_claim(text="The harvest was large and exports of grain were mentioned")
    strong = published_claim(text="Grain, grain and more grain left the grain port")
    assert results(client.get("/search/?q=grain"))[:2] == [strong.get_absolute_url(), weak.get_absolute_url()]


def test_search_highlights_matches_with_mark(client):
    published_claim(text="Grain exports resumed through the port")
    assert "<mark>Grain</mark> exports resumed" in client.get("/search/?q=grain").content.decode()


def test_search_escapes_the_claim_text_before_marking(client):
    published_claim(text='Grain <script>alert("x")</script> & <b>bold</b> grain')
    content = client.get("/search/?q=grain").content.decode()
    assert "<script>alert" not in content and "<b>bold</b>" not in content
    assert "&lt;script&gt;" in content and "&amp;" in content
    assert "<mark>Grain</mark>" in content


def test_search_filters_by_speaker_outlet_and_date(client):
    ada = factories.SourceFactory(slug="ada")
    courier = factories.OutletFactory(slug="courier")
    by_ada = published_claim(speaker=ada, text="Bridge talk one", stated_on=datetime.date(2026, 1, 10))
    other = published_claim(text="Bridge talk two", stated_on=datetime.date(2026, 2, 10))
    add_appearance(other, outlet=courier)
    late = published_claim(text="Bridge talk three", stated_on=datetime.date(2026, 4, 10))
    assert results(client.get("/search/?q=bridge&speaker=ada")) == [by_ada.get_absolute_url()]
    assert results(client.get("/search/?q=bridge&outlet=courier")) == [other.get_absolute_url()]
    window = results(client.get("/search/?q=bridge&date_from=2026-02-01&date_to=2026-03-01"))
    assert window == [other.get_absolute_url()]
    assert late.get_absolute_url() in results(client.get("/search/?date_from=2026-04-01"))


def test_search_filters_by_the_articles_date_when_the_claim_has_none(client):
    claim = published_claim(text="Undated bridge talk")
    add_appearance(claim, published=datetime.date(2025, 6, 1))
    assert results(client.get("/search/?q=bridge&date_to=2025-06-30")) == [claim.get_absolute_url()]
    assert results(client.get("/search/?q=bridge&date_from=2025-07-01")) == []


def test_search_explains_a_bad_date_and_leaves_that_filter_out(client):
    claim = published_claim(text="Bridge talk")
    response = client.get("/search/?q=bridge&date_from=not-a-date")
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert results(response) == [claim.get_absolute_url()]


def test_search_refuses_a_backwards_date_range_with_a_message(client):
    published_claim(text="Bridge talk")
    content = client.get("/search/?q=bridge&date_from=2026-05-01&date_to=2026-01-01").content.decode()
    assert "must be on or after" in content


def test_search_paginates_twenty_a_page_keeping_the_query(client):
    for number in range(25):
        published_claim(text=f"Bridge statement {number}")
    first = client.get("/search/?q=bridge")
    assert len(results(first)) == 20
    assert 'href="/search/?q=bridge&amp;page=2"' in first.content.decode()
    assert len(results(client.get("/search/?q=bridge&page=2"))) == 5


def test_search_without_words_lists_published_claims_newest_first(client):
    older, newer = published_claim(text="Older"), published_claim(text="Newer")
    assert results(client.get("/search/"))[:2] == [newer.get_absolute_url(), older.get_absolute_url()]


def test_search_form_works_without_javascript_and_updates_as_you_type(client):
    content = client.get("/search/").content.decode()
    form = re.search(r'<form id="search-form".*?>', content, re.S).group(0)
    assert 'method="get"' in form and 'action="/search/"' in form
    field = re.search(r'<input type="search"[^>]*>', content, re.S).group(0)
    assert 'hx-get="/search/"' in field and 'hx-trigger="input changed delay:300ms, search"' in field
    assert 'hx-push-url="true"' in field and 'hx-target="#search-results"' in field


def test_htmx_search_returns_only_the_results_partial(client):
    published_claim(text="Bridge talk")
    response = client.get("/search/?q=bridge", headers={"HX-Request": "true"})
    content = response.content.decode().strip()
    assert content.startswith('<section id="search-results"') and "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(client):
    response = client.get("/search/?q=bridge", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_search_results_are_cached_separately_for_htmx_and_full_pages(client):
    published_claim(text="Bridge talk")
    assert "<html" in client.get("/search/?q=bridge").content.decode()
    assert "<html" not in client.get("/search/?q=bridge", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in client.get("/search/?q=bridge").content.decode()


def test_search_says_plainly_when_nothing_matches(client):
    published_claim(text="Bridge talk")
    content = client.get("/search/?q=ferry").content.decode()
    assert "No published claims match “ferry”." in content
    assert "No published claims match “ferry” with these filters." in client.get("/search/?q=ferry&speaker=nobody").content.decode()
