"""What a quote answers (claims/matching/targets.py) and how the scorer uses it (answers.py,
scoring.py): pure functions on text of our own writing, no database."""

from datetime import date

from claims.matching.scoring import Statement, score_pair
from claims.matching.targets import claim_target, rebuts_a_report

DAY = date(2026, 2, 9)


def _target(text, quote, title=""):
    start = text.index(quote)
    return claim_target(text=text, title=title, start=start, end=start + len(quote))


def test_the_complement_of_a_denial_verb_is_the_target():
    text = ('The port authority denied reports that the Lindqvist terminal would close in March, '
            'calling them "pure invention" in a statement on Friday.')
    target = _target(text, "pure invention")
    assert target.how == "complement"
    assert target.text == "reports that the Lindqvist terminal would close in March"


def test_a_verb_followed_by_that_or_a_gerund_gives_the_target():
    text = 'Councillor Brandt denied having approved the parking fees. "I never signed that order," she said.'
    assert _target(text, "I never signed that order").text == "having approved the parking fees"
    text = 'The minister rejected the allegation that ferry subsidies were cut, saying "it is simply false".'
    assert _target(text, "it is simply false").text == "allegation that ferry subsidies were cut"


def test_a_bare_noun_looks_back_at_the_sentence_before():
    text = ("The rail operator has denied cancelling the night trains to Orvik.\n\n"
            'Its director called the claim "a complete fabrication" on Monday.')
    target = _target(text, "a complete fabrication")
    assert target.how == "complement"
    assert target.text == "cancelling the night trains to Orvik"


def test_an_anaphoric_quote_is_about_the_headline_and_lead():
    text = ("Orvik harbour to lose its ferry link\n\n"
            "The Orvik ferry will stop running in May, the regional council said.\n\n"
            'The shipping company answered: "This is untrue and nobody asked us."')
    target = _target(text, "This is untrue and nobody asked us.", title="Orvik harbour to lose its ferry link")
    assert target.how == "headline"
    assert "Orvik harbour to lose its ferry link" in target.text
    assert "The Orvik ferry will stop running in May" in target.text


def test_a_partial_quote_is_about_its_sentence_without_the_other_quotes():
    text = ('"We will keep every job," the brewery said, adding that the Saltmarsh site had "a bright future" '
            "under its new owners.")
    target = _target(text, "a bright future")
    assert target.how == "sentence"
    assert "We will keep every job" not in target.text
    assert "Saltmarsh site had a bright future under its new owners" in target.text


def test_a_full_quote_with_no_complement_is_its_own_target():
    text = 'The mayor said: "The new bridge opens to traffic on the first of June."'
    target = _target(text, "The new bridge opens to traffic on the first of June.")
    assert (target.text, target.how) == ("", "")


def test_the_side_named_in_a_possessive_is_kept():
    text = 'The club dismissed Marta Olsen\'s claim that the stadium was sold, calling it "nonsense".'
    assert "Marta Olsen" in _target(text, "nonsense").named
    text = 'A spokesman said the newspaper\'s story was "wrong from start to finish".'
    assert "the newspaper" in _target(text, "wrong from start to finish").named


def test_offsets_outside_the_text_give_no_target():
    assert claim_target(text="short", start=3, end=40).text == ""


def test_a_quote_that_rejects_a_report_rebuts_it():
    assert rebuts_a_report("These allegations are preposterous")
    assert rebuts_a_report("The claims about the harbour are baseless")
    assert not rebuts_a_report("The harbour will close in May")
    assert rebuts_a_report("The mayor never made those remarks")
    assert not rebuts_a_report("We read the report with interest")


# The scorer: denials against what they answer.

OLSEN = Statement(10, "The Saltmarsh stadium has been sold to a property developer", "Marta Olsen", 10, speaker_kind="person", when=DAY,
                  articles=((5, "Harbour Times: Club denies stadium sale"),), article_ids=frozenset({5}))


