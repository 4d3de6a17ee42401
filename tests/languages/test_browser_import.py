"""The import review in a real browser shows the detected language and a speaker from Cyrillic text."""

import pytest
from playwright.sync_api import expect

from claims.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = (
    "Міністр енергетики Остап Кравчук заявив, що відключень світла цієї зими не буде.\n\n"
    "«Енергосистема має достатній резерв потужностей. Графіків відключень не планується», – сказав Кравчук журналістам."
)


def test_the_review_shows_the_language_and_the_cyrillic_speaker_and_saves_the_language(live_server, page, editor):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/import/")
    page.get_by_label("Paste the article").fill(STORY)
    page.get_by_role("button", name="Find the quotes").click()

    expect(page.get_by_role("heading", name="Review the quotes before saving")).to_be_visible()
    expect(page.locator("#import-language")).to_contain_text("Ukrainian (uk)")
    expect(page.get_by_label("Language (ISO 639-1 code)")).to_have_value("uk")
    expect(page.locator("#import-article mark")).to_have_count(1)
    expect(page.get_by_role("group", name="Quote 1").get_by_label("Speaker")).to_have_value("Ostap Kravchuk")
    expect(page.locator(".speaker-as-written")).to_contain_text("Остап Кравчук")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the article")).to_be_visible()
    assert Article.objects.get().language == "uk"
