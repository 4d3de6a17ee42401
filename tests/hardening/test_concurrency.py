"""Twenty reviewers decide on the same links at the same moment, on real PostgreSQL."""

import threading
from collections import Counter

import pytest
from django.db import connection

from claims import services
from claims.models import AuditEvent, Claim, ClaimLink
from claims.services import StaleEdit
from tests import factories

THREADS = 20

pytestmark = pytest.mark.django_db(transaction=True)


def _race(link_ids, expected_version, reviewers):
    """Each thread (its own database connection) confirms or rejects every link once."""
    barrier = threading.Barrier(THREADS)
    outcomes = []
    lock = threading.Lock()

    def reviewer_thread(index):
        try:
            barrier.wait(timeout=30)
            for link_id in link_ids:
                link = ClaimLink.objects.get(pk=link_id)
                decide = services.link_confirm if index % 2 == 0 else services.link_reject
                try:
                    decide(link=link, reviewer=reviewers[index], expected_version=expected_version)
                    result = ("won", decide.__name__)
                except StaleEdit:
                    result = ("stale", None)
                except Exception as error:  # anything else is a bug the assertions will show
                    result = ("error", repr(error))
                with lock:
                    outcomes.append((link_id, *result))
        finally:
            connection.close()

    threads = [threading.Thread(target=reviewer_thread, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a reviewer thread hung (deadlock?)"
    return outcomes


def test_twenty_threads_deciding_the_same_links_one_decision_per_version_wins():
    reviewers = [factories.UserFactory(username=f"racer-{index}", role="reviewer") for index in range(THREADS)]
    links = [
        factories.ClaimLinkFactory(
            from_claim=factories.ClaimFactory(status=Claim.Status.PUBLISHED),
            to_claim=factories.ClaimFactory(status=Claim.Status.PUBLISHED),
        )
        for _ in range(3)
    ]
    link_ids = [link.pk for link in links]
    assert all(link.version == 1 for link in links)

    for round_number, version in enumerate((1, 2), start=1):
        outcomes = _race(link_ids, version, reviewers)
        assert [outcome for outcome in outcomes if outcome[1] == "error"] == []
        assert len(outcomes) == THREADS * len(link_ids), "every attempt got an answer"
        per_link = Counter((link_id, kind) for link_id, kind, _ in outcomes)
        for link_id in link_ids:
            assert per_link[(link_id, "won")] == 1, f"round {round_number}: exactly one decision wins"
            assert per_link[(link_id, "stale")] == THREADS - 1
            link = ClaimLink.objects.get(pk=link_id)
            assert link.version == version + 1
            winner = next(decision for decided, kind, decision in outcomes if decided == link_id and kind == "won")
            expected_status = ClaimLink.Status.CONFIRMED if winner == "link_confirm" else ClaimLink.Status.REJECTED
            assert link.status == expected_status
            audit = AuditEvent.objects.filter(target_id=str(link_id), verb__in=["link-confirmed", "link-rejected"])
            assert audit.count() == round_number, "one audit row per winning decision, none for the losers"
            assert audit.order_by("-id").first().actor.groups.filter(name="reviewer").exists()
