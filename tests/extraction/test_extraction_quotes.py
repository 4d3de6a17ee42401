"""One behaviour per test for extract_quotes; the articles are a sentence or two, invented here."""
import pytest

from claims.extraction import KnownSource, extract_quotes


def only_quote(text, **kwargs):
    quotes = extract_quotes(text, **kwargs)
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    "opening, closing",
    [('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("'", "'"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ("\u201a", "\u2018")],
    ids=["straight-double", "curly-double", "curly-single", "straight-single", "guillemets", "german-double", "german-single"],
)
def test_each_quote_style_is_read(opening, closing):
    text = f"{opening}The bridge will open in May,{closing} Mayor Lena Ortiz said on Monday."
    quote = only_quote(text)
    assert quote.text == "The bridge will open in May"
    assert quote.speaker == "Lena Ortiz"
    assert quote.kind == "direct"


def test_french_guillemets_with_no_break_spaces_keep_offsets():
    text = "\u00ab\u00a0Nous ne c\u00e9derons pas\u00a0\u00bb, said union leader Paul Girard.\n"
    quote = only_quote(text)
    assert quote.text == "Nous ne c\u00e9derons pas"
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker == "Paul Girard"


def test_offsets_index_the_text_as_given():
    text = "Intro line.\n\n\u201cWe\u2019re\u00a0ready,\u201d  said Ana Diaz.\n\n\"Prices will fall,\" Ben Cole said."
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text


def test_multi_sentence_quote_is_one_quote():
    text = '"We tried. We failed. We will try again," Ola Berg told reporters.'
    quote = only_quote(text)
    assert quote.text == "We tried. We failed. We will try again"
    assert quote.context == text


def test_split_quote_gives_two_quotes_with_one_speaker():
    text = '"Inflation is falling again," Governor Ines Moll said, "but not fast enough."'
    first, second = extract_quotes(text)
    assert (first.text, second.text) == ("Inflation is falling again", "but not fast enough")
    assert first.speaker == second.speaker == "Ines Moll"


def test_colon_attribution_names_the_speaker():
    quote = only_quote('Prosecutor Dan Weiss told the court: "The invoices were fake."')
    assert quote.speaker == "Dan Weiss"
    assert quote.kind == "direct"
    assert quote.text == "The invoices were fake"


def test_inverted_attribution_after_the_quote():
    quote = only_quote('"The dyke will hold," said Jens Albers, a farmer from the village.')
    assert quote.speaker == "Jens Albers"
    assert quote.reporting_verb == "said"


@pytest.mark.parametrize("pronoun", ["it", "they"])
def test_it_added_after_an_organisation_quote_is_that_organisation(pronoun):
    text = f'"Profits rose in every region," Harrowgate Group said in a statement. "We expect the same next year," {pronoun} added.'
    first, second = extract_quotes(text)
    assert first.speaker == second.speaker == "Harrowgate Group"


def test_mixed_quote_keeps_the_statement_and_leaves_out_the_scare_quote():
    text = 'Trump said "thousands" of troops were "completely surrounded by the army, and in a very bad position".'
    quotes = extract_quotes(text)
    assert [quote.text for quote in quotes] == ["completely surrounded by the army, and in a very bad position"]
    assert all(quote.kind == "mixed" and quote.speaker == "Donald Trump" for quote in quotes)
    assert quotes[0].context == text


@pytest.mark.parametrize("label", ["farce", "almost certainly", "a few jets"])
def test_a_quote_of_three_words_or_fewer_that_is_not_a_verdict_is_left_out(label):
    assert extract_quotes(f'Opposition leader Ana Ruiz called the vote a "{label}" on Monday.') == []


@pytest.mark.parametrize("verdict", ["completely untrue", "pure fabrication", "false", "total, total rubbish", "simply not true"])
def test_a_short_verdict_is_kept(verdict):
    quote = only_quote(f'Opposition leader Ana Ruiz called the report "{verdict}" on Monday.')
    assert (quote.text, quote.speaker) == (verdict, "Ana Ruiz")


def test_apostrophes_are_not_quote_marks():
    text = "Ukraine's army said the city's defences hadn't been breached and the Kremlin's claims were wrong."
    assert extract_quotes(text) == []


def test_plural_possessive_inside_single_quotes_does_not_end_the_quote():
    quote = only_quote("Tom Brennan spoke on Monday. \u2018The owners\u2019 message has been clear,\u2019 he said, Brennan added.")
    assert quote.text == "The owners\u2019 message has been clear"


def test_headline_like_lines_are_not_quotes():
    text = "Minister: 'We will not resign'\n\n  'Horrible massacre' \n\nThe minister spoke on Monday."
    assert extract_quotes(text) == []


def test_unattributed_scare_quotes_are_not_claims():
    assert extract_quotes('The so-called "peace dividend" never arrived, records show.') == []


def test_pronoun_resolves_to_the_subject_that_opens_the_paragraph():
    text = (
        "President Donald Trump spoke first.\n\n"
        '"I asked for restraint," Trump said.\n\n'
        "Volodymyr Zelensky gave a more sober assessment in Kyiv. \"The situation is difficult,\" he said."
    )
    assert [quote.speaker for quote in extract_quotes(text)] == ["Donald Trump", "Volodymyr Zelensky"]


def test_pronoun_chain_across_paragraphs():
    text = (
        "Incumbent Ruth Harlow defended her record.\n\n"
        '"We built new homes," she said.\n\n'
        'She accused her rival of promising "a tram to everywhere".'
    )
    quotes = extract_quotes(text)
    assert [quote.speaker for quote in quotes] == ["Ruth Harlow", "Ruth Harlow"]
    assert quotes[0].speaker_as_written == "she"


def test_object_of_the_sentence_is_not_the_pronoun_speaker():
    text = 'U.S. President Donald Trump urged Putin to show mercy as he said talks had been "productive and very useful".'
    assert only_quote(text).speaker == "Donald Trump"


def test_continuation_sentence_inherits_the_speaker():
    text = '"Reservoirs are full again," Minister Tomas Rehak said. "People can use water as usual."'
    assert [quote.speaker for quote in extract_quotes(text)] == ["Tomas Rehak", "Tomas Rehak"]


@pytest.mark.parametrize(
    "written, expected",
    [
        ("U.S. President Donald Trump", "Donald Trump"),
        ("U.K. Prime Minister Keir Starmer", "Keir Starmer"),
        ("U.S. Secretary of State Marco Rubio", "Marco Rubio"),
        ("EU foreign affairs chief Kaja Kallas", "Kaja Kallas"),
        ("Mr Jonas Hale", "Jonas Hale"),
        ("Rovers coach Liam Brennan", "Liam Brennan"),
        ("chief executive Marta Oyelaran", "Marta Oyelaran"),
    ],
)
def test_titles_and_roles_are_stripped_from_names(written, expected):
    quote = only_quote(f'{written} said the plan was "dead on arrival in parliament".')
    assert quote.speaker == expected
    assert quote.speaker_as_written == written


def test_surname_resolves_to_the_full_name_given_earlier():
    text = 'Judge Miriam Castell read the verdict.\n\n"The defendant lied to us," Castell said.'
    assert only_quote(text).speaker == "Miriam Castell"


def test_spokesperson_for_an_organisation_speaks_for_it():
    text = 'A spokesperson for the Federal Network Agency said it was "aware of the report".'
    quote = only_quote(text)
    assert quote.speaker == "Federal Network Agency"
    assert quote.speaker_kind == "government"


def test_builtin_gazetteer_resolves_the_general_staff():
    quote = only_quote('"There is no threat of encirclement," Ukraine\'s General Staff posted on social media.')
    assert quote.speaker == "General Staff of the Armed Forces of Ukraine"
    assert quote.speaker_kind == "military"
    assert quote.attribution == "Ukraine's General Staff posted on social media"


def test_kremlin_is_an_organisation():
    quote = only_quote('The Kremlin said it was "cautiously optimistic about the talks".')
    assert (quote.speaker, quote.speaker_kind) == ("Kremlin", "government")


def test_description_resolves_only_when_the_person_was_mentioned():
    with_context = 'Vladimir Putin met envoys on Friday.\n\n"We are ready to talk," the Russian leader said.'
    without_context = '"We are ready to talk," the Russian leader said.'
    assert only_quote(with_context).speaker == "Vladimir Putin"
    assert only_quote(without_context).speaker != "Vladimir Putin"


def test_caller_sources_take_priority_over_builtin_ones():
    sources = [KnownSource(name="Moscow City Government", aliases=("Moscow",), kind="government")]
    quote = only_quote('"Roads will reopen soon," Moscow said.', known_sources=sources)
    assert quote.speaker == "Moscow City Government"


def test_organisation_description_resolves_to_the_organisation_named_earlier():
    text = 'The Bank of Norland held rates.\n\nThe bank\'s statement was blunt: "Easing now would be premature."'
    assert only_quote(text).speaker == "Bank of Norland"


@pytest.mark.parametrize(
    "text, cue",
    [
        ('"There is no threat of our units being encircled," the General Staff said.', "There is no"),
        ('The Water Ministry met. The ministry denied the claims, calling them "an old planning exercise".', "denied the claims"),
        ('Ukraine\'s military leadership denied the claims. "Our lines hold in the east," the General Staff said.', "denied the claims"),
        ('"That report is simply false," Minister Ralf Henning said.', "false"),
        ('Mayor Lena Ortiz spoke on Monday. She rejected the account: "Nobody was misled by us."', "rejected the account"),
    ],
)
def test_denials_are_marked_with_their_cue(text, cue):
    quote = only_quote(text)
    assert quote.polarity == "denies"
    assert quote.polarity_cue == cue


def test_plain_statement_asserts():
    quote = only_quote('"Exports rose in May," Minister Olav Dahl said.')
    assert (quote.polarity, quote.polarity_cue) == ("asserts", "")


def test_multi_paragraph_quote_runs_into_the_next_paragraph():
    text = '"We will rebuild the line," Ana Ferreira said. "It will take years.\n\n"But we will do it."'
    quotes = extract_quotes(text)
    assert [quote.text for quote in quotes] == ["We will rebuild the line", "It will take years", "But we will do it"]
    assert {quote.speaker for quote in quotes} == {"Ana Ferreira"}


def test_description_and_name_between_commas_after_the_quote():
    quote = only_quote('"Our members are exhausted," its president, Karen Holt, told a briefing in Leeds.')
    assert quote.speaker == "Karen Holt"


def test_names_do_not_run_across_paragraphs():
    text = 'Karen Holt spoke in Leeds.\n\nHolt said the airline had "stopped listening to passengers".'
    assert only_quote(text).speaker == "Karen Holt"


def test_capitalised_role_at_sentence_start_is_stripped():
    assert only_quote('Analyst Tom Fairley said rivals were "short of good captains".').speaker == "Tom Fairley"


def test_subject_with_lower_case_role_words_is_the_paragraph_subject_for_pronouns():
    text = 'Chief operating officer Raj Mehta said the figures were wrong. "No pilot broke the limit," he said.'
    assert only_quote(text).speaker == "Raj Mehta"


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Ukraine's President Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Russia's foreign minister Sergei Lavrov", "Sergei Lavrov"),
        ("France's President Emmanuel Macron", "Emmanuel Macron"),
        ("the company's chief executive Jane Doe", "Jane Doe"),
        ("Britain's Prime Minister Keir Starmer", "Keir Starmer"),
        ("Pharmacists' association president Lena Dorn", "Lena Dorn"),
    ],
)
def test_titles_are_stripped_after_a_possessive_owner(written, expected):
    quote = only_quote(f'{written[:1].upper()}{written[1:]} said the talks had been "useful for both sides".')
    assert quote.speaker == expected
    assert quote.speaker_kind == "person"


