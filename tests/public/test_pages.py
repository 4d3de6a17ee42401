"""Public pages: what readers see, and what they never see."""

import datetime
import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim
from tests import factories
from tests.public.conftest import add_appearance, confirmed_link, published_claim

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Claim page


def test_claim_page_shows_quote_speaker_date_and_every_appearance(client, story):
    content = text_of(client.get(story["claim"].get_absolute_url()))
    assert '<blockquote class="claim-quote"><p>The new bridge will open to traffic in May</p></blockquote>' in content
    assert '<a class="speaker" href="/sources/ada-example/">Minister Ada Example</a>' in content
    assert '<time datetime="2026-03-02">2 March 2026</time>' in content
    assert "The Daily Gazette" in content and "Evening Courier" in content
    assert 'href="https://gazette.example/bridge"' in content and 'href="https://courier.example/may"' in content


def test_claim_page_shows_context_when_the_claim_has_one(client, reviewer):
    claim = published_claim(text="Prices fell", context="Speaking about bread in the capital.")
    assert "Speaking about bread in the capital." in text_of(client.get(claim.get_absolute_url()))


def test_claim_page_groups_counterclaims_by_relation_with_their_own_sources(client, story):
    content = text_of(client.get(story["claim"].get_absolute_url()))
    denied = content.index(">Denied by</h3>")
    supported = content.index(">Supported by</h3>")
    assert denied < supported
    assert "No opening date for the bridge has been set" in content[denied:supported]
    assert 'href="https://courier.example/walk-back"' in content[denied:supported]
    assert 'href="https://gazette.example/engineers"' in content[supported:]


def test_claim_page_phrases_the_inverse_direction_as_the_claims_own_action(client, story):
    content = text_of(client.get(story["denial"].get_absolute_url()))
    assert ">Denies</h3>" in content
    assert "Denied by" not in content
    assert "The new bridge will open to traffic in May" in content


@pytest.mark.parametrize(
    ("relation", "incoming_label", "outgoing_label"),
    [("contradicts", "Contradicted by", "Contradicts"), ("qualifies", "Qualified by", "Qualifies"), ("supports", "Supported by", "Supports")],
)
def test_claim_page_labels_each_relation_in_both_directions(client, reviewer, relation, incoming_label, outgoing_label):
    target, other = published_claim(), published_claim()
    confirmed_link(from_claim=other, to_claim=target, relation=relation, reviewer=reviewer)
    assert f">{incoming_label}</h3>" in text_of(client.get(target.get_absolute_url()))
    assert f">{outgoing_label}</h3>" in text_of(client.get(other.get_absolute_url()))


def test_claim_page_shows_the_editors_note_on_the_link(client, story):
    content = text_of(client.get(story["claim"].get_absolute_url()))
    assert "How we established this link" in content
    assert "The ministry&#x27;s statement answers the minister&#x27;s date directly." in content


def test_claim_page_shows_the_published_verdict(client, story, reviewer):
    services.verdict_create(claim=story["claim"], rating_value=2, rating_text="Mostly false", explanation="No date was ever set.", reviewer=reviewer, publish=True)
    content = text_of(client.get(story["claim"].get_absolute_url()))
    assert "Our verdict" in content and "Mostly false" in content and "No date was ever set." in content


def test_claim_page_hides_a_draft_verdict(client, story, reviewer):
    services.verdict_create(claim=story["claim"], rating_value=1, rating_text="False", reviewer=reviewer, publish=False)
    assert "Our verdict" not in text_of(client.get(story["claim"].get_absolute_url()))


def test_claim_page_hides_counterclaims_that_are_not_published(client, story, reviewer):
    draft = factories.ClaimFactory(text="A draft rebuttal nobody approved")
    confirmed_link(from_claim=draft, to_claim=story["claim"], relation="contradicts", reviewer=reviewer)
    content = text_of(client.get(story["claim"].get_absolute_url()))
    assert "A draft rebuttal nobody approved" not in content and "Contradicted by" not in content


