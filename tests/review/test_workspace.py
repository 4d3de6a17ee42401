"""The claim workspace: edit with version checks, search and link, merge, assign, statuses, history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import AuditEvent, Claim, ClaimLink
from tests import factories
from tests.review.builders import ARTICLE_TEXT, CLAIM_QUOTE, appearance_for, suggested_link
from tests.review.conftest import hx

pytestmark = pytest.mark.django_db


def workspace(claim):
    return reverse("claims:claim-workspace", args=[claim.pk])


def edit(client, claim, *, version=None, headers=None, **fields):
    data = {"version": version or claim.version, "text": claim.text, "speaker": claim.speaker.name, "stated_on": "", **fields}
    return client.post(reverse("claims:claim-edit", args=[claim.pk]), data, headers=headers or {})


def test_workspace_shows_appearances_in_context_links_and_history(client, reviewer, suggestion):
    claim = suggestion.to_claim
    services.claim_update(claim=claim, actor=reviewer, expected_version=claim.version, text="Ten thousand passengers a day")
    services.link_confirm(link=suggestion, reviewer=reviewer, expected_version=suggestion.version)
    client.force_login(reviewer)
    content = client.get(workspace(claim)).content.decode()
    assert f"<mark>{CLAIM_QUOTE}</mark>" in content and "Mayor Alda Ferreira said" in content
    assert suggestion.from_claim.speaker.name in content and "this claim" in content
    assert "claim-updated" in content and "link-confirmed" in content
    assert "<del>The new ferry line will carry ten thousand passengers a day</del> → <ins>Ten thousand passengers a day</ins>" in content


def test_editing_saves_text_speaker_and_date_with_one_audit_row(client, editor, claim_factory, source_factory):
    claim, speaker = claim_factory(), source_factory(name="Harbour Authority")
    client.force_login(editor)
    response = edit(client, claim, text="  A new text  ", speaker="harbour authority", stated_on="2026-03-02")
    assert response.status_code == 302 and response.url == workspace(claim)
    claim.refresh_from_db()
    assert (claim.text, claim.speaker, str(claim.stated_on), claim.version) == ("A new text", speaker, "2026-03-02", 2)
    assert AuditEvent.objects.filter(verb="claim-updated", target_id=str(claim.pk)).count() == 1


def test_editing_with_htmx_returns_the_form_and_claim_updated(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    response = edit(client, claim, text="Changed", headers=hx("claim-edit"))
    assert response.status_code == 200 and "claim-updated" in response["HX-Trigger"]
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="claim-edit"')
    assert 'name="version" id="claim-edit-version" value="2"' in content
    assert "HX-Request" in response["Vary"]


def test_speaker_can_be_given_by_an_alias(client, editor, claim_factory):
    claim = claim_factory()
    alias = factories.SourceAliasFactory(name="the dockers")
    client.force_login(editor)
    edit(client, claim, speaker="The Dockers")
    claim.refresh_from_db()
    assert claim.speaker == alias.source


def test_unknown_speaker_is_explained_and_nothing_changes(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    response = edit(client, claim, text="Changed", speaker="Nobody We Know", headers=hx("claim-edit"))
    assert response.status_code == 422
    assert "No known source is called “Nobody We Know”" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text != "Changed" and claim.version == 1


def test_empty_text_is_refused(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    assert edit(client, claim, text="   ").status_code == 422
    claim.refresh_from_db()
    assert claim.text.startswith("The bridge")


@pytest.mark.parametrize("headers", [None, hx("claim-edit")])
def test_stale_edit_is_a_409_with_current_and_your_values(client, editor, reviewer, claim_factory, headers):
    claim = claim_factory(text="Original")
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, text="Reviewer's wording")
    client.force_login(editor)
    response = edit(client, claim, version=1, text="Editor's wording", headers=headers)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this claim" in content
    assert ">Reviewer&#x27;s wording</textarea>" in content
    assert "<dd>Editor&#x27;s wording</dd>" in content
    assert 'id="claim-edit-version" value="2"' in content
    claim.refresh_from_db()
    assert claim.text == "Reviewer's wording"


def test_search_as_you_type_returns_other_claims_only(client, editor, claim_factory):
    claim = claim_factory(text="Ferry tickets will cost nothing")
    match = claim_factory(text="Ferry tickets will cost five euros")
    claim_factory(text="The bridge stays closed")
    client.force_login(editor)
    response = client.get(workspace(claim), {"q": "ferry tickets"}, headers=hx("claim-search-results"))
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="claim-search-results"')
    assert "five euros" in content and "cost nothing" not in content and "stays closed" not in content
    assert f'name="other" value="{match.pk}"' in content


def test_search_works_without_javascript(client, editor, claim_factory):
    claim = claim_factory(text="Ferry tickets will cost nothing")
    claim_factory(text="Ferry tickets will cost five euros")
    client.force_login(editor)
    content = client.get(workspace(claim), {"q": "ferry"}).content.decode()
    assert "<html" in content and "five euros" in content


def test_search_with_no_match_says_so(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    content = client.get(workspace(claim), {"q": "zeppelin"}, headers=hx("claim-search-results")).content.decode()
    assert "No other claim matches “zeppelin”" in content


@pytest.mark.parametrize("direction,expected_from", [("from", "claim"), ("to", "other")])
def test_linking_follows_the_chosen_direction(client, editor, claim_factory, direction, expected_from):
    claim, other = claim_factory(), claim_factory()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-link", args=[claim.pk]), {"other": other.pk, "relation": "qualifies", "direction": direction, "note": "same press conference"}, headers=hx("claim-links"))
    assert response.status_code == 200 and "link-suggested" in response["HX-Trigger"]
    link = ClaimLink.objects.get()
    assert link.from_claim == (claim if expected_from == "claim" else other)
    assert (link.relation, link.status, link.suggested_by, link.note) == ("qualifies", "suggested", editor, "same press conference")
    assert "waits in the review queue" in response.content.decode()


def test_reviewer_can_confirm_a_link_at_once(client, reviewer, claim_factory):
    claim, other = claim_factory(), claim_factory()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-link", args=[claim.pk]), {"other": other.pk, "relation": "denies", "direction": "from", "confirm": "on"}, headers=hx("claim-links"))
    assert "link-confirmed" in response["HX-Trigger"]
    assert ClaimLink.objects.get().reviewed_by == reviewer


def test_linking_a_claim_to_itself_is_explained(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-link", args=[claim.pk]), {"other": claim.pk, "relation": "denies", "direction": "from"}, headers=hx("claim-links"))
    assert response.status_code == 422
    assert "cannot be linked to itself" in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_merge_asks_for_confirmation_first(client, reviewer, claim_factory):
    claim, other = claim_factory(), claim_factory()
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk}).content.decode()
    assert claim.text in page and other.text in page and "Merge claims" in page
    response = client.post(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk, "keep": "this"})
    assert response.status_code == 422
    other.refresh_from_db()
    assert other.merged_into is None


def test_merge_moves_appearances_to_the_kept_claim(client, reviewer, claim_factory):
    claim, other = claim_factory(), claim_factory()
    appearance = appearance_for(claim, text=ARTICLE_TEXT, quote=CLAIM_QUOTE)
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-merge", args=[claim.pk]), {"other": other.pk, "keep": "other", "confirmed": "on",
                                                                          "this_version": claim.version, "other_version": other.version})
    assert response.status_code == 302 and response.url == workspace(other)
    claim.refresh_from_db()
    appearance.refresh_from_db()
    assert claim.merged_into == other and claim.status == Claim.Status.ARCHIVED and appearance.claim == other
    assert "was merged into this one" in client.get(response.url).content.decode()


def test_merged_claim_workspace_points_to_the_survivor(client, reviewer, claim_factory):
    claim, other = claim_factory(), claim_factory()
    services.claim_merge(survivor=other, duplicate=claim, actor=reviewer)
    client.force_login(reviewer)
    content = client.get(workspace(claim)).content.decode()
    assert f"merged into <a href=\"{workspace(other)}\">" in content
    assert "Save claim" not in content


def test_assigning_to_a_reviewer_and_back_to_nobody(client, editor, reviewer, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-assign", args=[claim.pk]), {"version": 1, "assignee": reviewer.pk}, headers=hx("claim-actions"))
    assert response.status_code == 200 and "claim-assigned" in response["HX-Trigger"]
    # The edit form's version is refreshed out of band so the next edit is not refused.
    assert 'id="claim-edit-version" value="2" hx-swap-oob="true"' in response.content.decode()
    client.post(reverse("claims:claim-assign", args=[claim.pk]), {"version": 2, "assignee": ""})
    claim.refresh_from_db()
    assert claim.assigned_to is None and claim.version == 3


def test_assigning_only_offers_reviewers(client, editor, reviewer, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-assign", args=[claim.pk]), {"version": 1, "assignee": editor.pk}, headers=hx("claim-actions"))
    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.assigned_to is None


def test_stale_assignment_is_a_conflict(client, editor, reviewer, claim_factory):
    claim = claim_factory()
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, text="Newer")
    client.force_login(editor)
    response = client.post(reverse("claims:claim-assign", args=[claim.pk]), {"version": 1, "assignee": reviewer.pk}, headers=hx("claim-actions"))
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.assigned_to is None


def test_claim_moves_through_every_status_with_its_audit_verbs(client, reviewer, claim_factory):
    claim = claim_factory()
    client.force_login(reviewer)
    for status, verb in [("review", "claim-submitted"), ("published", "claim-published"), ("archived", "claim-archived"), ("restore", "claim-restored")]:
        claim.refresh_from_db()
        response = client.post(reverse("claims:claim-status", args=[claim.pk]), {"version": claim.version, "status": status}, headers=hx("claim-actions"))
        assert response.status_code == 200 and verb in response["HX-Trigger"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert list(AuditEvent.objects.filter(target_id=str(claim.pk)).order_by("id").values_list("verb", flat=True)) == [
        "claim-submitted", "claim-published", "claim-archived", "claim-restored"
    ]


def test_impossible_status_change_is_explained(client, reviewer, claim_factory):
    claim = claim_factory(status=Claim.Status.PUBLISHED)
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-status", args=[claim.pk]), {"version": claim.version, "status": "review"}, headers=hx("claim-actions"))
    assert response.status_code == 422
    assert "cannot become in review" in response.content.decode()


def test_workspace_offers_editors_only_submit_for_review(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    content = client.get(workspace(claim)).content.decode()
    assert ">Submit for review</button>" in content
    assert ">Publish</button>" not in content and ">Archive</button>" not in content


def test_speaker_options_match_names_and_aliases(client, editor, source_factory):
    source_factory(name="Harbour Authority")
    factories.SourceAliasFactory(source=source_factory(name="Port Workers' Union"), name="the dockers")
    source_factory(name="Mayor")
    client.force_login(editor)
    content = client.get(reverse("claims:source-options"), {"speaker": "dock"}, headers=hx("speaker-options")).content.decode()
    assert content.startswith('<datalist id="speaker-options">')
    assert "Port Workers&#x27; Union" in content and "Harbour" not in content


def test_claim_list_filters_by_status_assignee_speaker_and_text(client, reviewer, claim_factory, source_factory):
    mine = claim_factory(status=Claim.Status.REVIEW, assigned_to=reviewer, text="Ferry fares will fall", speaker=source_factory(name="Harbour Authority"))
    other = claim_factory(text="The bridge stays closed")
    client.force_login(reviewer)
    url = reverse("claims:workspace-claims")
    for params in [{"status": "review"}, {"assignee": "me"}, {"assignee": reviewer.username}, {"speaker": "harbour"}, {"q": "ferry fares"}]:
        content = client.get(url, params).content.decode()
        assert workspace(mine) in content and workspace(other) not in content, params
    content = client.get(url, {"assignee": "none"}).content.decode()
    assert workspace(other) in content and workspace(mine) not in content
    content = client.get(url, {"assignee": "nobody-here"}).content.decode()
    assert "No user is called “nobody-here”" in content and workspace(mine) not in content


def test_claim_list_partial_for_htmx(client, editor, claim_factory):
    claim_factory()
    client.force_login(editor)
    response = client.get(reverse("claims:workspace-claims"), {"status": "draft"}, headers=hx("claim-list-results"))
    assert response.content.decode().lstrip().startswith('<div id="claim-list-results">')
    assert "HX-Request" in response["Vary"]


def test_activity_lists_audit_events_and_filters_by_verb(client, editor, reviewer, claim_factory):
    claim = claim_factory()
    services.claim_submit(claim=claim, actor=editor)
    services.claim_assign(claim=claim, assignee=reviewer, actor=editor)
    client.force_login(editor)
    content = client.get(reverse("claims:activity")).content.decode()
    assert "claim-submitted" in content and "claim-assigned" in content
    content = client.get(reverse("claims:activity"), {"verb": "claim-assigned"}).content.decode()
    assert "claim-submitted" not in content and "claim-assigned" in content


def _build_claim_with(count, reviewer):
    claim = factories.ClaimFactory()
    for index in range(count):
        appearance_for(claim, text=ARTICLE_TEXT, quote=CLAIM_QUOTE)
        other = factories.ClaimFactory()
        link = services.link_suggest(from_claim=other, to_claim=claim, relation="denies", actor=reviewer)
        if index % 2:
            services.link_confirm(link=link, reviewer=reviewer, expected_version=link.version)
    return claim


def test_workspace_query_count_does_not_grow_with_appearances_and_links(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    small = _build_claim_with(2, reviewer)
    with CaptureQueriesContext(connection) as captured:
        client.get(workspace(small), {"q": "bridge"})
    large = _build_claim_with(20, reviewer)
    with django_assert_num_queries(len(captured)):
        response = client.get(workspace(large), {"q": "bridge"})
    content = response.content.decode()
    assert content.count('class="appearance"') == 20 and content.count('class="claim-link ') == 20


def test_claim_list_query_count_is_fixed(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    for _ in range(5):
        factories.ClaimFactory(assigned_to=reviewer)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("claims:workspace-claims"))
    for _ in range(45):
        factories.ClaimFactory(assigned_to=reviewer)
    with django_assert_num_queries(len(captured)):
        client.get(reverse("claims:workspace-claims"))


def test_unknown_status_is_explained(client, reviewer, claim_factory):
    claim = claim_factory()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-status", args=[claim.pk]), {"version": 1, "status": "vanished"}, headers=hx("claim-actions"))
    assert response.status_code == 422 and "was not understood" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_search_matches_an_unfinished_last_word(client, editor, claim_factory):
    claim = claim_factory(text="Ferry tickets will cost nothing")
    claim_factory(text="The ferries will run hourly")
    client.force_login(editor)
    content = client.get(workspace(claim), {"q": "ferr"}, headers=hx("claim-search-results")).content.decode()
    assert "run hourly" in content
    content = client.get(workspace(claim), {"q": "run hour"}, headers=hx("claim-search-results")).content.decode()
    assert "run hourly" in content


def test_search_ignores_tsquery_syntax_in_what_was_typed(client, editor, claim_factory):
    claim = claim_factory()
    client.force_login(editor)
    for typed in ["ferr:* & | !( '", "snake_case wor", "Зеленськ", "2026-03"]:
        response = client.get(workspace(claim), {"q": typed}, headers=hx("claim-search-results"))
        assert response.status_code == 200, typed