@pytest.mark.parametrize(
    "written, expected, kind",
    [
        ("Ukraine's General Staff", "General Staff of the Armed Forces of Ukraine", "military"),
        ("Germany's Federal Network Agency", "Federal Network Agency", "government"),
    ],
)
def test_a_possessive_owner_before_an_organisation_keeps_the_organisation(written, expected, kind):
    quote = only_quote(f'{written} said the situation was "under control for now".')
    assert (quote.speaker, quote.speaker_kind) == (expected, kind)


def test_pronoun_after_a_possessive_title_refers_to_the_person():
    text = (
        "Quillon's chief executive Hanna Voss said the files were test data.\n\n"
        '"Not one of them belongs to a real person," she told analysts.'
    )
    quote = only_quote(text)
    assert quote.speaker == "Hanna Voss"


def test_quote_before_a_conjunction_clause_belongs_to_the_first_clause_subject():
    text = (
        'President Vladimir Putin called on Friday for the troops to "lay down their arms" as Ukraine\'s President '
        "Volodymyr Zelensky accused the Russian leader of seeking to sabotage a ceasefire."
    )
    quote = only_quote(text)
    assert quote.speaker == "Vladimir Putin"


@pytest.mark.parametrize("conjunction", ["as", "while", "but", "after", "and"])
def test_a_later_clause_with_its_own_subject_does_not_own_an_earlier_quote(conjunction):
    text = f'Mayor Ana Ruiz called the plan "reckless and badly costed" {conjunction} council leader Tom Berg said it was overdue.'
    assert only_quote(text).speaker == "Ana Ruiz"


