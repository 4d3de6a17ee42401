"""The suggestion recompute task on the real database queue: a failure midway through an
article leaves no half-written links, and the worker retries it until it succeeds."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings

from claims import services, tasks
from claims.models import ClaimLink
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _article_with_a_dispute_and_a_third_claim():
    trump = services.source_create(name="Donald Trump")
    staff = services.source_create(name="General Staff of the Armed Forces of Ukraine", kind="military", country="Ukraine")
    other = services.source_create(name="Ministry of Examples")
    claims = [
        services.claim_create(speaker=trump, text="Ukrainian troops are completely surrounded by the Russian military", stated_on=date(2025, 3, 14)),
        services.claim_create(speaker=staff, text="There is no threat of our units being encircled", polarity="denies", stated_on=date(2025, 3, 14)),
        services.claim_create(speaker=other, text="Ukrainian units are not encircled, the ministry said", stated_on=date(2025, 3, 14)),
    ]
    article = factories.ArticleFactory(text="x" * 300)
    for offset, claim in enumerate(claims):
        services.appearance_create(claim=claim, article=article, start=offset * 10, end=offset * 10 + 5)
    return article, claims


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)


@override_settings(TASKS=DATABASE_TASKS)
def test_recompute_failing_after_the_first_claim_keeps_nothing_and_is_retried(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    article, claims = _article_with_a_dispute_and_a_third_claim()
    monkeypatch.setattr(tasks, "RETRY_DELAY", timedelta(0))
    real = services.claim_suggestions_recompute
    calls = {"count": 0, "links_seen_before_failure": 0}

    def fails_on_the_second_claim_of_the_first_run(**kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            # The first claim's links are written inside the task's transaction by now.
            calls["links_seen_before_failure"] = ClaimLink.objects.count()
            raise RuntimeError("the database connection dropped")
        return real(**kwargs)

    monkeypatch.setattr(services, "claim_suggestions_recompute", fails_on_the_second_claim_of_the_first_run)
    tasks.suggestions_recompute_enqueue(article_id=article.pk)
    assert DBTaskResult.objects.count() == 1 and ClaimLink.objects.count() == 0, "queued, not run inline"

    _run_worker()

    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert calls["links_seen_before_failure"] > 0, "the failure really came midway, after links were written"
    first, retry = results[0], results[1]
    assert first.return_value["status"] == "retried" and first.return_value["attempt"] == 1
    assert retry.return_value["status"] == "done" and retry.return_value["attempt"] == 2
    links = list(ClaimLink.objects.all())
    assert links, "the retry stored the suggestions"
    # Nothing half-written survived: each pair is stored once, by the successful attempt.
    pairs = [(link.from_claim_id, link.to_claim_id, link.relation) for link in links]
    assert len(pairs) == len(set(pairs))
    assert all(link.status == ClaimLink.Status.SUGGESTED for link in links)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_recompute_that_always_fails_gives_up_with_no_links(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    article, _claims = _article_with_a_dispute_and_a_third_claim()
    monkeypatch.setattr(tasks, "RETRY_DELAY", timedelta(0))
    real = services.claim_suggestions_recompute

    def writes_then_fails(**kwargs):
        real(**kwargs)
        raise RuntimeError("permanent failure")

    monkeypatch.setattr(services, "claim_suggestions_recompute", writes_then_fails)
    tasks.suggestions_recompute_enqueue(article_id=article.pk)
    _run_worker()
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert len(statuses) == tasks.MAX_ATTEMPTS
    assert statuses.count("FAILED") == 1
    assert ClaimLink.objects.count() == 0
