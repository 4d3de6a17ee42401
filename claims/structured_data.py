"""schema.org JSON-LD for public claim pages: ClaimReview when a verdict is published, else Claim."""

import json

from django.utils.safestring import mark_safe

from claims.models import Source

SITE_NAME = "Claim Tracker"

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_ld_dumps(data: dict):
    """JSON that cannot end the <script> element it sits in, whatever the claim text says."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES))


def _person_or_organisation(source: Source, url: str) -> dict:
    kind = "Person" if source.kind == Source.Kind.PERSON else "Organization"
    author = {"@type": kind, "name": source.name, "url": url}
    if source.affiliation and kind == "Person":
        author["affiliation"] = {"@type": "Organization", "name": source.affiliation}
    return author


def _creative_work(appearance) -> dict:
    article = appearance.article
    work = {"@type": "CreativeWork"}
    if article.url:
        work["url"] = article.url
    if article.title:
        work["headline"] = article.title
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.domain:
            work["publisher"]["url"] = f"https://{article.outlet.domain}/"
    return work


def claim_structured_data(*, claim, appearances, said_on, verdict, page_url: str, source_url: str, site_url: str) -> dict:
    """The JSON-LD object for a published claim page."""
    item = {
        "@type": "Claim",
        "text": claim.text,
        "author": _person_or_organisation(claim.speaker, source_url),
    }
    if said_on:
        item["datePublished"] = said_on.isoformat()
    works = [_creative_work(appearance) for appearance in appearances]
    if works:
        item["appearance"] = works
        item["firstAppearance"] = works[0]
    if verdict is None:
        return {"@context": "https://schema.org", **item, "url": page_url}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim.text,
        "datePublished": verdict.published_at.date().isoformat(),
        "author": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating_value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict.rating_text,
        },
        **({"reviewBody": verdict.explanation} if verdict.explanation else {}),
    }