def test_quote_inside_a_conjunction_clause_belongs_to_that_clause():
    text = 'Donald Trump urged Putin to spare the lives of the troops as he said his envoy had held "very long and productive" talks.'
    assert only_quote(text).speaker == "Donald Trump"


def test_role_description_resolves_to_the_person_introduced_with_that_role():
    text = (
        "Health Minister Petra Valk ordered a review.\n\n"
        "Opposition health spokesman Rolf Amsel called it weak.\n\n"
        'The minister said patients deserved "a second pair of eyes".'
    )
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_kind) == ("Petra Valk", "person")


def test_the_judge_is_the_judge_named_earlier_not_the_last_person():
    text = (
        "Judge Alan Holt remanded Declan O'Neill in custody.\n\n"
        '"You should expect a custodial sentence," the judge said.'
    )
    assert only_quote(text).speaker == "Alan Holt"


def test_role_description_with_no_named_holder_stays_a_description():
    quote = only_quote('The minister said the plan was "on track for next year".')
    assert quote.speaker == "minister"


def test_name_at_the_end_of_a_description_between_commas_is_the_speaker():
    text = 'Outside court, one of the tenants, nursing student Amira Qureshi, said the verdict was "a relief for everyone".'
    assert only_quote(text).speaker == "Amira Qureshi"


