"""Issue 14: the work one import request does is capped, and the article is normalised once."""

from django.urls import reverse

from claims.importing import forms as import_forms
from claims.models import Appearance, Article, Claim
from tests.importing.test_views import STORY, _review_data, _start


def test_an_article_over_the_extraction_cap_is_refused_with_a_clear_message(client, editor, settings):
    settings.IMPORT_EXTRACT_MAX_CHARACTERS = 200
    client.force_login(editor)
    response = _start(client, text=STORY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "characters long after clean-up" in page
    assert "up to 200 characters" in page
    assert (Article.objects.count(), Claim.objects.count()) == (0, 0)


def test_an_article_with_more_quotes_than_the_review_form_holds_is_refused(client, editor, settings):
    settings.IMPORT_REVIEW_MAX_ROWS = 2
    client.force_login(editor)
    response = _start(client, text=STORY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 quotes were found in this article; the review screen takes at most 1" in page
    assert Article.objects.count() == 0


def test_a_review_with_more_rows_than_the_cap_is_refused_and_nothing_is_saved(client, editor, settings):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    settings.IMPORT_REVIEW_MAX_ROWS = 2
    data["action"] = "save"
    response = client.post(location, data)
    assert response.status_code == 200
    assert "The review form takes at most 2 rows" in response.content.decode()
    assert (Article.objects.count(), Claim.objects.count(), Appearance.objects.count()) == (0, 0, 0)


def test_the_review_form_normalises_the_article_once_however_many_rows_are_added(client, editor, monkeypatch):
    client.force_login(editor)
    location = _start(client, text=STORY)["Location"]
    data = _review_data(client.get(location))
    added = ["board   will publish", "reservoir   figures", "Farmers   disagreed", "publish its  reservoir"]
    first_added = int(data["quote-TOTAL_FORMS"]) - 1
    for offset, text in enumerate(added):
        index = first_added + offset
        data.update({
            f"quote-{index}-origin": "-1", f"quote-{index}-text": text, f"quote-{index}-speaker": "Valley Water Board",
            f"quote-{index}-kind": "direct", f"quote-{index}-polarity": "asserts",
        })
    data["quote-TOTAL_FORMS"] = str(first_added + len(added))
    data["action"] = "update"
    article_text = client.session["pending-imports"][location.rstrip("/").split("/")[-1]]["prepared"]["text"]
    calls = []
    original = import_forms._normalised_with_positions

    def counting(text):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(import_forms, "_normalised_with_positions", counting)
    response = client.post(location, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sum(1 for text in calls if text == article_text) == 1
