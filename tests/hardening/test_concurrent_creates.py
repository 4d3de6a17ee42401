"""Finding 12: creates racing each other on real PostgreSQL give one row and no 500.

Each race is made certain, not left to timing: the first writer's transaction stays open
until the second writer is seen waiting on its lock (pg_stat_activity), then commits.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from claims import services
from claims.extraction.types import Quote
from claims.importing.pipeline import prepare_text
from claims.models import Claim, ClaimLink, Outlet, Source
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _someone_waits_on_a_lock(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second writer never waited on the first one's lock")


def race(first, second):
    """Run `first` in a transaction held open until `second` (another connection) waits on it."""
    results, release = {}, threading.Event()

    def run(name, function, hold):
        try:
            with transaction.atomic():
                results[name] = ("ok", function())
                if hold:
                    release.wait(30)
        except Exception as error:  # the assertions show what went wrong
            results[name] = ("error", error)
        finally:
            connection.close()

    one = threading.Thread(target=run, args=("first", first, True))
    one.start()
    while "first" not in results and one.is_alive():
        time.sleep(0.02)
    two = threading.Thread(target=run, args=("second", second, False))
    two.start()
    try:
        _someone_waits_on_a_lock()
    finally:
        release.set()
        one.join(30)
        two.join(30)
    return results


def _quote(text: str, speaker: str, article_text: str) -> Quote:
    start = article_text.index(text)
    return Quote(speaker=speaker, speaker_as_written=speaker, speaker_kind="person", text=text, start=start, end=start + len(text),
                 kind="direct", polarity="asserts", polarity_cue="", context="", attribution="", reporting_verb="said")


def _import(number: int, editor):
    quote = "The new quay will open in spring"
    text = f"Story {number}. \"{quote}\", said Mira Okonkwo, the harbour master, on day {number}. More words follow here."
    prepared = prepare_text(text, input_kind="paste")
    return services.article_import(prepared=prepared, quotes=[_quote(quote, "Mira Okonkwo", prepared.text)], actor=editor,
                                   outlet_name="Harbour Gazette", published=date(2026, 3, number))


def test_two_imports_creating_the_same_new_outlet_and_speaker_both_succeed():
    editor = factories.UserFactory(username="importer", role="editor")
    results = race(lambda: _import(1, editor), lambda: _import(2, editor))
    assert [results[name][0] for name in ("first", "second")] == ["ok", "ok"], results
    assert Outlet.objects.filter(name="Harbour Gazette").count() == 1
    assert Source.objects.filter(name="Mira Okonkwo").count() == 1
    first, second = results["first"][1], results["second"][1]
    assert first.article.outlet_id == second.article.outlet_id
    assert first.quotes[0].claim.speaker_id == second.quotes[0].claim.speaker_id


def test_creating_the_same_source_twice_at_once_gives_a_message_not_an_error():
    results = race(lambda: services.source_create(name="Tomas Berg"), lambda: services.source_create(name="Tomas Berg"))
    assert results["first"][0] == "ok"
    status, error = results["second"]
    assert status == "error" and isinstance(error, services.ServiceError) and "already exists" in str(error)
    assert Source.objects.filter(name="Tomas Berg").count() == 1


def test_the_same_link_proposed_twice_at_once_is_one_link():
    one, two = factories.ClaimFactory(), factories.ClaimFactory()

    def propose():
        return services.link_suggest(from_claim=one, to_claim=two, relation=ClaimLink.Relation.DENIES, score=0.5)

    results = race(propose, propose)
    assert [results[name][0] for name in ("first", "second")] == ["ok", "ok"], results
    assert results["first"][1].pk == results["second"][1].pk
    assert ClaimLink.objects.count() == 1


def test_opposite_merges_at_once_never_deadlock():
    """A into B while B into A, started together: one merge, one message, never a deadlock
    (each merge locks both claims in id order, so the second waits for the first)."""
    reviewer = factories.UserFactory(username="merger", role="reviewer")
    for _ in range(20):
        a, b = factories.ClaimFactory(), factories.ClaimFactory()
        barrier, outcomes = threading.Barrier(2), []

        def merge(survivor, duplicate):
            try:
                Claim.objects.filter(pk=survivor.pk).exists()  # connected before the start
                barrier.wait(10)
                services.claim_merge(survivor=survivor, duplicate=duplicate, actor=reviewer)
                outcomes.append("merged")
            except services.ServiceError:
                outcomes.append("refused")
            except Exception as error:  # a deadlock would land here
                outcomes.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=merge, args=pair) for pair in ((a, b), (b, a))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(outcomes) == ["merged", "refused"], outcomes
        assert Claim.objects.filter(pk__in=[a.pk, b.pk], merged_into__isnull=False).count() == 1


def test_a_race_no_service_foresaw_is_a_conflict_message(client, monkeypatch):
    """What is left over (here a duplicate key raised by a view) answers 409, not 500."""
    from django.db import IntegrityError

    import psycopg

    editor = factories.UserFactory(username="clicker", role="editor")
    client.force_login(editor)

    def collide(*args, **kwargs):
        try:
            raise psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")
        except psycopg.errors.UniqueViolation as cause:
            raise IntegrityError("duplicate key") from cause

    monkeypatch.setattr("claims.views.importing.prepare_text", collide)
    response = client.post(reverse("claims:import"), {"text": "The mayor said the ferry runs hourly."})
    assert response.status_code == 409
    assert "at the same moment" in response.content.decode()