@pytest.mark.parametrize("opening", ["In Leeds, Holt said", "In Leeds on Friday, Holt said", "Speaking in Leeds, Holt said"])
def test_a_place_before_the_speaker_is_not_part_of_the_name(opening):
    text = f"Judge Alan Holt adjourned the case.\n\n{opening} the losses were \"real and very painful\"."
    assert only_quote(text).speaker == "Alan Holt"


def test_apostrophe_names_inside_and_outside_quotes():
    text = (
        "Prosecutor Sarah Whitcombe addressed the jury.\n\n"
        "\"Mr O'Neill knew exactly where that money was going,\" Whitcombe said.\n\n"
        "Declan O'Neill denied it. \"I never took anyone's money,\" O'Neill told the court."
    )
    quotes = extract_quotes(text)
    assert [(quote.speaker, quote.text) for quote in quotes] == [
        ("Sarah Whitcombe", "Mr O'Neill knew exactly where that money was going"),
        ("Declan O'Neill", "I never took anyone's money"),
    ]


def test_name_described_as_a_company_is_an_organisation_and_it_refers_back_to_it():
    text = (
        'Quillon, the payroll software company, dismissed the report, calling it "recycled from old leaks".\n\n'
        "Quillon's chief executive Hanna Voss spoke to analysts.\n\n"
        'The company disputed that account. In a statement, it said it had received "only a partial sample".'
    )
    first, second = extract_quotes(text)
    assert (first.speaker, first.speaker_kind) == ("Quillon", "organisation")
    assert (second.speaker, second.speaker_kind) == ("Quillon", "organisation")
    assert second.speaker_as_written == "it"


def test_description_then_name_appositive_names_the_organisation():
    text = (
        "The regulator, the Information Rights Office, was told of the leak.\n\n"
        'The regulator said it was "assessing the information carefully".'
    )
    assert only_quote(text).speaker == "Information Rights Office"


def test_an_unnamed_role_holder_is_not_the_one_named_earlier():
    text = (
        "Ministry spokesman Karl Bauer gave the figures to the Rail Workers Union on Monday.\n\n"
        'A spokesman for the union said the figures were "invented".'
    )
    assert only_quote(text).speaker == "Rail Workers Union"


def test_a_person_who_heads_a_company_stays_a_person():
    text = 'Tom Berg, the head of the company, said the report was "wrong on every count".\n\n"We will sue them," Berg added.'
    quotes = extract_quotes(text)
    assert [(quote.speaker, quote.speaker_kind) for quote in quotes] == [("Tom Berg", "person")] * 2


@pytest.mark.parametrize("description", ["Passenger", "Student", "Councillor", "Witness"])
def test_a_capitalised_description_at_sentence_start_is_not_part_of_the_name(description):
    quote = only_quote(f'{description} Tomas Brandt said nobody had told them. "We found out from the news," he said.')
    assert quote.speaker == "Tomas Brandt"


