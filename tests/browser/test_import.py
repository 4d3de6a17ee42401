"""The import review in a real browser: highlighted quotes, speaker autocomplete, add by selection, save."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Appearance, Claim
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

# docs/screenshots/ is refreshed only on request (SCREENSHOTS=1), so test runs leave the tree clean.
SCREENSHOT = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("SCREENSHOTS") == "1" else Path(tempfile.mkdtemp())) / "import-review.png"
STORY = (
    "Water board denies drought rationing\n\n"
    '"There will be no rationing this summer," said Ingrid Solberg, the water board\'s director.\n\n'
    "Farmers disagreed. \"We have already been told to cut our use by a third,\" said Jonas Lund, who chairs the growers' association.\n\n"
    "The board will publish its reservoir figures on Friday."
)
MISSED = "The board will publish its reservoir figures on Friday."

SELECT_TEXT = """(needle) => {
  const article = document.getElementById("import-article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const index = node.data.indexOf(needle);
    if (index >= 0) {
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_editor_reviews_changes_a_speaker_adds_a_selected_quote_and_saves(live_server, page, editor):
    SourceFactory(name="Ingrid Solberg-Moe", slug="ingrid-solberg-moe")
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/import/")
    page.get_by_label("Paste the article").fill(STORY)
    page.get_by_label("Outlet").fill("Valley Post")
    page.get_by_role("button", name="Find the quotes").click()

    expect(page.get_by_role("heading", name="Review the quotes before saving")).to_be_visible()
    marks = page.locator("#import-article mark")
    expect(marks).to_have_count(2)
    expect(marks.first).to_have_text("There will be no rationing this summer")

    speaker = page.locator("#id_quote-0-speaker")
    speaker.fill("")
    speaker.press_sequentially("Solberg-M", delay=30)
    expect(page.locator('#source-names option[value="Ingrid Solberg-Moe"]')).to_have_count(1)
    speaker.fill("Ingrid Solberg-Moe")
    expect(page.locator("#quote-0-speaker-match")).to_have_text("Existing source: Ingrid Solberg-Moe")

    assert page.evaluate(SELECT_TEXT, MISSED)
    page.get_by_role("button", name="Use the selected text").click()
    new_row = page.locator(".quote-row-new")
    expect(new_row.locator("textarea")).to_have_value(MISSED)
    start = int(new_row.locator("input[name$='-start']").input_value())
    assert new_row.locator("input[name$='-end']").input_value() == str(start + len(MISSED))
    new_row.locator("input[name$='-speaker']").fill("Valley Water Board")
    expect(new_row.locator(".speaker-match")).to_have_text("New source")

    page.evaluate("window.getSelection().removeAllRanges(); window.scrollTo(0, 0)")
    # A viewport tall enough for the whole form, so the sticky action bar sits at the bottom.
    page.set_viewport_size({"width": 1280, "height": 1750})
    page.screenshot(path=str(SCREENSHOT))

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Imported: Water board denies drought rationing")
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Ingrid Solberg-Moe", "Jonas Lund", "Valley Water Board"}
    added = Appearance.objects.get(claim__speaker__name="Valley Water Board")
    assert (added.start, added.end) == (start, start + len(MISSED))
    expect(page.locator(".import-result li")).to_have_count(3)