@pytest.mark.parametrize("decision", ["suggested", "rejected"])
def test_claim_page_hides_links_that_are_not_confirmed(client, reviewer, decision):
    target, other = published_claim(), published_claim(text="An unconfirmed counterclaim")
    link = services.link_suggest(from_claim=other, to_claim=target, relation="denies")
    if decision == "rejected":
        services.link_reject(link=link, reviewer=reviewer, expected_version=link.version)
    content = text_of(client.get(target.get_absolute_url()))
    assert "An unconfirmed counterclaim" not in content and "Denied by" not in content


def test_claim_page_hides_appearances_in_archived_articles(client, editor):
    claim = published_claim()
    kept = add_appearance(claim, url="https://kept.example/a")
    gone = add_appearance(claim, url="https://gone.example/b")
    services.article_archive(article=gone.article, actor=editor)
    content = text_of(client.get(claim.get_absolute_url()))
    assert kept.article.url in content and gone.article.url not in content


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_claims_answer_404_to_anonymous_readers(client, status):
    claim = factories.ClaimFactory(status=status)
    assert client.get(claim.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_claims_answer_404_to_signed_in_outsiders(client, outsider, status):
    client.force_login(outsider)
    assert client.get(factories.ClaimFactory(status=status).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["editor", "reviewer", "moderator"])
def test_newsroom_sees_an_unpublished_claim_with_a_banner(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(factories.ClaimFactory(status="review").get_absolute_url())
    assert response.status_code == 200
    content = text_of(response)
    assert "Not published." in content and "in review" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "application/ld+json" not in content


def test_published_claim_has_no_unpublished_banner(client, story):
    assert "Not published" not in text_of(client.get(story["claim"].get_absolute_url()))


def test_merged_claim_redirects_to_the_published_survivor(client, editor):
    survivor, duplicate = published_claim(), published_claim()
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=editor)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 301 and response.url == survivor.get_absolute_url()


def test_claim_page_escapes_the_claim_text(client):
    claim = published_claim(text='<img src=x onerror="alert(1)"> said so')
    content = client.get(claim.get_absolute_url()).content.decode()
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; said so" in content


def test_claim_page_has_canonical_opengraph_and_twitter_tags(client, story):
    content = text_of(client.get(story["claim"].get_absolute_url()))
    url = f"http://testserver{story['claim'].get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Minister Ada Example: “The new bridge will open to traffic in May”">' in content
    assert '<meta name="twitter:card" content="summary">' in content
    assert '<meta name="twitter:description"' in content


# Dispute page


def test_dispute_page_puts_claim_and_counterclaims_side_by_side(client, story):
    content = text_of(client.get(story["dispute"].get_absolute_url()))
    assert '<div class="two-columns dispute-columns">' in content
    claim_side = content.index('id="side-claim-heading"')
    counter_side = content.index('id="side-counter-heading"')
    assert claim_side < content.index("The new bridge will open to traffic in May") < counter_side
    assert counter_side < content.index("No opening date for the bridge has been set")
    assert ">Denied by</p>" in content and ">Supported by</p>" in content


def test_dispute_timeline_is_an_accessible_inline_svg_with_a_table(client, story):
    content = text_of(client.get(story["dispute"].get_absolute_url()))
    svg = re.search(r"<svg[^>]*>.*?</svg>", content).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">' in svg
    desc = re.search(r'<desc id="timeline-desc">(.*?)</desc>', svg).group(1)
    assert desc.startswith("From 2 March 2026 to 8 March 2026.")
    assert desc.index("Minister Ada Example") < desc.index("Ministry of Works") < desc.index("Engineer Bo Sample")
    assert svg.count('class="timeline-dot"') == 3
    assert re.findall(r'class="timeline-gap"[^>]*>([^<]+)<', svg) == ["3 days later", "3 days later"]
    table = re.search(r'<table class="timeline-table">.*?</table>', content).group(0)
    assert table.count("<tr") == 4
    assert "5 Mar 2026" in table and "Denied by" in table


def test_dispute_timeline_orders_by_date_not_by_link(client, reviewer):
    claim = published_claim(text="Late claim", stated_on=datetime.date(2026, 5, 1))
    early = published_claim(text="Early answer", stated_on=datetime.date(2026, 1, 1))
    link = confirmed_link(from_claim=early, to_claim=claim, reviewer=reviewer)
    dispute = services.dispute_publish(dispute=services.dispute_create(title="Order", claim=claim, links=[link], actor=reviewer), actor=reviewer)
    desc = re.search(r'<desc id="timeline-desc">(.*?)</desc>', text_of(client.get(dispute.get_absolute_url()))).group(1)
    assert desc.index("Early answer") < desc.index("Late claim")


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_disputes_answer_404_to_anonymous_readers(client, story, reviewer, status):
    services.dispute_set_status(dispute=story["dispute"], status=status, actor=reviewer)
    assert client.get(story["dispute"].get_absolute_url()).status_code == 404


def test_newsroom_sees_an_unpublished_dispute_with_a_banner(client, story, editor, reviewer):
    services.dispute_set_status(dispute=story["dispute"], status="draft", actor=reviewer)
    client.force_login(editor)
    response = client.get(story["dispute"].get_absolute_url())
    assert response.status_code == 200 and "Not published." in text_of(response)


def test_dispute_page_hides_counterclaims_that_were_unpublished(client, story, editor):
    services.claim_unpublish(claim=story["support"], actor=editor)
    content = text_of(client.get(story["dispute"].get_absolute_url()))
    assert "Work on the bridge deck" not in content
    assert "No opening date for the bridge has been set" in content


# Source page


def test_source_page_lists_published_claims_and_which_were_denied(client, story):
    published_claim(speaker=story["minister"], text="Taxes will not rise this year")
    factories.ClaimFactory(speaker=story["minister"], text="A draft the minister never published")
    content = text_of(client.get(story["minister"].get_absolute_url()))
    assert "2 published claims; 1 of them denied or contradicted by others." in content
    assert "Taxes will not rise this year" in content and "A draft the minister never published" not in content
    assert '<span class="relation-denies">Denied by</span> <a href="/sources/ministry-of-works/">Ministry of Works</a>' in content
    assert "Not denied or contradicted by any published claim." in content


def test_source_without_published_claims_answers_404_to_readers_but_not_the_newsroom(client, editor):
    source = factories.SourceFactory()
    factories.ClaimFactory(speaker=source)
    assert client.get(source.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200 and "Not published." in text_of(response)


def test_merged_source_redirects_to_the_survivor(client, editor):
    survivor, merged = factories.SourceFactory(), factories.SourceFactory()
    published_claim(speaker=merged)
    services.source_merge(survivor=survivor, merged=merged, actor=editor)
    response = client.get(merged.get_absolute_url())
    assert response.status_code == 301 and response.url == survivor.get_absolute_url()


# Home


def test_home_lists_published_disputes_and_claims_newest_first_with_a_search_box(client, story):
    newer = published_claim(text="The newest statement of all")
    factories.ClaimFactory(text="An unpublished draft")
    content = text_of(client.get("/"))
    assert 'action="/search/"' in content and 'type="search"' in content
    assert "When will the new bridge open?" in content
    assert content.index("The newest statement of all") < content.index("The new bridge will open to traffic in May")
    assert "An unpublished draft" not in content
    assert newer.get_absolute_url() in content
    assert "denied or contradicted 1 time" in content


def test_home_hides_an_archived_dispute(client, story, reviewer):
    services.dispute_set_status(dispute=story["dispute"], status="archived", actor=reviewer)
    assert "When will the new bridge open?" not in text_of(client.get("/"))


def test_claim_page_links_to_its_published_disputes(client, story, reviewer, django_capture_on_commit_callbacks):
    for claim in (story["claim"], story["denial"]):
        content = text_of(client.get(claim.get_absolute_url()))
        assert f'<a href="{story["dispute"].get_absolute_url()}">When will the new bridge open?</a>' in content
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_set_status(dispute=story["dispute"], status="draft", actor=reviewer)
    assert "When will the new bridge open?" not in text_of(client.get(story["claim"].get_absolute_url()))