def test_a_place_glued_to_a_known_surname_is_dropped():
    text = 'Judge Alan Holt adjourned the case.\n\nIn Leeds Holt said the losses were "real and very painful".'
    assert only_quote(text).speaker == "Alan Holt"


def test_an_age_between_the_name_and_its_description_is_skipped():
    assert only_quote('Tom Berg, 54, a former banker, said the plan was "long overdue for the town".').speaker == "Tom Berg"


def test_possessive_owner_before_a_bare_surname_uses_the_gazetteer():
    assert only_quote('Ukraine\'s Zelensky said it was "too early to say".').speaker == "Volodymyr Zelensky"


def test_according_to_names_the_speaker():
    quote = only_quote('According to union leader Jan Kos, the talks were "a waste of time".')
    assert quote.speaker == "Jan Kos"


def test_according_to_a_document_is_not_a_speaker():
    assert extract_quotes('According to the report, the plan was "dead in the water".') == []


def test_quoted_as_saying_names_the_object_before_as():
    text = 'Union leader Jan Kos spoke on Monday.\n\nThe newspaper quoted Kos as saying the plan was "dead in the water".'
    assert only_quote(text).speaker == "Jan Kos"


def test_he_skips_a_subject_known_to_be_a_woman():
    text = (
        "Mr Tom Berg chaired the meeting. Spokeswoman Ingrid Sorel presented the figures.\n\n"
        '"It went very well," he said.'
    )
    assert only_quote(text).speaker == "Tom Berg"


def test_she_skips_a_subject_whose_own_pronoun_was_his():
    text = (
        "Health Minister Petra Valk ordered a review on Monday. She said it would be independent.\n\n"
        "Opposition spokesman Rolf Amsel said his party would back it.\n\n"
        '"Patients deserve clear answers," she said.'
    )
    assert only_quote(text).speaker == "Petra Valk"


def test_a_name_after_a_preposition_in_a_comma_chunk_is_not_the_speaker():
    text = 'Mayor Ana Ruiz, speaking after council leader Tom Berg, said the plan was "reckless and badly costed".'
    assert only_quote(text).speaker == "Ana Ruiz"


def test_the_company_refers_back_to_a_business_introduced_by_its_description():
    text = (
        "Regulators fined the copper miner Astor Minerals on Monday, "
        'but the company said the penalty was "out of all proportion".'
    )
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_kind) == ("Astor Minerals", "organisation")


def test_an_unnamed_spokesperson_speaks_for_the_organisation_named_earlier():
    text = 'The Ministry of Water published the figures.\n\nA ministry spokeswoman said they were "accurate and fully checked".'
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_kind) == ("Ministry of Water", "government")


def test_a_description_built_on_the_organisations_own_word_refers_back_to_it():
    text = 'A former head of the Port of Calder was jailed.\n\nThe port authority said decisions were "automated at the time".'
    assert only_quote(text).speaker == "Port of Calder"


@pytest.mark.parametrize("title", ["UN Secretary-General", "Attorney-General", "President-elect", "Commander-in-Chief"])
def test_hyphenated_titles_are_stripped(title):
    assert only_quote(f'{title} Mara Okonkwo said the attack was "unacceptable and must stop".').speaker == "Mara Okonkwo"


# -- generic descriptions ("the company", "the club") -------------------------------------


@pytest.mark.parametrize("description", ["the company", "the firm", "a company spokesman", "a spokesperson for the company", "a company spokeswoman"])
def test_generic_description_is_the_company_named_earlier(description):
    text = f'Harbour Steel Ltd said on Monday it would keep the plant open. "We have a long future here," {description} said.'
    quote = only_quote(text)
    assert quote.speaker == "Harbour Steel Ltd"
    assert quote.speaker_as_written == description
    assert quote.speaker_kind == "organisation"


def test_spokesperson_for_a_named_organisation_is_that_organisation():
    quote = only_quote('"We have a long future here," a spokesperson for Harbour Steel Ltd said.')
    assert quote.speaker == "Harbour Steel Ltd"


def test_generic_description_skips_organisations_of_another_kind():
    text = (
        "Marrow Dairies plc recalled 40,000 pots. The campaign group Fair Plate and the Food Standards Office "
        'criticised it. "No pot reached a shop," the company said. "We are reviewing the logs," the regulator said.'
    )
    company, regulator = extract_quotes(text)
    assert company.speaker == "Marrow Dairies"
    assert regulator.speaker == "Food Standards Office"


