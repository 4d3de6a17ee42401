"""Scoring rules with reasons, lexicon loading and dedup comparison (pure, no database)."""

import json
from datetime import date

from claims.matching.dedup import SAME, UNCERTAIN, compare
from claims.matching.lexicon import find_cues, load_lexicon, normalise_for_dedup
from claims.matching.scoring import Statement, score_pair

DAY = date(2025, 3, 14)
TRUMP = Statement(1, "completely surrounded by the Russian military, and in a very bad and vulnerable position", "Donald Trump", 1,
                  context='Trump said "thousands" of Ukrainian troops were "completely surrounded by the Russian military".', when=DAY)
STAFF = Statement(2, "There is no threat of our units being encircled", "General Staff of the Armed Forces of Ukraine", 2, polarity="denies", when=DAY)


def test_lexicon_is_loaded_once_from_json():
    assert load_lexicon() is load_lexicon()
    assert load_lexicon().concept_of["encircl"] == load_lexicon().concept_of["surround"]


def test_lexicon_reads_another_file(tmp_path):
    data = json.loads(load_lexicon.__wrapped__().__class__.__module__ and open(__import__("claims.matching.lexicon", fromlist=["x"]).LEXICON_PATH).read())
    data["denial_cues"]["cues"] = ["poppycock"]
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data))
    assert find_cues("That is poppycock", "denial", load_lexicon(str(path))) == ["poppycock"]


def test_denial_by_the_party_concerned_is_denies_with_reasons():
    suggestion = score_pair(TRUMP, STAFF)
    assert (suggestion.from_id, suggestion.to_id, suggestion.relation) == (2, 1, "denies")
    assert "denial cue: 'no threat of'" in suggestion.reasons
    assert any("encircled ≈ surrounded" in reason or "surrounded ≈ encircled" in reason for reason in suggestion.reasons)
    assert "opposing source: the General Staff answers a claim about Ukrainian troops" in suggestion.reasons
    assert "same day" in suggestion.reasons


def test_difficult_situation_qualifies_an_absolute_claim():
    zelensky = Statement(3, "The situation in the Kursk region is obviously very difficult", "Volodymyr Zelensky", 3, when=DAY)
    suggestion = score_pair(TRUMP, zelensky)
    assert suggestion.relation == "qualifies" and suggestion.from_id == 3
    assert "qualifying cue: 'very difficult'" in suggestion.reasons


def test_opposite_terms_from_a_third_party_contradict():
    mayor = Statement(1, "The new Tarrow flood wall is finished and Wenmouth is fully protected", "Colin Barrowby", 1)
    expert = Statement(2, "The Tarrow wall is unfinished and the town is still exposed", "Eleanor Pryce", 2)
    suggestion = score_pair(mayor, expert)
    assert suggestion.relation == "contradicts"
    assert any(reason.startswith("opposite terms") for reason in suggestion.reasons)


def test_same_speaker_near_same_words_is_duplicate():
    first = Statement(1, "Completely surrounded by the Russian army.", "Donald Trump", 1)
    second = Statement(2, "completely surrounded by the Russian military", "Donald Trump", 1)
    assert score_pair(first, second).relation == "duplicate"


def test_same_words_about_another_thing_are_not_linked():
    union = Statement(1, "Halvorsen will shut the Brackwell factory before Christmas", "Gwen Ashdown", 1)
    council = Statement(2, "Brackwell Council will close the old library on Mill Street before Christmas", "Margaret Osei", 2)
    assert score_pair(union, council) is None


def test_unrelated_statements_get_no_suggestion():
    assert score_pair(TRUMP, Statement(9, "Bread prices rose in April", "Baker", 9)) is None


def test_variants_and_capitals_normalise_alike():
    assert normalise_for_dedup("Troops near Kiev, said the Russian Army.") == normalise_for_dedup("troops near Kyiv said the russian military")


def test_dedup_merges_partial_and_translated_quotes_only():
    assert compare("shut the Brackwell factory before Christmas", "Halvorsen will shut the Brackwell factory before Christmas.").certainty == SAME
    assert compare("Harbourside accepted Valmora's offer, and Luca will sign", "Harbourside have accepted Valmora's bid and Luca will sign").certainty == SAME
    assert compare("Halvorsen will not close the factory", "Halvorsen will close the factory").certainty == UNCERTAIN
    assert compare("Bread prices rose", "Halvorsen will close the factory") is None


def test_a_one_word_fragment_gets_no_suggestion():
    fragment = Statement(5, "thousands", "Donald Trump", 1, context='Trump said "thousands" of Ukrainian troops were completely surrounded.', when=DAY)
    assert score_pair(fragment, STAFF) is None
