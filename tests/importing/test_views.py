"""The /import/ screen: roles, paste -> review -> save, uploads, URL fetches, bad input, escaping."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Appearance, Article, AuditEvent, Claim, Source
from claims.views.importing import SESSION_KEY
from tests.importing.conftest import ARTICLE_HTML

STORY = (
    "Water board denies drought rationing\n\n"
    '"There will be no rationing this summer," said Ingrid Solberg, the water board\'s director.\n\n'
    "Farmers disagreed. \"We have already been told to cut our use by a third,\" said Jonas Lund, who chairs the growers' association.\n\n"
    "The board will publish its reservoir figures on Friday."
)


def _editorial_state():
    return (Article.objects.count(), Claim.objects.count(), Appearance.objects.count(), Source.objects.count(), AuditEvent.objects.count())


def _start(client, **data):
    return client.post(reverse("claims:import"), data)


def _review_data(response):
    """The review form's fields as the browser would submit them unchanged."""
    html = response.content.decode()
    form = html[html.index('id="import-review-form"'):]
    data = {}
    for name, value in re.findall(r'<input type="(?:hidden|text|number|date|url)" name="([^"]+)"[^>]*?value="([^"]*)"', form):
        data[name] = value
    for name in re.findall(r'<input type="(?:text|number|date|url)" name="([^"]+)"(?![^>]*value=)', form):
        data.setdefault(name, "")
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = __import__("html").unescape(body.lstrip("\n"))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = selected.group(1) if selected else re.search(r'<option value="([^"]*)"', options).group(1)
    return {name: __import__("html").unescape(value) for name, value in data.items()}


@pytest.mark.parametrize("role_user, expected", [("editor", 200), ("moderator", 200), ("reviewer", 403), ("outsider", 403)])
def test_import_screen_is_for_editors_and_moderators(client, request, role_user, expected):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse("claims:import")).status_code == expected
    assert client.get(reverse("claims:import-source-options")).status_code == expected