@pytest.mark.parametrize(
    "introduction, description, expected",
    [
        ("Kelvin Rovers signed the striker on Friday.", "the club", "Kelvin Rovers"),
        ("Ashgrove Athletic FC signed the striker on Friday.", "a club spokesman", "Ashgrove Athletic FC"),
        ("The Finance Ministry published the figures.", "the ministry", "Finance Ministry"),
        ("The Ministry of Water published the figures.", "the ministry", "Ministry of Water"),
        ("Calder Savings Bank met the Civic Party on Friday.", "the bank", "Calder Savings Bank"),
        ("Quillon, the payroll software company, met the union.", "the firm", "Quillon"),
    ],
)
def test_generic_description_fits_the_kind_of_organisation(introduction, description, expected):
    quote = only_quote(f'{introduction} "The figures are right," {description} said.')
    assert quote.speaker == expected


def test_generic_description_never_means_an_organisation_of_another_kind():
    # A union is not "the company", a business is not "the ministry": no speaker, not the wrong one.
    assert extract_quotes('The Rail Workers Union called a strike. "We will not move," the company said.') == []
    text = '"Prices will stay where they are," Acme Corp said. The ministry denied it. "No such promise was made," it said.'
    assert [quote.speaker for quote in extract_quotes(text)] == ["Acme Corp"]


def test_a_pronoun_nobody_fits_leaves_the_quote_out_rather_than_credit_it():
    assert extract_quotes('"Jobs will return soon," it added.') == []
    assert extract_quotes('The plant closed on Monday. "Jobs will return soon," he said.') == []


def test_company_names_ending_in_a_plural_trade_word_are_organisations_it_refers_to():
    text = '"We had no choice," Harrowgate Foods said. "Jobs will return soon," it added.'
    assert [(quote.speaker, quote.speaker_kind) for quote in extract_quotes(text)] == [("Harrowgate Foods", "organisation")] * 2


def test_generic_description_may_mean_a_known_organisation_whose_kind_the_name_does_not_tell():
    text = 'Harrowgate Foods cut 200 jobs. "We had no choice," the company said.'
    known = [KnownSource(name="Harrowgate Foods", kind="organisation")]
    assert only_quote(text, known_sources=known).speaker == "Harrowgate Foods"


@pytest.mark.parametrize("description", ["the company", "the club", "the ministry", "a company spokesman", "a spokesperson for the firm"])
def test_generic_description_with_no_organisation_is_not_extracted(description):
    text = f'Mayor Lena Ortiz spoke on Monday. "We have a long future here," {description} said.'
    assert extract_quotes(text) == []


def test_dropped_description_does_not_take_the_previous_speaker():
    text = '"The bridge opens in May," Mayor Lena Ortiz said.\n\n"We have a long future here," the company said.'
    assert [quote.speaker for quote in extract_quotes(text)] == ["Lena Ortiz"]


def test_generic_description_far_back_means_the_articles_own_organisation():
    text = (
        "Ashgrove Athletic denied the report. Ashgrove said the winger was happy.\n\n"
        "Brennock Town, two points behind Ashgrove, declined to comment.\n\n"
        "The Ashgrove Supporters' Trust said fans were unsettled.\n\n"
        "Fans gathered outside the ground.\n\n"
        'Asked about a bid, the club said: "There has been no offer."'
    )
    assert only_quote(text).speaker == "Ashgrove Athletic"


def test_possessive_description_takes_the_person_with_that_role():
    text = (
        "Ashgrove signed winger Kofi Mensah-Hale. His agent, Marco Lutz, spoke on radio.\n\n"
        '"He is happy here," the player\'s agent said. "Everything is fine here," the winger said.'
    )
    agent, winger = extract_quotes(text)
    assert agent.speaker == "Marco Lutz"
    assert winger.speaker == "Kofi Mensah-Hale"


# -- an organisation's possessive before a person ---------------------------------------


def test_possessive_organisation_before_a_person_gives_the_person_in_both_forms():
    text = 'The Civic Party\'s Rowena Tallis disagreed, calling it "a mistake for the city". "It is wrong," Tallis said.'
    first, second = extract_quotes(text)
    assert first.speaker == second.speaker == "Rowena Tallis"
    assert first.speaker_kind == second.speaker_kind == "person"


