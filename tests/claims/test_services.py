"""Every service: what it writes, the audit row it leaves, and what it refuses."""

import pytest

from claims import services
from claims.models import Appearance, AuditEvent, Claim, ClaimLink, Source
from claims.services import ServiceError, StaleEdit

pytestmark = pytest.mark.django_db


def audit_verbs(target) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(target.pk), target_type__model=target._meta.model_name).values_list("verb", flat=True))


def test_source_create_stores_aliases_and_audits(editor):
    source = services.source_create(name="General Staff of the Armed Forces of Ukraine", kind="military", aliases=["Ukraine's General Staff", "the General Staff"], actor=editor)
    assert sorted(source.aliases.values_list("name", flat=True)) == ["Ukraine's General Staff", "the General Staff"]
    assert audit_verbs(source) == ["source-created"]


def test_source_create_refuses_a_duplicate_name(editor, source_factory):
    source_factory(name="Kremlin")
    with pytest.raises(ServiceError):
        services.source_create(name="kremlin", actor=editor)
    assert Source.objects.count() == 1


def test_source_merge_moves_claims_and_keeps_names_as_aliases(moderator, source_factory, claim_factory):
    survivor, merged = source_factory(name="Volodymyr Zelensky"), source_factory(name="Volodymyr Zelenskyy")
    claim = claim_factory(speaker=merged)
    services.source_merge(survivor=survivor, merged=merged, actor=moderator)
    claim.refresh_from_db()
    merged.refresh_from_db()
    assert claim.speaker == survivor
    assert merged.merged_into == survivor
    assert "Volodymyr Zelenskyy" in survivor.aliases.values_list("name", flat=True)
    assert audit_verbs(survivor) == ["source-merged"]


def test_source_cannot_merge_into_itself(moderator, source_factory):
    source = source_factory()
    with pytest.raises(ServiceError):
        services.source_merge(survivor=source, merged=source, actor=moderator)


def test_claim_create_makes_a_draft_with_slug_and_normalised_text(editor, source_factory):
    claim = services.claim_create(speaker=source_factory(name="Donald Trump"), text="Completely  surrounded by the \u201cRussian\u201d military", actor=editor)
    assert claim.status == Claim.Status.DRAFT
    assert claim.slug.startswith("donald-trump-completely-surrounded")
    assert claim.normalised_text == 'completely surrounded by the "russian" military'
    assert audit_verbs(claim) == ["claim-created"]


def test_claim_create_refuses_empty_text(editor, source_factory):
    with pytest.raises(ServiceError):
        services.claim_create(speaker=source_factory(), text="   ", actor=editor)
    assert not Claim.objects.exists()


def test_claim_update_with_current_version_changes_text_and_bumps_version(editor, claim_factory):
    claim = claim_factory()
    updated = services.claim_update(claim=claim, actor=editor, expected_version=1, text="A corrected quote")
    assert (updated.text, updated.version) == ("A corrected quote", 2)
    event = AuditEvent.objects.get(verb="claim-updated")
    assert event.data["before"]["text"] == claim.text and event.data["after"]["text"] == "A corrected quote"


def test_claim_update_with_stale_version_is_refused_and_changes_nothing(editor, claim_factory):
    claim = claim_factory(version=3)
    with pytest.raises(StaleEdit) as raised:
        services.claim_update(claim=claim, actor=editor, expected_version=2, text="Overwrite")
    claim.refresh_from_db()
    assert claim.text != "Overwrite"
    assert raised.value.current.version == 3
    assert not AuditEvent.objects.filter(verb="claim-updated").exists()


