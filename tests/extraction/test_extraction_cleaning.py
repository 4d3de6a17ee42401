"""clean_text on small invented pages; one kind of furniture per test."""
from claims.extraction import clean_text, normalise_for_matching

BODY = (
    "The council approved the budget on Tuesday after a four-hour debate that ran late into the night.\n\n"
    '"This is a budget for families," council leader Amy Ross said after the vote.\n\n'
    "The opposition voted against it, saying the plan relied on optimistic forecasts."
)


def test_repeated_headline_becomes_the_title_and_leaves_the_body():
    page = f"Council passes budget\n\nCouncil passes budget\n\nCouncil passes 'budget'\n\n{BODY}"
    cleaned = clean_text(page)
    assert cleaned.title == "Council passes budget"
    assert cleaned.text == BODY


def test_given_title_is_removed_from_the_body():
    cleaned = clean_text(f"Council passes budget\n{BODY}", title="Council passes budget")
    assert cleaned.text == BODY


def test_cookie_banner_share_buttons_and_newsletter_are_dropped():
    page = (
        "We use cookies to improve your experience.\nAccept all\nManage preferences\n"
        f"Share on Facebook\nCopy link\n{BODY}\nSign up for our newsletter\nEnter your email address\nSubscribe\n"
        "Share this article\nFacebook Twitter LinkedIn Email"
    )
    assert clean_text(page).text == BODY


def test_photo_captions_and_adverts_are_dropped():
    page = f"In this photo taken on Monday, councillors vote in the chamber.\nAdvertisement\n{BODY}"
    cleaned = clean_text(page)
    assert cleaned.text == BODY
    assert "Advertisement" in cleaned.removed


def test_trailing_teaser_block_is_cut_from_its_label_to_the_end():
    page = (
        f"{BODY}\n\nRoss ,\n\nSite.Models.Entities.Title?.Upper() Storm hits coast\n\nLATEST NEWS\n\n"
        "  1. Storm hits coast\n\n    Storm hits coast\n\n  2. 'We will never sell,' says owner\n"
        "Recommended\nStorm hits coast\nWORLD Talks resume in Geneva\n\nTalks resume in Geneva\n\n"
        "Diplomats met on Saturday to discuss the next round of talks.\n"
        "SPORTS Rovers win again\n\nRovers win again\n"
    )
    cleaned = clean_text(page)
    assert cleaned.text == BODY
    assert "LATEST NEWS" in cleaned.removed


def test_recommended_links_inside_the_body_go_but_the_body_after_them_stays():
    page = f"{BODY}\n\nRecommended\nStorm hits coast\nTalks resume in Geneva\n\nThe new budget takes effect in April, officials said."
    cleaned = clean_text(page)
    assert "Storm hits coast" not in cleaned.text
    assert cleaned.text.endswith("The new budget takes effect in April, officials said.")


def test_subheadings_inside_the_article_are_kept():
    page = f"{BODY}\n\n  'A budget for families' \n\nThe vote was 31 to 20, with two abstentions recorded."
    assert "'A budget for families'" in clean_text(page).text


def test_stored_text_keeps_original_characters():
    page = "\u201cWe\u2019re\u00a0ready,\u201d the coach said before the final on Sunday."
    assert clean_text(page).text == page


def test_empty_and_blank_text_give_empty_results():
    assert clean_text("").text == ""
    assert clean_text("   \n\n  ").title == ""


def test_normalise_for_matching_folds_quotes_spaces_and_case():
    assert normalise_for_matching("\u201cWe\u2019re\u00a0 READY\u201d\u202f\u00bb") == '"we\'re ready" "'