def test_import_screen_sends_anonymous_users_to_login(client, db):
    response = client.get(reverse("claims:import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_paste_review_save_creates_draft_claims(client, editor):
    client.force_login(editor)
    response = _start(client, text=STORY, outlet="Valley Post", published="2024-06-01", url="https://valley.example/drought")
    assert response.status_code == 302
    assert _editorial_state() == (0, 0, 0, 0, 0), "nothing is written before Save"
    review = client.get(response["Location"])
    assert review.status_code == 200
    body = review.content.decode()
    assert body.count('<mark id="quote-mark-') == 2
    assert ">There will be no rationing this summer</mark>" in body
    data = _review_data(review)
    assert data["outlet"] == "Valley Post" and data["published"] == "2024-06-01"
    data["action"] = "save"
    saved = client.post(response["Location"], data)
    assert saved.status_code == 302
    article = Article.objects.get()
    assert saved["Location"] == reverse("claims:import-result", kwargs={"pk": article.pk})
    assert article.outlet.name == "Valley Post" and article.published.isoformat() == "2024-06-01"
    assert article.input_kind == "paste" and article.imported_by == editor
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Ingrid Solberg", "Jonas Lund"}
    assert set(Claim.objects.values_list("status", flat=True)) == {"draft"}
    assert AuditEvent.objects.filter(verb="article-imported", actor=editor).count() == 1
    result = client.get(saved["Location"])
    assert "There will be no rationing this summer" in result.content.decode()
    claim = Claim.objects.get(speaker__name="Ingrid Solberg")
    assert f'href="{reverse("claims:claim-workspace", kwargs={"pk": claim.pk})}"' in result.content.decode()
    assert SESSION_KEY not in client.session or not client.session[SESSION_KEY]


def test_review_changes_speaker_drops_a_quote_and_adds_a_missed_one_without_javascript(client, editor, source_factory):
    existing = source_factory(name="Ingrid Solberg-Moe", slug="ingrid-solberg-moe")
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    data["quote-0-speaker"] = "Ingrid Solberg-Moe"
    data["quote-1-drop"] = "on"
    data["quote-2-text"] = "The board will publish its reservoir figures on Friday."
    data["quote-2-speaker"] = "Valley Water Board"
    data["action"] = "save"
    response = client.post(location, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claims = {claim.speaker.name: claim for claim in Claim.objects.select_related("speaker")}
    assert set(claims) == {"Ingrid Solberg-Moe", "Valley Water Board"}
    assert claims["Ingrid Solberg-Moe"].speaker == existing
    added = Appearance.objects.get(claim=claims["Valley Water Board"])
    assert added.article.text[added.start:added.end] == "The board will publish its reservoir figures on Friday."


def test_a_missed_quote_that_is_not_in_the_text_is_refused_and_nothing_is_saved(client, editor):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    data["quote-2-text"] = "Words nobody wrote in this article."
    data["quote-2-speaker"] = "Someone"
    data["action"] = "save"
    response = client.post(location, data)
    assert response.status_code == 200
    assert "This quote is not in the article text" in response.content.decode()
    assert _editorial_state() == (0, 0, 0, 0, 0)


def test_a_missed_quote_is_found_despite_other_quote_marks_and_spacing(client, editor):
    client.force_login(editor)
    location = _start(client, text=STORY.replace('"There will', "\u201cThere will").replace('summer,"', "summer,\u201d"))["Location"]
    data = _review_data(client.get(location))
    data["quote-2-text"] = 'board   will publish its reservoir figures'
    data["quote-2-speaker"] = "Valley Water Board"
    data["action"] = "update"
    assert client.post(location, data).status_code == 302
    review = client.get(location).content.decode()
    assert review.count('<mark id="quote-mark-') == 3


def test_update_preview_keeps_edits_in_the_session_only(client, editor):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    data["quote-0-speaker"] = "Ingrid Solberg Renamed"
    data["quote-0-polarity"] = "denies"
    data["action"] = "update"
    assert client.post(location, data).status_code == 302
    assert _editorial_state() == (0, 0, 0, 0, 0)
    page = client.get(location).content.decode()
    assert 'value="Ingrid Solberg Renamed"' in page
    assert 'class="quote-mark polarity-denies"' in page


def test_a_quote_without_a_speaker_is_refused(client, editor):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    data["quote-0-speaker"] = ""
    data["action"] = "save"
    response = client.post(location, data)
    assert "Who said this?" in response.content.decode()
    assert _editorial_state() == (0, 0, 0, 0, 0)


def test_upload_of_an_html_file_goes_through_trafilatura(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("story.html", ARTICLE_HTML.encode(), content_type="text/html")
    response = client.post(reverse("claims:import"), {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "FOOTER-COPYRIGHT-TEXT" not in page and "TRACKING-SCRIPT-TEXT" not in page
    assert 'value="Coastline Courier"' in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Paste the article, upload a file or give a web address."),
        ({"text": "   "}, "Paste the article, upload a file or give a web address."),
        ({"text": "Something", "fetch_url": "https://news.example/a"}, "one way only"),
        ({"file": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))}, "PNG image"),
        ({"file": ("story.pdf", b"%PDF-1.4")}, "Only .txt, .html and .htm files"),
        ({"file": ("empty.txt", b"")}, "empty"),
        ({"file": ("noise.txt", bytes(range(1, 32)) * 50)}, "control characters"),
        ({"file": ("latin.txt", bytes(__import__("random").Random(1).randrange(128, 256) for _ in range(3000)))}, "text encoding"),
        ({"text": STORY, "published": "14/03/2025"}, "YYYY-MM-DD"),
        ({"fetch_url": "ftp://news.example/story"}, "Only http:// and https://"),
        ({"fetch_url": "http://127.0.0.1/admin"}, "Refused to fetch"),
        ({"fetch_url": "http://169.254.169.254/latest/"}, "link-local"),
        ({"text": "<html><body>" + "<script>alert(1)</script>" * 40 + "</body></html>"}, "No article text"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(client, editor, data, message):
    client.force_login(editor)
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = client.post(reverse("claims:import"), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert _editorial_state() == (0, 0, 0, 0, 0)
    assert not client.session.get(SESSION_KEY)


def test_a_file_over_the_size_limit_is_refused(client, editor, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(editor)
    response = client.post(reverse("claims:import"), {"file": SimpleUploadedFile("big.txt", b"words " * 500)})
    assert "larger than" in response.content.decode()
    assert _editorial_state() == (0, 0, 0, 0, 0)


def test_a_url_is_fetched_in_a_task_and_reviewed(client, editor, local_server, allow_loopback):
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    client.force_login(editor)
    response = client.post(reverse("claims:import"), {"fetch_url": local_server.url("/story")})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The bridge will stay open throughout the repairs" in page
    assert f'value="{local_server.url("/story")}"' in page


def test_an_unreachable_url_reports_the_error_on_the_form(client, editor, allow_loopback):
    client.force_login(editor)
    response = client.post(reverse("claims:import"), {"fetch_url": "http://127.0.0.1:9/story"})
    assert response.status_code == 200
    assert "Could not connect" in response.content.decode()
    assert _editorial_state() == (0, 0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_pending_fetch_shows_progress_with_htmx_polling_and_a_check_again_link(client, editor, settings, local_server, allow_loopback):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    client.force_login(editor)
    location = client.post(reverse("claims:import"), {"fetch_url": local_server.url("/story")})["Location"]
    waiting = client.get(location)
    body = waiting.content.decode()
    assert "Check again" in body and 'hx-trigger="every 1s"' in body and "http-equiv" not in body
    assert "HX-Request" in waiting["Vary"]
    partial = client.get(location, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="fetch-status"')
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    done = client.get(location, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == location
    assert "The bridge will stay open" in client.get(location).content.decode()


def test_stored_text_is_rendered_escaped(client, editor):
    client.force_login(editor)
    payload = "<script>alert('owned')</script>"
    story = f'Mayor {payload} speaks\n\n"We will rebuild the pier {payload} next year," said Carla Mendes on Monday.\n'
    location = _start(client, text=story)["Location"]
    review = client.get(location)
    assert payload not in review.content.decode()
    assert "&lt;script&gt;" in review.content.decode()
    data = _review_data(review)
    data["action"] = "save"
    result = client.post(location, data, follow=True)
    assert payload not in result.content.decode()
    assert Claim.objects.filter(text__contains=payload).exists()


def test_saving_a_known_article_creates_nothing_and_says_so(client, editor):
    client.force_login(editor)
    for _attempt in range(2):
        location = _start(client, text=STORY)["Location"]
        data = _review_data(client.get(location))
        data["action"] = "save"
        client.post(location, data)
        state = _editorial_state()
    location = _start(client, text=STORY)["Location"]
    review = client.get(location).content.decode()
    assert "already imported" in review
    data = _review_data(client.get(location))
    data["action"] = "save"
    response = client.post(location, data, follow=True)
    assert "imported before; nothing new was saved" in response.content.decode()
    assert _editorial_state() == state
    assert Article.objects.count() == 1


def test_source_autocomplete_matches_aliases_and_similar_names(client, editor, source_factory):
    from tests.factories import SourceAliasFactory

    solberg = source_factory(name="Ingrid Solberg", slug="ingrid-solberg")
    SourceAliasFactory(source=solberg, name="the water board director")
    source_factory(name="Jonas Lund", slug="jonas-lund")
    client.force_login(editor)
    url = reverse("claims:import-source-options")
    assert 'value="Ingrid Solberg"' in client.get(url, {"q": "Solbreg"}).content.decode()
    assert 'value="Ingrid Solberg"' in client.get(url, {"q": "water board"}).content.decode()
    response = client.get(url, {"quote-0-speaker": "Lund"}, headers={"HX-Request": "true"}).content.decode()
    assert response.startswith('<datalist id="source-names">') and 'value="Jonas Lund"' in response
    assert 'value="Ingrid Solberg"' not in response
    assert '<small class="meta speaker-match" id="quote-0-speaker-match" hx-swap-oob="true">New source</small>' in response
    exact = client.get(url, {"quote-3-speaker": "Jonas Lund"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="quote-3-speaker-match" hx-swap-oob="true">Existing source: Jonas Lund</small>' in exact


def test_an_expired_import_sends_the_editor_back_to_the_start(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:import-review", kwargs={"token": "nothing-here"}), follow=True)
    assert "no longer open" in response.content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_result_page_runs_the_same_queries_whatever_the_number_of_claims(client, editor, article_factory, appearance_factory, claim_factory):
    client.force_login(editor)
    small, large = article_factory(), article_factory()
    appearance_factory(article=small)
    for number in range(6):
        appearance_factory(article=large, claim=claim_factory(), start=number, end=number + 10)
    large_count = _queries(client, reverse("claims:import-result", kwargs={"pk": large.pk}))
    assert _queries(client, reverse("claims:import-result", kwargs={"pk": small.pk})) == large_count


def test_claims_export_runs_three_queries(db, claim_factory, appearance_factory, link_factory, django_assert_num_queries):
    from claims.selectors import claims_export

    for _ in range(5):
        claim = claim_factory()
        appearance_factory(claim=claim)
        link_factory(from_claim=claim)
    with django_assert_num_queries(3):
        claims_export()


@pytest.mark.django_db(transaction=True)
def test_a_refused_url_found_by_the_worker_is_reported_on_the_form(client, editor, settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    # A host name (not an IP literal) is only found to be loopback when the worker resolves it.
    location = client.post(reverse("claims:import"), {"fetch_url": "http://localhost/story"})["Location"]
    assert "Check again" in client.get(location).content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    polled = client.get(location, headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == reverse("claims:import")
    page = client.get(reverse("claims:import")).content.decode()
    assert "Refused to fetch localhost" in page
    assert _editorial_state() == (0, 0, 0, 0, 0)


def test_the_start_form_shows_each_field_once(client, editor):
    client.force_login(editor)
    page = client.get(reverse("claims:import")).content.decode()
    for name in ("text", "file", "fetch_url", "outlet", "published", "url"):
        assert page.count(f'name="{name}"') == 1, name


def test_the_review_page_queries_do_not_grow_with_the_number_of_sources(client, editor, source_factory):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    few = _queries(client, location)
    for number in range(30):
        source_factory(name=f"Unrelated Person {number}", slug=f"unrelated-{number}")
    assert _queries(client, location) == few