def test_claim_moves_from_draft_through_review_to_published_and_archived(reviewer, claim_factory):
    claim = claim_factory()
    claim = services.claim_submit(claim=claim, actor=reviewer)
    claim = services.claim_publish(claim=claim, actor=reviewer)
    assert claim.status == Claim.Status.PUBLISHED and claim.published_at
    claim = services.claim_archive(claim=claim, actor=reviewer)
    assert claim.status == Claim.Status.ARCHIVED
    claim = services.claim_restore(claim=claim, actor=reviewer)
    assert claim.status == Claim.Status.DRAFT
    assert audit_verbs(claim) == ["claim-restored", "claim-archived", "claim-published", "claim-submitted"]


def test_archived_claim_cannot_be_published_directly(reviewer, claim_factory):
    claim = claim_factory(status=Claim.Status.ARCHIVED)
    with pytest.raises(ServiceError):
        services.claim_publish(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ARCHIVED


def test_publishing_with_a_stale_version_is_refused(reviewer, claim_factory):
    claim = claim_factory(version=2)
    with pytest.raises(StaleEdit):
        services.claim_publish(claim=claim, actor=reviewer, expected_version=1)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_claim_assign_records_the_assignee(editor, reviewer, claim_factory):
    claim = services.claim_assign(claim=claim_factory(), assignee=reviewer, actor=editor)
    assert claim.assigned_to == reviewer
    assert audit_verbs(claim) == ["claim-assigned"]


def test_claim_merge_moves_appearances_and_links_and_archives_the_duplicate(moderator, claim_factory, appearance_factory, link_factory):
    survivor, duplicate, other = claim_factory(), claim_factory(), claim_factory()
    appearance = appearance_factory(claim=duplicate)
    link = link_factory(from_claim=other, to_claim=duplicate)
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=moderator)
    appearance.refresh_from_db()
    link.refresh_from_db()
    duplicate.refresh_from_db()
    assert appearance.claim == survivor
    assert link.to_claim == survivor
    assert duplicate.merged_into == survivor and duplicate.status == Claim.Status.ARCHIVED
    assert audit_verbs(survivor) == ["claim-merged"]


def test_claim_merge_closes_a_link_between_the_two_merged_claims(moderator, claim_factory, link_factory):
    survivor, duplicate = claim_factory(), claim_factory()
    link = link_factory(from_claim=duplicate, to_claim=survivor, relation=ClaimLink.Relation.DUPLICATE)
    services.claim_merge(survivor=survivor, duplicate=duplicate, actor=moderator)
    link.refresh_from_db()
    assert link.status == ClaimLink.Status.REJECTED


def test_appearance_create_refuses_offsets_outside_the_text(editor, claim_factory, article_factory):
    article = article_factory(text="Short text.")
    with pytest.raises(ServiceError):
        services.appearance_create(claim=claim_factory(), article=article, start=5, end=500, actor=editor)
    assert not Appearance.objects.exists()


def test_appearance_create_takes_the_quote_from_the_text(editor, claim_factory, article_factory):
    article = article_factory(text='He said "no threat" today.')
    appearance = services.appearance_create(claim=claim_factory(), article=article, start=9, end=18, actor=editor)
    assert appearance.quote == "no threat"


def test_link_suggest_creates_a_suggestion_by_the_system(claim_factory):
    link = services.link_suggest(from_claim=claim_factory(), to_claim=claim_factory(), relation="denies", score=0.9, reasons=["denial cue: 'no threat of'"])
    assert link.status == ClaimLink.Status.SUGGESTED and link.suggested_by_system
    assert audit_verbs(link) == ["link-suggested"]


def test_link_suggest_never_overrides_a_rejection(reviewer, link_factory):
    link = link_factory()
    services.link_reject(link=link, reviewer=reviewer, expected_version=1)
    again = services.link_suggest(from_claim=link.from_claim, to_claim=link.to_claim, relation=link.relation, score=0.99)
    assert again.pk == link.pk and again.status == ClaimLink.Status.REJECTED


def test_link_suggest_refuses_a_self_link(claim_factory):
    claim = claim_factory()
    with pytest.raises(ServiceError):
        services.link_suggest(from_claim=claim, to_claim=claim, relation="denies")


