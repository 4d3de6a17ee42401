"""claim_suggestions_recompute, the retrying task and suggest_links, on the database."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import services, tasks
from claims.models import Article, AuditEvent, ClaimLink
from claims.services import appearance_create, claim_create, claim_merge, claim_suggestions_recompute, link_confirm, link_reject, source_create


@pytest.fixture
def kursk(db):
    trump = source_create(name="Donald Trump")
    staff = source_create(name="General Staff of the Armed Forces of Ukraine", kind="military", country="Ukraine")
    claim = claim_create(speaker=trump, text="Ukrainian troops are completely surrounded by the Russian military", stated_on=date(2025, 3, 14))
    denial = claim_create(speaker=staff, text="There is no threat of our units being encircled", polarity="denies", stated_on=date(2025, 3, 14))
    return claim, denial


def test_recompute_stores_a_suggested_denial_once(kursk):
    claim, denial = kursk
    pairs = claim_suggestions_recompute(claim=claim)
    assert [(link.from_claim_id, link.to_claim_id, link.relation, link.status) for _, link in pairs] == [(denial.pk, claim.pk, "denies", "suggested")]
    audit_rows = AuditEvent.objects.count()
    claim_suggestions_recompute(claim=claim)
    claim_suggestions_recompute(claim=denial)
    assert ClaimLink.objects.count() == 1
    assert AuditEvent.objects.count() == audit_rows


def test_recompute_never_overrides_a_rejection_or_a_confirmation(kursk, reviewer):
    claim, denial = kursk
    link = claim_suggestions_recompute(claim=claim)[0][1]
    link_reject(link=link, reviewer=reviewer, expected_version=link.version)
    assert claim_suggestions_recompute(claim=claim) == []
    link.refresh_from_db()
    assert link.status == "rejected" and ClaimLink.objects.count() == 1
    services.link_reopen(link=link, reviewer=reviewer, expected_version=link.version)
    link.refresh_from_db()
    link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    claim_suggestions_recompute(claim=claim)
    link.refresh_from_db()
    assert link.status == "confirmed" and ClaimLink.objects.count() == 1


def test_a_failure_midway_leaves_no_links(kursk, monkeypatch):
    claim, _ = kursk
    calls = []

    def failing_suggest(**kwargs):
        calls.append(kwargs)
        ClaimLink.objects.create(from_claim=kwargs["from_claim"], to_claim=kwargs["to_claim"], relation=kwargs["relation"])
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "link_suggest", failing_suggest)
    with pytest.raises(RuntimeError):
        claim_suggestions_recompute(claim=claim)
    assert calls and ClaimLink.objects.count() == 0


def test_task_retries_then_succeeds(kursk, monkeypatch, article_factory):
    claim, denial = kursk
    article = article_factory(text="x" * 200)
    for offset, item in enumerate(kursk):
        appearance_create(claim=item, article=article, start=offset * 10, end=offset * 10 + 5)
    real = services.claim_suggestions_recompute
    failures = []

    def flaky(**kwargs):
        if len(failures) < 2:
            failures.append(1)
            raise RuntimeError("temporary")
        return real(**kwargs)

    monkeypatch.setattr(services, "claim_suggestions_recompute", flaky)
    result = tasks.suggestions_recompute_enqueue(article_id=article.pk)
    assert result.status == "SUCCESSFUL" and result.return_value["status"] == "retried"
    assert len(failures) == 2 and ClaimLink.objects.filter(relation="denies").count() == 1


def test_task_gives_up_after_max_attempts(kursk, monkeypatch, article_factory):
    article = article_factory(text="x" * 200)
    appearance_create(claim=kursk[0], article=article, start=0, end=5)
    attempts = []

    def broken(**kwargs):
        attempts.append(1)
        raise RuntimeError("permanent")

    monkeypatch.setattr(services, "claim_suggestions_recompute", broken)
    tasks.suggestions_recompute_enqueue(article_id=article.pk)
    assert len(attempts) == tasks.MAX_ATTEMPTS
    assert ClaimLink.objects.count() == 0


def test_suggest_links_prints_json_best_first(kursk):
    claim, denial = kursk
    out = StringIO()
    call_command("suggest_links", str(claim.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["claim"]["id"] == claim.pk
    first = data["suggestions"][0]
    assert first["claim"] == {"id": denial.pk, "speaker": denial.speaker.name, "text": denial.text}
    assert first["relation"] == "denies" and 0 < first["score"] <= 1 and first["reasons"]


@pytest.mark.parametrize("argument", ["999999", "abc"])
def test_suggest_links_refuses_a_bad_id(db, argument):
    with pytest.raises(CommandError):
        call_command("suggest_links", argument, "--format", "json", stdout=StringIO())


def test_merge_moves_appearances_and_suggestions(kursk, editor, article_factory):
    claim, denial = kursk
    copy = claim_create(speaker=claim.speaker, text="Ukrainian troops are completely surrounded by the Russian army")
    article = article_factory(text="y" * 100)
    appearance_create(claim=copy, article=article, start=0, end=10)
    claim_suggestions_recompute(claim=claim)
    claim_merge(survivor=claim, duplicate=copy, actor=editor)
    assert claim.appearances.count() == 1
    copy.refresh_from_db()
    assert copy.merged_into_id == claim.pk
    assert not ClaimLink.objects.suggested().filter(from_claim=copy).exists()


def test_merge_carries_a_decision_over_to_the_survivors_open_link(kursk, reviewer, editor):
    claim, denial = kursk
    copy = claim_create(speaker=claim.speaker, text="Ukrainian troops are completely surrounded by the Russian army")
    survivor_link = next(link for _, link in claim_suggestions_recompute(claim=claim) if link.relation == "denies")
    copy_link = ClaimLink.objects.create(from_claim=denial, to_claim=copy, relation="denies")
    link_confirm(link=copy_link, reviewer=reviewer, expected_version=copy_link.version)
    claim_merge(survivor=claim, duplicate=copy, actor=editor)
    survivor_link.refresh_from_db()
    assert survivor_link.status == "confirmed" and survivor_link.reviewed_by == reviewer
    claim_suggestions_recompute(claim=claim)
    survivor_link.refresh_from_db()
    assert survivor_link.status == "confirmed"


def test_merge_keeps_a_rejected_pair_rejected_for_the_survivor(kursk, reviewer, editor):
    claim, denial = kursk
    copy = claim_create(speaker=claim.speaker, text="Ukrainian troops are completely surrounded by the Russian army")
    survivor_link = next(link for _, link in claim_suggestions_recompute(claim=claim) if link.relation == "denies")
    copy_link = ClaimLink.objects.create(from_claim=denial, to_claim=copy, relation="denies")
    link_reject(link=copy_link, reviewer=reviewer, expected_version=copy_link.version)
    claim_merge(survivor=claim, duplicate=copy, actor=editor)
    assert claim_suggestions_recompute(claim=claim) == []
    survivor_link.refresh_from_db()
    assert survivor_link.status == "rejected"
