"""The article language at import: detected, shown, corrected by the editor, given to the command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.importing.language import clean_language_code, detect_language
from claims.models import Article, Claim
from tests.importing.test_views import _editorial_state, _review_data

pytestmark = pytest.mark.django_db

GERMAN = (
    "Die Stadtwerke von Mühlbach haben Berichte über eine Preiserhöhung zurückgewiesen.\n\n"
    "„Die Gaspreise bleiben bis zum Jahresende stabil“, sagte Geschäftsführerin Helga Brandauer am Mittwoch."
)


@pytest.mark.parametrize(
    "text, code",
    [
        (GERMAN, "de"),
        ("Le maire a démenti toute fermeture de la piscine municipale cet été.", "fr"),
        ("La consejera negó este martes que falten médicos en los centros de salud.", "es"),
        ("Міністр енергетики заявив, що відключень світла цієї зими не буде.", "uk"),
        ("Пресс-секретарь губернатора опровергла сообщения о закрытии театра.", "ru"),
        ("The water board denied that rationing would start this summer.", "en"),
    ],
)
def test_the_language_of_a_text_is_detected(text, code):
    assert detect_language(text) == code


def test_a_few_characters_are_too_short_to_tell():
    assert detect_language("OK") == ""


def test_an_unknown_language_code_is_refused_with_a_clear_message():
    assert clean_language_code(" DE ") == "de"
    with pytest.raises(ValueError, match="Unknown language code 'xx'"):
        clean_language_code("xx")


def test_the_review_shows_the_detected_language_and_saves_it(client, editor):
    client.force_login(editor)
    location = client.post(reverse("claims:import"), {"text": GERMAN})["Location"]
    review = client.get(location)
    assert "<strong>German</strong> (de)" in review.content.decode()
    data = _review_data(review)
    assert data["language"] == "de"
    data["action"] = "save"
    client.post(location, data)
    article = Article.objects.get()
    assert article.language == "de"
    assert set(Claim.objects.values_list("language", flat=True)) == {"de"}


def test_the_editor_corrects_the_language_and_the_quotes_are_found_again(client, editor):
    client.force_login(editor)
    location = client.post(reverse("claims:import"), {"text": GERMAN})["Location"]
    data = _review_data(client.get(location))
    data["language"] = "en"
    data["action"] = "update"
    client.post(location, data)
    page = client.get(location).content.decode()
    assert "<strong>English</strong> (en)" in page
    assert "The quotes were found again" in page


def test_a_wrong_language_code_in_the_review_is_refused_and_nothing_saved(client, editor):
    client.force_login(editor)
    location = client.post(reverse("claims:import"), {"text": GERMAN})["Location"]
    data = _review_data(client.get(location))
    data["language"] = "klingon"
    data["action"] = "save"
    response = client.post(location, data)
    assert response.status_code == 200
    assert "Unknown language code" in response.content.decode()
    assert _editorial_state() == (0, 0, 0, 0, 0)


def test_import_article_takes_the_language_and_refuses_an_unknown_one(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GERMAN, encoding="utf-8")
    out = io.StringIO()
    call_command("import_article", str(path), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["article"]["language"] == "de"
    with pytest.raises(CommandError, match="Unknown language code 'zz'"):
        call_command("import_article", str(path), "--language", "zz", "--format", "json", stdout=io.StringIO())
    assert Article.objects.count() == 1


def test_import_article_language_overrides_the_detection(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GERMAN, encoding="utf-8")
    out = io.StringIO()
    call_command("import_article", str(path), "--language", "fr", "--format", "json", stdout=out)
    assert Article.objects.get().language == "fr"