def test_link_confirm_records_reviewer_and_bumps_version(reviewer, link_factory):
    link = services.link_confirm(link=link_factory(), reviewer=reviewer, expected_version=1, note="Same day, same units")
    assert (link.status, link.reviewed_by, link.version, link.note) == (ClaimLink.Status.CONFIRMED, reviewer, 2, "Same day, same units")
    assert link.reviewed_at is not None
    assert audit_verbs(link) == ["link-confirmed"]


def test_confirming_a_stale_link_is_refused(reviewer, link_factory):
    link = link_factory(version=3)
    with pytest.raises(StaleEdit):
        services.link_confirm(link=link, reviewer=reviewer, expected_version=2)
    link.refresh_from_db()
    assert link.status == ClaimLink.Status.SUGGESTED
    assert not AuditEvent.objects.filter(verb="link-confirmed").exists()


def test_link_confirm_can_relabel_the_relation(reviewer, link_factory):
    link = services.link_confirm(link=link_factory(relation="denies"), reviewer=reviewer, expected_version=1, relation="qualifies")
    assert link.relation == "qualifies"


def test_link_reject_then_reopen_returns_it_to_the_queue(reviewer, link_factory):
    link = services.link_reject(link=link_factory(), reviewer=reviewer, expected_version=1)
    link = services.link_reopen(link=link, reviewer=reviewer, expected_version=link.version)
    assert link.status == ClaimLink.Status.SUGGESTED and link.reviewed_by is None
    assert audit_verbs(link) == ["link-reopened", "link-rejected"]


def test_dispute_publish_needs_a_confirmed_link(reviewer, link_factory):
    link = link_factory()
    dispute = services.dispute_create(title="Encircled or not?", claim=link.to_claim, links=[link], actor=reviewer)
    with pytest.raises(ServiceError):
        services.dispute_publish(dispute=dispute, actor=reviewer)


def test_dispute_publish_publishes_its_claims(reviewer, link_factory):
    link = link_factory()
    services.link_confirm(link=link, reviewer=reviewer, expected_version=1)
    dispute = services.dispute_create(title="Encircled or not?", claim=link.to_claim, links=[link], actor=reviewer)
    dispute = services.dispute_publish(dispute=dispute, actor=reviewer)
    link.from_claim.refresh_from_db()
    link.to_claim.refresh_from_db()
    assert dispute.status == "published"
    assert link.from_claim.is_published and link.to_claim.is_published


def test_dispute_refuses_a_link_that_does_not_involve_its_claim(reviewer, link_factory, claim_factory):
    with pytest.raises(ServiceError):
        services.dispute_create(title="Unrelated", claim=claim_factory(), links=[link_factory()], actor=reviewer)


def test_publishing_a_verdict_archives_the_previous_one(reviewer, claim_factory):
    claim = claim_factory()
    first = services.verdict_create(claim=claim, rating_value=2, rating_text="Mostly false", reviewer=reviewer, publish=True)
    second = services.verdict_create(claim=claim, rating_value=1, rating_text="False", reviewer=reviewer, publish=True)
    first.refresh_from_db()
    assert (first.status, second.status) == ("archived", "published")


def test_verdict_outside_one_to_five_is_refused(reviewer, claim_factory):
    with pytest.raises(ServiceError):
        services.verdict_create(claim=claim_factory(), rating_value=0, rating_text="Nonsense", reviewer=reviewer)


def test_outlet_get_or_create_finds_by_name_or_domain():
    first = services.outlet_get_or_create(name="Daily Example", domain="www.daily.example")
    assert services.outlet_get_or_create(name="daily example").pk == first.pk
    assert services.outlet_get_or_create(name="The Daily Example", domain="daily.example").pk == first.pk


def test_archiving_an_article_keeps_it(moderator, article_factory):
    article = services.article_archive(article=article_factory(), actor=moderator)
    assert article.status == "archived"
    assert audit_verbs(article) == ["article-archived"]