@pytest.mark.parametrize(
    "attribution",
    [
        "the party's leader, Rowena Tallis, said",
        "Harbour Steel's chief executive, Rowena Tallis, said",
        "said Harbour Steel's chief executive, Rowena Tallis",
        "said its chair, Rowena Tallis",
    ],
)
def test_description_then_name_between_commas_gives_the_person(attribution):
    quote = only_quote(f'The Civic Party and Harbour Steel Ltd met. "It is wrong," {attribution}.')
    assert quote.speaker == "Rowena Tallis"
    assert quote.speaker_kind == "person"


def test_a_fuller_description_with_no_organisation_named_is_kept_as_written():
    quote = only_quote('Unions called a strike that the regional transport authority says rests on "a misunderstanding of the facts".')
    assert quote.speaker == "regional transport authority"


def test_a_description_named_by_its_place_is_an_organisation_to_refer_back_to():
    quote = only_quote('The government of Ruritania and Prime Minister Ana Bel met. "Taxes will fall next year," the government said.')
    assert quote.speaker == "Government of Ruritania"


def test_a_sources_own_name_beats_another_sources_alias_and_the_first_given_keeps_a_shared_alias():
    # The order the app gives (oldest first) and the rule the save step follows (source_find_by_name).
    known = [
        KnownSource(name="Harbour Authority", aliases=("Port Board", "HBA"), kind="organisation"),
        KnownSource(name="Port Board", kind="organisation"),
        KnownSource(name="Harbour Business Alliance", aliases=("HBA",), kind="organisation"),
    ]
    assert only_quote('"We will dredge the channel," Port Board said.', known_sources=known).speaker == "Port Board"
    assert only_quote('"We will dredge the channel," HBA said.', known_sources=known).speaker == "Harbour Authority"
    assert only_quote('"We will dredge the channel," HBA said.', known_sources=known[::-1]).speaker == "Harbour Business Alliance"


def test_a_trade_word_makes_an_organisation_only_as_part_of_a_name():
    from claims.extraction.quotes import _organisation_kind

    assert _organisation_kind(["Northsound", "Ferries"]) == "organisation"
    assert _organisation_kind("the head of communications".split()) is None
    assert _organisation_kind("the finance director".split()) is None


def test_she_after_a_spokeswoman_for_an_organisation_is_the_organisation():
    text = (
        "Sam Achterberg spoke first.\n\n"
        "A spokeswoman for the Ashvale Parents' Forum said families were tired. "
        '"Parents do not care who is to blame," she said.'
    )
    assert [(quote.speaker, quote.speaker_kind) for quote in extract_quotes(text)] == [("Ashvale Parents' Forum", "organisation")]


def test_a_lead_may_name_the_company_in_the_next_two_paragraphs_but_not_further():
    lead = 'The council accused its supplier of missed deliveries, a charge the company called "simply untrue".'
    named = "The supplier, Greenplate Catering Ltd, has held the contract since 2019."
    assert [quote.speaker for quote in extract_quotes(f"{lead}\n\nHead teachers logged 43 missed deliveries.\n\n{named}")] == [
        "Greenplate Catering Ltd"
    ]
    far = f"{lead}\n\nOne.\n\nTwo.\n\nThree.\n\n{named}"
    assert extract_quotes(far) == []
    assert extract_quotes(f"{lead}\n\nThe Schools Ministry has opened an inquiry.") == []


def test_a_place_adjective_and_kind_mean_the_organisation_named_with_that_place():
    text = (
        "Calderia's defence ministry denied the strike. \"We fired nothing at all,\" the ministry said.\n\n"
        'In a later statement the Calderian ministry insisted its units had been "on routine exercises far away".'
    )
    assert {quote.speaker for quote in extract_quotes(text)} == {"Calderia's defence ministry"}
    assert extract_quotes('Calderia\'s defence ministry spoke. The Ruritanian ministry said it was "alarmed by the reports".')[0].speaker == "Ruritanian ministry"


@pytest.mark.parametrize(
    "text, is_person",
    [
        ("Patients' group Care Watch called the figures \"worrying if it is true\".", False),
        ('The housing watchdog Fair Rents said the figures were "wrong on every count".', False),
        ('Union official Dev Patel said it was "a disgrace to the city".', True),
        ('The company\'s chief executive Jane Doe said it was "fine for the moment".', True),
    ],
)
def test_the_noun_before_a_name_says_whether_it_is_an_organisation(text, is_person):
    assert (only_quote(text).speaker_kind == "person") == is_person


