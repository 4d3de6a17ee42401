"""Load the invented multi-article test set (tests/data/disputes) and measure suggestions on it."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path

from claims.matching.dedup import SAME, find_same
from claims.models import Article, Claim, ClaimLink, Source
from claims.services import appearance_create, claim_create, outlet_get_or_create, source_create

DISPUTES = Path(__file__).resolve().parent.parent / "data" / "disputes"
HELDOUT = Path(__file__).resolve().parent.parent / "data" / "disputes-heldout"
SYMMETRIC = {"contradicts", "duplicate"}


def gold(folder: Path = DISPUTES) -> dict:
    data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    for spec in data["articles"]:
        spec["path"] = str(folder / spec["file"])
    return data


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or paragraph line) that holds text[start:end]."""
    left = max(text.rfind("\n", 0, start), max((m.end() for m in re.finditer(r"[.!?]\s", text[:start])), default=0) - 1)
    right = text.find("\n", end)
    right = len(text) if right == -1 else right
    return text[left + 1 : right].strip()


def create_sources(data: dict) -> dict[str, Source]:
    return {
        spec["name"]: source_create(
            name=spec["name"], kind=spec.get("kind", "person"), aliases=spec.get("aliases", ()),
            affiliation=spec.get("affiliation", ""), country=spec.get("country", ""),
        )
        for spec in data["sources"]
    }


def import_with_services(spec: dict, sources: dict[str, Source]) -> tuple[Article, dict[str, int]]:
    """What the import pipeline does for one article, with the gold quotes standing in for the extractor."""
    text = Path(spec["path"]).read_text(encoding="utf-8")
    outlet = outlet_get_or_create(name=spec["outlet"])
    article = Article.objects.create(
        outlet=outlet, url=f"https://disputes.example/{spec['file'].removesuffix('.txt')}", title=spec["title"],
        published=date.fromisoformat(spec["published"]), text=text, raw_input=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), input_kind=Article.InputKind.COMMAND,
    )
    ids = {}
    for quote in spec["quotes"]:
        start = text.index(quote["text"])
        end = start + len(quote["text"])
        context = sentence_around(text, start, end)
        speaker = sources[quote["speaker"]]
        match = find_same(speaker=speaker, text=quote["text"])
        if match is not None and match.certainty == SAME:
            claim = match.claim
        else:
            claim = claim_create(speaker=speaker, text=quote["text"], polarity=quote["polarity"], context=context,
                                 kind="direct" if quote["text"][:1].isupper() else "mixed")
        appearance_create(claim=claim, article=article, start=start, end=end, quote=quote["text"], context=context)
        ids[quote["id"]] = claim.pk
    return article, ids


def import_with_pipeline(spec: dict) -> tuple[int, dict[str, int | None]]:
    """Import one article with `import_article` (cleaning, extraction, speakers, dedup, the suggestion task);
    map each gold quote to the claim whose appearance overlaps it most (None when nothing was extracted there)."""
    from io import StringIO

    from django.core.management import call_command

    path = Path(spec["path"])
    out = StringIO()
    call_command("import_article", str(path), "--published", spec["published"], "--outlet", spec["outlet"], "--format", "json", stdout=out)
    article = Article.objects.get(pk=json.loads(out.getvalue())["article"]["id"])
    appearances = list(article.appearances.values_list("claim_id", "start", "end"))
    ids: dict[str, int | None] = {}
    for quote in spec["quotes"]:
        start = article.text.find(quote["text"].rstrip(",."))
        end = start + len(quote["text"].rstrip(",."))
        overlaps = [(min(end, a_end) - max(start, a_start), claim_id) for claim_id, a_start, a_end in appearances if start >= 0]
        best = max(overlaps, default=(0, None))
        ids[quote["id"]] = best[1] if best[0] > 0 else None
    return article.pk, ids


def canonical(claim_id: int) -> int:
    claim = Claim.objects.get(pk=claim_id)
    while claim.merged_into_id:
        claim = claim.merged_into
    return claim.pk


@dataclass
class Figures:
    recall_at_3: float
    precision_at_3: float
    merged_share: float
    found: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def _key(from_id: int, to_id: int, relation: str):
    if relation in SYMMETRIC:
        return (frozenset((from_id, to_id)), relation)
    return ((from_id, to_id), relation)


def measure(data: dict, quote_claims: dict[str, int | None], *, k: int = 3, claims: set[int] | None = None) -> Figures:
    """recall@k, precision@k and merged share; see the docstring of the quality test.

    A quote with no claim (the extractor missed it) makes its gold links misses and its
    same-claim pairs unmerged. `claims` is every claim whose list is shown (default: the gold ones).
    """
    claim_of = {quote: canonical(claim_id) for quote, claim_id in quote_claims.items() if claim_id is not None}
    gold_links = {}
    unreachable = []
    for link in data["links"]:
        if link["from"] in claim_of and link["to"] in claim_of:
            gold_links[_key(claim_of[link["from"]], claim_of[link["to"]], link["relation"])] = link
        else:
            unreachable.append(f"{link['from']} {link['relation']} {link['to']} (a quote was not extracted)")
    # Two claims of one gold same-claim group that the import kept apart: a `duplicate` link between them is right.
    for group in data["same_claim"]:
        members = sorted({claim_of[quote] for quote in group if quote in claim_of})
        for first_index, first in enumerate(members):
            for second in members[first_index + 1 :]:
                gold_links.setdefault(_key(first, second, "duplicate"), {"from": group[0], "to": group[0], "relation": "duplicate", "implied": True})
    claims = {canonical(claim_id) for claim_id in claims} if claims else set(claim_of.values())
    shown = {}
    for claim_id in claims:
        links = list(
            ClaimLink.objects.filter(status__in=[ClaimLink.Status.SUGGESTED, ClaimLink.Status.CONFIRMED])
            .involving(Claim(pk=claim_id))
            .order_by("-score", "id")[:k]
        )
        shown[claim_id] = [_key(link.from_claim_id, link.to_claim_id, link.relation) for link in links]
    figures = Figures(0.0, 0.0, 0.0, missed=list(unreachable))
    hits = 0
    for key, link in gold_links.items():
        if link.get("implied"):
            continue
        target = claim_of[link["to"]]
        if key in shown.get(target, []):
            hits += 1
            figures.found.append(f"{link['from']} {link['relation']} {link['to']}")
        else:
            figures.missed.append(f"{link['from']} {link['relation']} {link['to']}")
    names = {claim_id: quote for quote, claim_id in reversed(list(claim_of.items()))}
    total_shown = correct_shown = 0
    for claim_id, keys in shown.items():
        for key in keys:
            total_shown += 1
            if key in gold_links:
                correct_shown += 1
            else:
                pair, relation = key
                ends = [names.get(end, f"claim {end}") for end in (sorted(pair) if isinstance(pair, frozenset) else pair)]
                figures.wrong.append(f"in the list of {names.get(claim_id, f'claim {claim_id}')}: {ends[0]} {relation} {ends[1]}")
    pairs = [(a, b) for group in data["same_claim"] for a, b in combinations(group, 2)]
    merged = sum(1 for a, b in pairs if a in claim_of and b in claim_of and claim_of[a] == claim_of[b])
    figures.recall_at_3 = hits / len(data["links"]) if data["links"] else 1.0
    figures.precision_at_3 = correct_shown / total_shown if total_shown else 0.0
    figures.merged_share = merged / len(pairs) if pairs else 1.0
    return figures
