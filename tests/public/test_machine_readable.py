"""JSON-LD, the Atom feed, the sitemap, robots.txt and the JSON endpoint."""

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from claims import services
from tests import factories
from tests.public.conftest import add_appearance, published_claim

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(response) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json" nonce="[^"]*">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_claim_with_a_published_verdict_carries_claim_review_json_ld(client, story, reviewer):
    verdict = services.verdict_create(claim=story["claim"], rating_value=2, rating_text="Mostly false", reviewer=reviewer, publish=True)
    data = json_ld(client.get(story["claim"].get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"http://testserver{story['claim'].get_absolute_url()}"
    assert data["claimReviewed"] == "The new bridge will open to traffic in May"
    assert data["datePublished"] == verdict.published_at.date().isoformat()
    assert data["author"] == {"@type": "Organization", "name": "Claim Tracker", "url": "http://testserver/"}
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly false"}
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Minister Ada Example", "url": "http://testserver/sources/ada-example/"}
    assert item["datePublished"] == "2026-03-02"
    assert [work["url"] for work in item["appearance"]] == ["https://gazette.example/bridge", "https://courier.example/may"]
    assert all(work["@type"] == "CreativeWork" for work in item["appearance"])
    assert item["appearance"][0]["publisher"] == {"@type": "Organization", "name": "The Daily Gazette", "url": "https://gazette.example/"}
    assert item["firstAppearance"] == item["appearance"][0]


def test_claim_without_a_verdict_carries_claim_json_ld(client, story):
    data = json_ld(client.get(story["denial"].get_absolute_url()))
    assert data["@type"] == "Claim"
    assert data["text"] == "No opening date for the bridge has been set"
    assert data["author"]["@type"] == "Organization" and data["author"]["name"] == "Ministry of Works"
    assert data["firstAppearance"]["url"] == "https://courier.example/walk-back"
    assert "reviewRating" not in data


def test_json_ld_cannot_be_closed_by_the_claim_text(client):
    claim = published_claim(text='It is </script><script>alert("x")</script> & more')
    content = client.get(claim.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json" nonce="[^"]*">(.*?)</script>', content, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e" in block
    assert json.loads(block)["text"] == 'It is </script><script>alert("x")</script> & more'


def test_atom_feed_lists_newly_published_claims_and_disputes(client, story):
    factories.ClaimFactory(text="A draft that must stay out of the feed")
    response = client.get("/feeds/claims.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert "Dispute: When will the new bridge open?" in titles
    assert "Minister Ada Example: “The new bridge will open to traffic in May”" in titles
    assert not any("draft that must stay out" in title for title in titles)
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    assert f"http://testserver{story['dispute'].get_absolute_url()}" in links


def test_sitemap_lists_published_claims_disputes_and_sources_only(client, story):
    draft = factories.ClaimFactory()
    silent = factories.SourceFactory(slug="no-published-claims")
    factories.ClaimFactory(speaker=silent)
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {element.text for element in root.iter(f"{SITEMAP}loc")}
    base = "http://testserver"
    assert base + story["claim"].get_absolute_url() in locations
    assert base + story["dispute"].get_absolute_url() in locations
    assert base + story["minister"].get_absolute_url() in locations
    assert base + draft.get_absolute_url() not in locations
    assert base + silent.get_absolute_url() not in locations


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_newsroom(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/dashboard/", "/review/", "/import/", "/admin/", "/workspace/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_json_endpoint_lists_published_claims_with_export_fields(client, story):
    factories.ClaimFactory(text="A draft for nobody")
    data = client.get("/api/claims.json").json()
    assert data["count"] == 3 and data["page"] == 1 and data["next"] is None
    by_id = {row["id"]: row for row in data["results"]}
    row = by_id[story["claim"].pk]
    assert set(row) >= {"id", "slug", "speaker", "text", "status", "appearances", "links"}
    assert row["speaker"] == "Minister Ada Example" and row["status"] == "published"
    assert row["appearances"][0] == {"url": "https://gazette.example/bridge", "outlet": "The Daily Gazette", "published": "2026-03-03"}
    assert {(link["claim_id"], link["relation"], link["status"]) for link in row["links"]} == {
        (story["denial"].pk, "denies", "confirmed"),
        (story["support"].pk, "supports", "confirmed"),
    }
    assert row["url"] == f"http://testserver{story['claim'].get_absolute_url()}"


def test_json_endpoint_is_paginated(client):
    for number in range(51):
        published_claim(text=f"Statement {number}")
    first = client.get("/api/claims.json").json()
    assert len(first["results"]) == 50 and first["pages"] == 2
    assert first["next"] == "http://testserver/api/claims.json?page=2"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["previous"] == "http://testserver/api/claims.json?page=1"


@pytest.mark.parametrize(("page", "status"), [("0", 404), ("3", 404), ("two", 400)])
def test_json_endpoint_refuses_bad_pages_with_a_message(client, page, status):
    published_claim()
    response = client.get(f"/api/claims.json?page={page}")
    assert response.status_code == status and "page must be" in response.json()["error"]