# -- issue 14: shapes seen on real news ----------------------------------------------------


def test_a_straight_quote_nested_in_a_straight_quote_stays_inside_it():
    text = '"Nobody came in, and it was "not my problem," so we closed the shop," Dara Quinn said.'
    quote = only_quote(text)
    assert quote.text == 'Nobody came in, and it was "not my problem," so we closed the shop'
    assert quote.speaker == "Dara Quinn"


def test_a_quote_opened_curly_and_closed_straight_is_one_quote():
    quote = only_quote('\u201cThe count was checked twice and nothing was wrong," Registrar Ilse Brandt said.')
    assert quote.text == "The count was checked twice and nothing was wrong"


def test_a_quote_over_paragraphs_takes_the_speaker_of_the_paragraph_that_closes_it():
    text = (
        "Union chief Mara Velde spoke after the vote.\n\n"
        '"We asked for talks and got a letter.\n\n'
        '"Now we will strike until the board listens," she said.'
    )
    first, second = extract_quotes(text)
    assert first.text == "We asked for talks and got a letter"
    assert first.speaker == second.speaker == "Mara Velde"


def test_a_paragraph_that_is_only_a_quote_continues_the_previous_speaker():
    text = (
        '"The ward is full every night," said nurse Tomas Grieg.\n\n'
        '"We need two more staff on each shift before winter."'
    )
    assert [quote.speaker for quote in extract_quotes(text)] == ["Tomas Grieg", "Tomas Grieg"]


def test_a_quote_whose_closing_mark_is_lost_runs_to_the_end_of_its_paragraph():
    text = 'A spokeswoman for Orla Foods denied the report. "We have never sold that product in Europe or anywhere else.'
    quote = only_quote(text)
    assert quote.text == "We have never sold that product in Europe or anywhere else"
    assert quote.speaker == "Orla Foods"


def test_a_quote_sentence_after_a_reported_sentence_belongs_to_its_subject():
    text = 'Councillor Ruth Amos said the depot would close in May. "It is a sad day for the town."'
    assert only_quote(text).speaker == "Ruth Amos"


def test_a_statement_with_no_owner_is_the_organisation_the_article_is_about():
    text = (
        "Harbour Rovers have denied misleading their supporters.\n\n"
        'Harbour Rovers said on Monday that the stadium plan was unchanged.\n\n'
        '"The club has never hidden its plans from the fans," the statement said.'
    )
    assert only_quote(text).speaker == "Harbour Rovers"


def test_the_rep_is_the_one_last_introduced_for_someone():
    text = (
        "The singer's rep, Paul Ince, spoke first. Later a rep for Star Weekly answered.\n\n"
        '"We stand by every word of our interview," the rep said.'
    )
    assert only_quote(text).speaker == "Star Weekly"


@pytest.mark.parametrize("opening", ["Instead", "However", "Such", "Additionally"])
def test_a_capitalised_sentence_opener_is_not_a_speaker(opening):
    text = f'{opening} claims were checked by the board. "Nothing was found in the accounts," he said.'
    assert extract_quotes(text) == []


def test_name_then_description_between_commas_after_the_quote():
    text = '"The figures are not what we were told," Sven Alder, deputy head of the port authority, said.'
    assert only_quote(text).speaker == "Sven Alder"


def test_a_spokesperson_placed_in_a_city_speaks_for_the_organisation():
    text = '"The report is not true," a spokesman for Norvale Chemicals in Geneva told reporters.'
    assert only_quote(text).speaker == "Norvale Chemicals"


def test_she_skips_a_man_known_by_his_first_name():
    text = (
        "Senator Jennifer Osei criticised the bill. Campaign chair John Rask defended it.\n\n"
        '"The bill leaves rural voters without a polling station," she said.'
    )
    assert only_quote(text).speaker == "Jennifer Osei"


def test_quoted_as_saying_after_the_quote_names_the_one_quoted():
    text = (
        "A Norvale lawyer said in a statement that the lawsuit had no merit at all.\n\n"
        '"The company will defend itself against every one of these claims," the Daily Ledger quoted the lawyer as saying.'
    )
    assert only_quote(text).speaker == "Norvale"


def test_but_followed_by_a_clause_still_finds_the_subject_after_the_comma():
    text = 'But when asked about the report on Monday, Mayor Ida Lenz responded: "That is total, total rubbish."'
    assert only_quote(text).speaker == "Ida Lenz"
