"""Finding 3: an editor's additions to published material (a new appearance from an import,
an alias) wait for a reviewer before they show publicly; the newsroom sees them at once."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from claims import services
from claims.extraction.types import Quote
from claims.importing.pipeline import prepare_text
from claims.models import AuditEvent, PublicState
from claims.public_cache import forget_local_pages
from tests import factories

pytestmark = pytest.mark.django_db

QUOTE = "The new quay will open in spring"


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "additions-tests"}}
    cache.clear()
    forget_local_pages()
    yield
    cache.clear()
    forget_local_pages()


def _import(editor, *, url, day, title):
    text = f"Report {day}. \"{QUOTE}\", said Mira Okonkwo, the harbour master. Work continues."
    prepared = prepare_text(text, input_kind="paste", url=url)
    start = prepared.text.index(QUOTE)
    quote = Quote(speaker="Mira Okonkwo", speaker_as_written="Mira Okonkwo", speaker_kind="person", text=QUOTE, start=start,
                  end=start + len(QUOTE), kind="direct", polarity="asserts", polarity_cue="", context="", attribution="", reporting_verb="said")
    return services.article_import(prepared=prepared, quotes=[quote], actor=editor, outlet_name="Harbour Gazette",
                                   published=datetime.date(2026, 3, day), url=url, title=title)


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))


def test_an_imported_appearance_of_a_published_claim_waits_for_a_reviewer(editor, reviewer, django_capture_on_commit_callbacks):
    first = _import(editor, url="https://gazette.example/quay", day=10, title="Quay opening set")
    claim = first.quotes[0].claim
    services.claim_publish(claim=claim, actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        second = _import(editor, url="https://evil.example/backdated", day=1, title="EDITOR CHOSEN TITLE")
    appearance = second.quotes[0].appearance
    assert second.quotes[0].claim == claim and appearance.public_state == PublicState.PENDING
    public = Client().get(claim.get_absolute_url()).content.decode()
    assert "EDITOR CHOSEN TITLE" not in public and "evil.example" not in public
    # The back-dated appearance does not become the JSON-LD firstAppearance either.
    assert "evil.example" not in json.dumps(_json_ld(public))
    # The newsroom sees it at once, with a queue entry.
    staff = Client()
    staff.force_login(reviewer)
    assert "EDITOR CHOSEN TITLE" in staff.get(reverse("claims:claim-workspace", args=[claim.pk])).content.decode()
    queue = staff.get(reverse("claims:published-additions")).content.decode()
    assert "EDITOR CHOSEN TITLE" in queue
    assert f'name="kind" value="appearance"><input type="hidden" name="pk" value="{appearance.pk}">' in queue
    # A reviewer shows it: now it is public, with an audit row.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("claims:published-addition-decide"), {"kind": "appearance", "pk": appearance.pk, "decision": "show"})
    assert response.status_code == 302
    assert "EDITOR CHOSEN TITLE" in Client().get(claim.get_absolute_url()).content.decode()
    assert AuditEvent.objects.filter(verb="appearance-shown", actor=reviewer, target_id=str(appearance.pk)).exists()


def test_an_editors_alias_of_a_published_source_waits_and_can_be_withheld(editor, reviewer, django_capture_on_commit_callbacks):
    claim = factories.ClaimFactory()
    services.claim_publish(claim=claim, actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        alias = services.source_alias_add(source=claim.speaker, alias="Donald J Trump Liar", actor=editor)
    assert alias.public_state == PublicState.PENDING
    assert "Donald J Trump Liar" not in Client().get(claim.speaker.get_absolute_url()).content.decode()
    staff = Client()
    staff.force_login(reviewer)
    queue = staff.get(reverse("claims:published-additions")).content.decode()
    assert "Donald J Trump Liar" in queue
    assert f'name="kind" value="alias"><input type="hidden" name="pk" value="{alias.pk}">' in queue
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("claims:published-addition-decide"), {"kind": "alias", "pk": alias.pk, "decision": "withhold"})
    alias.refresh_from_db()
    assert alias.public_state == PublicState.WITHHELD
    assert "Donald J Trump Liar" not in Client().get(claim.speaker.get_absolute_url()).content.decode()
    assert "Donald J Trump Liar" not in staff.get(reverse("claims:published-additions")).content.decode()


def test_editors_see_the_queue_but_only_reviewers_decide(client, editor, claim_factory, reviewer):
    claim = claim_factory()
    services.claim_publish(claim=claim, actor=reviewer)
    alias = services.source_alias_add(source=claim.speaker, alias="Another Name", actor=editor)
    client.force_login(editor)
    page = client.get(reverse("claims:published-additions")).content.decode()
    assert "Another Name" in page and "Show publicly" not in page
    assert client.post(reverse("claims:published-addition-decide"), {"kind": "alias", "pk": alias.pk, "decision": "show"}).status_code == 403


def test_additions_to_drafts_and_by_reviewers_show_at_once(editor, reviewer, claim_factory):
    draft = claim_factory()
    assert services.source_alias_add(source=draft.speaker, alias="Draft Alias", actor=editor).public_state == PublicState.SHOWN
    published = claim_factory()
    services.claim_publish(claim=published, actor=reviewer)
    assert services.source_alias_add(source=published.speaker, alias="Reviewer Alias", actor=reviewer).public_state == PublicState.SHOWN


def test_deciding_twice_is_a_conflict(editor, reviewer, claim_factory, client):
    claim = claim_factory()
    services.claim_publish(claim=claim, actor=reviewer)
    alias = services.source_alias_add(source=claim.speaker, alias="Twice Decided", actor=editor)
    client.force_login(reviewer)
    client.post(reverse("claims:published-addition-decide"), {"kind": "alias", "pk": alias.pk, "decision": "show"})
    response = client.post(reverse("claims:published-addition-decide"), {"kind": "alias", "pk": alias.pk, "decision": "withhold"})
    assert response.status_code == 409
    alias.refresh_from_db()
    assert alias.public_state == PublicState.SHOWN
