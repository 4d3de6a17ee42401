"""Bulk actions: a confirmation page first, then one service call and one audit row per object."""

import csv
import io

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.core.management import call_command

from claims.models import Article, AuditEvent, Claim, ClaimLink, Dispute, Source, SourceAlias, Verdict
from tests.admin.conftest import change_url, changelist_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signed_in_moderator(client, moderator):
    client.force_login(moderator)
    return moderator


def audit_verbs(obj):
    return list(AuditEvent.objects.filter(target_type__model=obj._meta.model_name, target_id=str(obj.pk)).values_list("verb", flat=True))


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publish_action_asks_for_confirmation_before_changing_anything(run_action, claim_factory):
    claims = claim_factory.create_batch(2, status=Claim.Status.REVIEW)
    response = run_action("claim", "publish_claims", claims, confirm=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Publish claims" in html
    assert 'name="post" value="yes"' in html
    for claim in claims:
        assert claim.text[:40] in html
        claim.refresh_from_db()
        assert claim.status == Claim.Status.REVIEW
    assert not AuditEvent.objects.filter(verb="claim-published").exists()


def test_publish_action_publishes_each_claim_with_one_audit_row(run_action, claim_factory, moderator):
    claims = claim_factory.create_batch(3, status=Claim.Status.REVIEW)
    response = run_action("claim", "publish_claims", claims)
    assert response.status_code == 302
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PUBLISHED
        assert audit_verbs(claim) == ["claim-published"]
    assert AuditEvent.objects.filter(verb="claim-published", actor=moderator).count() == 3
    assert "Published 3 claims." in message_texts(response)


def test_publish_action_refusal_changes_nothing_and_says_why(run_action, claim_factory):
    ready = claim_factory(status=Claim.Status.REVIEW)
    archived = claim_factory(status=Claim.Status.ARCHIVED)
    confirmation = run_action("claim", "publish_claims", [ready, archived], confirm=False)
    html = confirmation.content.decode()
    assert "cannot become published" in html
    assert 'value="Publish"' not in html  # no way to confirm an action that would fail
    response = run_action("claim", "publish_claims", [ready, archived])
    assert response.status_code == 302
    ready.refresh_from_db()
    archived.refresh_from_db()
    assert (ready.status, archived.status) == (Claim.Status.REVIEW, Claim.Status.ARCHIVED)
    assert not AuditEvent.objects.filter(verb="claim-published").exists()
    assert any("Nothing was changed" in text and "cannot become published" in text for text in message_texts(response))


def test_unpublish_action_sends_published_claims_back_to_draft(run_action, claim_factory):
    claims = claim_factory.create_batch(2, status=Claim.Status.PUBLISHED)
    run_action("claim", "unpublish_claims", claims)
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == Claim.Status.DRAFT
        assert audit_verbs(claim) == ["claim-unpublished"]


def test_archive_then_restore_actions_round_trip(run_action, claim_factory):
    claim = claim_factory(status=Claim.Status.PUBLISHED)
    run_action("claim", "archive_claims", [claim])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ARCHIVED
    run_action("claim", "restore_claims", [claim])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert sorted(audit_verbs(claim)) == ["claim-archived", "claim-restored"]


def test_action_on_claims_already_in_that_state_writes_no_audit_row(run_action, claim_factory):
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    response = run_action("claim", "archive_claims", [claim])
    assert audit_verbs(claim) == []
    assert any("already archived" in text for text in message_texts(response))


def test_publish_action_from_the_change_form(client, claim_factory):
    claim = claim_factory(status=Claim.Status.DRAFT)
    data = {"CHANGE_FORM-action": "publish_claims", helpers.ACTION_CHECKBOX_NAME: [str(claim.pk)]}
    confirmation = client.post(change_url(claim), data)
    assert confirmation.status_code == 200
    assert 'name="CHANGE_FORM-action" value="publish_claims"' in confirmation.content.decode()
    response = client.post(change_url(claim), {**data, "post": "yes"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_dispute_actions_publish_unpublish_archive_restore(run_action, dispute_factory, link_factory):
    link = link_factory(status=ClaimLink.Status.CONFIRMED)
    dispute = dispute_factory(claim=link.to_claim)
    dispute.links.add(link)
    run_action("dispute", "publish_disputes", [dispute])
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.PUBLISHED
    link.from_claim.refresh_from_db()
    assert link.from_claim.status == Claim.Status.PUBLISHED
    run_action("dispute", "unpublish_disputes", [dispute])
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.DRAFT
    run_action("dispute", "archive_disputes", [dispute])
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.ARCHIVED
    run_action("dispute", "restore_disputes", [dispute])
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.DRAFT
    assert audit_verbs(dispute) == ["dispute-restored", "dispute-archived", "dispute-unpublished", "dispute-published"]


def test_publishing_a_dispute_without_confirmed_links_is_refused(run_action, dispute_factory):
    dispute = dispute_factory()
    response = run_action("dispute", "publish_disputes", [dispute])
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.DRAFT
    assert any("confirmed link" in text for text in message_texts(response))


def test_reject_action_rejects_only_suggested_links(run_action, link_factory, moderator):
    suggested = link_factory.create_batch(2)
    confirmed = link_factory(status=ClaimLink.Status.CONFIRMED)
    confirmation = run_action("claimlink", "reject_suggested_links", [*suggested, confirmed], confirm=False)
    assert "already decided are left out" in confirmation.content.decode()
    run_action("claimlink", "reject_suggested_links", [*suggested, confirmed])
    for link in suggested:
        link.refresh_from_db()
        assert (link.status, link.reviewed_by) == (ClaimLink.Status.REJECTED, moderator)
        assert audit_verbs(link) == ["link-rejected"]
    confirmed.refresh_from_db()
    assert confirmed.status == ClaimLink.Status.CONFIRMED


def test_merge_sources_confirmation_lets_the_moderator_choose_the_survivor(run_action, source_factory):
    sources = source_factory.create_batch(3)
    response = run_action("source", "merge_sources", sources, confirm=False)
    html = response.content.decode()
    for source in sources:
        assert f'name="survivor" id="survivor-{source.pk}" value="{source.pk}"' in html


def test_merge_sources_moves_claims_and_keeps_names_as_aliases(run_action, source_factory, claim_factory):
    survivor, merged = source_factory(name="Ministry of Water"), source_factory(name="Water Ministry")
    SourceAlias.objects.create(source=merged, name="the ministry")
    claim = claim_factory(speaker=merged)
    response = run_action("source", "merge_sources", [survivor, merged], survivor=str(survivor.pk))
    assert response.status_code == 302
    claim.refresh_from_db()
    merged.refresh_from_db()
    assert claim.speaker == survivor
    assert merged.merged_into == survivor
    assert set(survivor.aliases.values_list("name", flat=True)) == {"Water Ministry", "the ministry"}
    assert audit_verbs(survivor) == ["source-merged"]
    assert audit_verbs(merged) == ["source-merged-away"]


def test_merge_without_a_survivor_changes_nothing(run_action, source_factory):
    sources = source_factory.create_batch(2)
    response = run_action("source", "merge_sources", sources)
    assert response.status_code == 200  # the confirmation page again
    assert "Choose which one survives" in " ".join(message_texts(response))
    assert not Source.objects.filter(merged_into__isnull=False).exists()


def test_merging_a_source_that_was_already_merged_is_refused_whole(run_action, source_factory):
    survivor, other, gone = source_factory.create_batch(3)
    gone.merged_into = other
    gone.save()
    response = run_action("source", "merge_sources", [survivor, other, gone], survivor=str(survivor.pk))
    other.refresh_from_db()
    assert other.merged_into is None  # the first merge of the batch was rolled back
    assert any("Nothing was merged" in text for text in message_texts(response))


def test_merge_duplicate_claims_keeps_the_chosen_survivor(run_action, claim_factory, appearance_factory):
    survivor, duplicate = claim_factory.create_batch(2)
    appearance = appearance_factory(claim=duplicate)
    run_action("claim", "merge_claims", [survivor, duplicate], survivor=str(survivor.pk),
               **{f"version-{claim.pk}": str(claim.version) for claim in (survivor, duplicate)})
    duplicate.refresh_from_db()
    appearance.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.status == Claim.Status.ARCHIVED
    assert appearance.claim == survivor
    assert audit_verbs(survivor) == ["claim-merged"]


def test_merge_needs_two_objects(run_action, claim_factory):
    response = run_action("claim", "merge_claims", [claim_factory()], confirm=False)
    assert response.status_code == 302
    assert any("at least two" in text for text in message_texts(response))


def test_export_csv_is_what_export_claims_writes_for_the_selection(run_action, claim_factory, appearance_factory, link_factory):
    claim = claim_factory(text='He said, "the bridge, it opens in May"')
    appearance = appearance_factory(claim=claim)
    link = link_factory(from_claim=claim)
    left_out = claim_factory()
    confirmation = run_action("claim", "export_claims_csv", [claim, link.to_claim], confirm=False)
    assert "Download CSV" in confirmation.content.decode()
    response = run_action("claim", "export_claims_csv", [claim, link.to_claim])
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    exported = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0]) == ["id", "slug", "speaker", "text", "status", "appearances", "links"]
    assert (rows[0]["id"], rows[0]["text"]) == (str(claim.pk), claim.text)
    assert rows[0]["appearances"] == f"{appearance.article.url} ({appearance.article.outlet.name}) {appearance.article.published.isoformat()}"
    assert rows[0]["links"] == f"denies {link.to_claim_id} (suggested)"
    assert rows[1]["links"] == f"denies {claim.pk} (suggested)"
    command_output = io.StringIO()
    call_command("export_claims", "--format", "csv", stdout=command_output)
    command_lines = command_output.getvalue().splitlines()
    assert exported.splitlines() == [line for line in command_lines if not line.startswith(f"{left_out.pk},")]
    assert audit_verbs(claim) == ["claim-exported"]
    assert audit_verbs(left_out) == []


def test_article_archive_and_restore_actions(run_action, article_factory):
    article = article_factory()
    run_action("article", "archive_articles", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED
    run_action("article", "restore_articles", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.ACTIVE
    assert audit_verbs(article) == ["article-restored", "article-archived"]


def test_verdict_publish_replaces_the_published_one_and_archive_withdraws(run_action, claim_factory, verdict_factory):
    claim = claim_factory()
    old = verdict_factory(claim=claim, status=Verdict.Status.PUBLISHED)
    new = verdict_factory(claim=claim)
    run_action("verdict", "publish_verdicts", [new])
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (Verdict.Status.ARCHIVED, Verdict.Status.PUBLISHED)
    run_action("verdict", "archive_verdicts", [new])
    new.refresh_from_db()
    assert new.status == Verdict.Status.ARCHIVED
    assert audit_verbs(new) == ["verdict-archived", "verdict-published"]


def test_status_actions_are_listed_on_the_changelist(client, claim_factory):
    claim_factory()
    html = client.get(changelist_url("claim")).content.decode()
    for action in ["publish_claims", "unpublish_claims", "archive_claims", "restore_claims", "merge_claims", "export_claims_csv"]:
        assert f'value="{action}"' in html