def _denial(text, *, targets=(), named=(), articles=((5, "Harbour Times: Club denies stadium sale"),), context="", polarity="denies"):
    return Statement(11, text, "Saltmarsh Rovers", 11, speaker_kind="organisation", polarity=polarity, context=context, when=DAY,
                     targets=tuple(targets), named=tuple(named), articles=articles, article_ids=frozenset(a for a, _ in articles))


def test_a_bare_denial_reported_beside_a_claim_denies_it_with_the_article_as_reason():
    suggestion = score_pair(OLSEN, _denial("Pure fabrication"))
    assert (suggestion.from_id, suggestion.to_id, suggestion.relation) == (11, 10, "denies")
    assert "reported together in Harbour Times: Club denies stadium sale" in suggestion.reasons


def test_the_target_ranks_the_denial_that_answers_the_claim_higher():
    answering = score_pair(OLSEN, _denial("Pure fabrication", targets=["reports that the Saltmarsh stadium had been sold to a developer"]))
    bare = score_pair(OLSEN, _denial("Pure fabrication"))
    assert answering.score > bare.score
    assert any(reason.startswith("denies: reports that the Saltmarsh stadium") for reason in answering.reasons)
    assert any(reason.startswith("target terms:") and "stadium" in reason for reason in answering.reasons)


def test_a_denial_in_another_article_matches_on_its_target():
    elsewhere = ((6, "Coast Post: Rovers deny sale"),)
    suggestion = score_pair(OLSEN, _denial("Completely untrue", targets=["reports that the Saltmarsh stadium was sold to a property developer"], articles=elsewhere))
    assert suggestion is not None and suggestion.relation == "denies" and suggestion.from_id == 11
    assert not any(reason.startswith("reported together") for reason in suggestion.reasons)
    assert score_pair(OLSEN, _denial("Completely untrue", articles=elsewhere)) is None


def test_naming_the_other_side_is_a_reason():
    elsewhere = ((6, "Coast Post: Rovers deny sale"),)
    suggestion = score_pair(OLSEN, _denial("That is nonsense", named=["Marta Olsen"], targets=["Marta Olsen's claim about the stadium"], articles=elsewhere))
    assert suggestion is not None and suggestion.relation == "denies"
    assert "names the other side: Marta Olsen" in suggestion.reasons


def test_an_assertion_beside_another_gets_no_denial_link():
    assert score_pair(OLSEN, _denial("The new stand will have four thousand seats", polarity="asserts")) is None


def test_a_speaker_denying_words_reported_as_theirs_is_a_denial():
    words = Statement(20, "close the old pier and sell the land", "Ilse Varga", 20, when=DAY, articles=((7, "Bay News"),), article_ids=frozenset({7}))
    denial = Statement(21, "Total nonsense", "Ilse Varga", 20, polarity="denies", when=DAY, articles=((7, "Bay News"),), article_ids=frozenset({7}),
                       targets=("saying she would close the old pier and sell the land",))
    suggestion = score_pair(words, denial)
    assert (suggestion.from_id, suggestion.to_id, suggestion.relation) == (21, 20, "denies")
    assert "the speaker denies words reported as theirs" in suggestion.reasons


def test_numbers_in_the_target_count_towards_the_overlap():
    claim = Statement(30, "More than 600 workers lost their jobs at the Kelby mill", "Union of Millworkers", 30, when=DAY,
                      articles=((8, "Mill News"),), article_ids=frozenset({8}))
    answer = dict(text="Completely untrue", speaker="Kelby Mills", speaker_id=31, polarity="denies", when=DAY,
                  articles=((9, "Town Post"),), article_ids=frozenset({9}))
    with_number = score_pair(claim, Statement(31, targets=("reports that 600 jobs went at the mill",), **answer))
    without = score_pair(claim, Statement(31, targets=("reports that jobs went at the mill",), **answer))
    assert with_number is not None and "600" in next(reason for reason in with_number.reasons if reason.startswith("target terms:"))
    assert without is None or without.score < with_number.score
