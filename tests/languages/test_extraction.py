"""The multilingual extractor on short articles of our own writing, one per language: quotes,
speakers (names, pronouns, roles, inverted verbs), and what is not a claim (headlines, labels)."""

import pytest

from claims.extraction.multilingual import extract_quotes_multilingual
from claims.extraction.types import KnownSource

NBSP, NNBSP = "\u00a0", "\u202f"

GERMAN = (
    "Die Stadtwerke von Mühlbach haben Berichte über eine Preiserhöhung zurückgewiesen.\n\n"
    "„Die Gaspreise bleiben bis zum Jahresende stabil“, sagte Geschäftsführerin Helga Brandauer am Mittwoch. "
    "„Wer etwas anderes behauptet, verbreitet Gerüchte.“\n\n"
    "Der Verbraucherschützer Tobias Reiner sieht das anders. Er erklärte: „Die Kunden haben bereits Briefe mit neuen Tarifen bekommen.“\n\n"
    "Brandauer wies die Darstellung als „völlig falsch“ zurück. Reiner sprach von einem „Kommunikationsproblem“.\n\n"
    "„Ein Winter ohne Sorgen“\n\n"
    "Die Stadtwerke wollen ihre Tarife im Januar veröffentlichen."
)

FRENCH = (
    "Le maire de Villeneuve-sur-Lande, Étienne Marchal, a démenti lundi toute fermeture de la piscine municipale.\n\n"
    f"«{NBSP}La piscine restera ouverte tout l’été{NBSP}», a-t-il déclaré devant le conseil municipal. "
    f"«{NNBSP}Nous avons trouvé le budget nécessaire.{NNBSP}»\n\n"
    "Selon l’opposition, le chantier coûtera pourtant plus cher que prévu. La conseillère Amandine Roux a dénoncé un "
    f"«{NBSP}mensonge{NBSP}» et a affirmé que «{NBSP}les devis ont doublé depuis janvier{NBSP}».\n\n"
    f"«{NBSP}Nous publierons tous les chiffres la semaine prochaine{NBSP}», a répliqué le maire.\n\n"
    f"Piscine{NBSP}: «{NBSP}une décision attendue{NBSP}»"
)

SPANISH = (
    "La consejera de Sanidad de Montalbán, Lucía Ferrer, negó este martes que falten médicos en los centros de salud.\n\n"
    "“No hay ningún centro sin médico de guardia”, afirmó Ferrer en una rueda de prensa. “Los datos del sindicato son falsos”.\n\n"
    "El Sindicato Médico Regional respondió con un comunicado. «Tenemos guardias sin cubrir cada fin de semana», "
    "aseguró su portavoz, Andrés Salas.\n\n"
    "Según Salas, la situación empeorará en verano, cuando llegan los «refuerzos»."
)

UKRAINIAN = (
    "Міністр енергетики Остап Кравчук заявив, що відключень світла цієї зими не буде.\n\n"
    "«Енергосистема має достатній резерв потужностей. Графіків відключень не планується», – сказав Кравчук журналістам.\n\n"
    "За словами Кравчука, ремонт підстанцій завершать до грудня.\n\n"
    "«Ми вже відновили понад дві третини пошкодженого обладнання», – додав міністр."
)

RUSSIAN = (
    "Пресс-секретарь губернатора Ирина Белова опровергла сообщения о закрытии городского театра.\n\n"
    "«Театр продолжит работу в обычном режиме, никаких решений о закрытии не принималось», — заявила Белова.\n\n"
    "По словам Беловой, слухи появились после публикации в одном из Telegram-каналов.\n\n"
    "«Это фейк», — добавила она."
)


def _found(text: str, language: str, known=()) -> list[tuple[str, str]]:
    return [(quote.speaker, quote.text) for quote in extract_quotes_multilingual(text, language=language, known_sources=known)]


def test_german_quotes_inverted_verb_pronoun_and_verdict():
    assert _found(GERMAN, "de") == [
        ("Helga Brandauer", "Die Gaspreise bleiben bis zum Jahresende stabil"),
        ("Helga Brandauer", "Wer etwas anderes behauptet, verbreitet Gerüchte"),
        ("Tobias Reiner", "Die Kunden haben bereits Briefe mit neuen Tarifen bekommen"),
        ("Helga Brandauer", "völlig falsch"),
    ]


def test_german_one_word_label_and_headline_are_not_claims():
    texts = [text for _speaker, text in _found(GERMAN, "de")]
    assert "Kommunikationsproblem" not in texts
    assert "Ein Winter ohne Sorgen" not in texts


def test_french_guillemets_with_no_break_spaces_and_a_t_il():
    assert _found(FRENCH, "fr") == [
        ("Étienne Marchal", "La piscine restera ouverte tout l’été"),
        ("Étienne Marchal", "Nous avons trouvé le budget nécessaire"),
        ("Amandine Roux", "mensonge"),
        ("Amandine Roux", "les devis ont doublé depuis janvier"),
        ("Étienne Marchal", "Nous publierons tous les chiffres la semaine prochaine"),
    ]


def test_french_quote_offsets_point_into_the_text():
    for quote in extract_quotes_multilingual(FRENCH, language="fr"):
        assert FRENCH[quote.start : quote.end] == quote.text
        assert NBSP not in quote.text and NNBSP not in quote.text


def test_spanish_surname_role_with_apposition_and_a_label_left_out():
    assert _found(SPANISH, "es") == [
        ("Lucía Ferrer", "No hay ningún centro sin médico de guardia"),
        ("Lucía Ferrer", "Los datos del sindicato son falsos"),
        ("Andrés Salas", "Tenemos guardias sin cubrir cada fin de semana"),
    ]


def test_spanish_denial_is_marked():
    quotes = extract_quotes_multilingual(SPANISH, language="es")
    assert quotes[1].polarity == "denies"


def test_ukrainian_inflected_name_is_brought_to_its_base_form_and_given_in_latin():
    quotes = extract_quotes_multilingual(UKRAINIAN, language="uk")
    assert [(quote.speaker, quote.speaker_as_written) for quote in quotes] == [
        ("Ostap Kravchuk", "Остап Кравчук"),
        ("Ostap Kravchuk", "Остап Кравчук"),
    ]
    assert quotes[1].text == "Ми вже відновили понад дві третини пошкодженого обладнання"


def test_russian_feminine_name_pronoun_and_a_two_word_verdict():
    quotes = extract_quotes_multilingual(RUSSIAN, language="ru")
    assert [(quote.speaker, quote.text) for quote in quotes] == [
        ("Irina Belova", "Театр продолжит работу в обычном режиме, никаких решений о закрытии не принималось"),
        ("Irina Belova", "Это фейк"),
    ]
    assert quotes[0].speaker_as_written == "Ирина Белова"
    assert quotes[1].polarity == "denies"


def test_a_cyrillic_name_resolves_to_a_known_latin_source_by_transliteration():
    known = (KnownSource(name="Ostap Kravchuk", aliases=(), kind="person"),)
    text = "«Резерв потужностей достатній для всієї країни», – сказав Кравчук."
    assert _found(text, "uk", known) == [("Ostap Kravchuk", "Резерв потужностей достатній для всієї країни")]


def test_a_german_spelling_resolves_to_the_known_english_one():
    known = (KnownSource(name="Ostap Kravchuk", aliases=("Kravchuk",), kind="person"),)
    text = "„Wir haben genug Reserven für den ganzen Winter“, sagte Krawtschuk."
    assert _found(text, "de", known) == [("Ostap Kravchuk", "Wir haben genug Reserven für den ganzen Winter")]


def test_a_quote_over_two_paragraphs_is_one_quote_per_paragraph_with_the_speaker_of_the_end():
    text = (
        "Die Trainerin Vera Holm äußerte sich nach dem Spiel.\n\n"
        "„Wir haben in der ersten Halbzeit zu viele Chancen vergeben.\n\n"
        "Nach der Pause war die Mannschaft besser, und das Ergebnis ist verdient“, sagte Holm."
    )
    assert _found(text, "de") == [
        ("Vera Holm", "Wir haben in der ersten Halbzeit zu viele Chancen vergeben"),
        ("Vera Holm", "Nach der Pause war die Mannschaft besser, und das Ergebnis ist verdient"),
    ]


def test_nested_quotes_give_only_the_outer_one():
    text = "«Управление сообщает, что информация об «эпидемии» не соответствует действительности», — говорится в сообщении министерства здравоохранения."
    quotes = extract_quotes_multilingual(text, language="ru")
    assert [(quote.speaker, quote.text[:19]) for quote in quotes] == [("Ministry of Health", "Управление сообщает")]


def test_a_language_without_a_lexicon_is_refused():
    with pytest.raises(ValueError, match="No lexicon"):
        extract_quotes_multilingual("Ciao", language="it")


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("ru", "Депутаты обсудили закон. «Мы не допустим повышения тарифов», — сказал РИА Новости глава комитета Иван Петров.", "Ivan Petrov"),
        ("es", "«Tenemos guardias sin cubrir cada fin de semana», dijo a EFE la portavoz del sindicato, Ana Gil.", "Ana Gil"),
        ("de", "„Wir bleiben bei unserer Position“, sagte der Sprecher des Konzerns, Jan Berg, der Deutschen Presse-Agentur.", "Jan Berg"),
    ],
)
def test_the_outlet_that_was_told_is_not_the_speaker(language, text, speaker):
    assert [quote.speaker for quote in extract_quotes_multilingual(text, language=language)] == [speaker]


def test_an_organisation_s_initials_before_a_name_are_not_part_of_it():
    text = "Речниця ОВА Марія Ткач прокоментувала ситуацію. За словами Ткач, «евакуація триває за планом і без затримок»."
    quotes = extract_quotes_multilingual(text, language="uk")
    assert [(quote.speaker, quote.speaker_as_written) for quote in quotes] == [("Mariia Tkach", "Марія Ткач")]


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("de", "Der Innenminister Karl Dorn äußerte sich am Abend. »Die Lage ist unter Kontrolle«, so der Minister.", "Karl Dorn"),
        ("ru", "Министр Олег Смирнов провел совещание. «Мы не допустим повышения тарифов в этом году», — заявил он.", "Oleg Smirnov"),
        ("fr", "La ministre Claire Dubois était interrogée mardi. « Nous ne fermerons aucune école », selon la ministre.", "Claire Dubois"),
        ("es", "Interrogado por los periodistas, el ministro de Economía, Pablo Soler, dijo que «la inflación bajará este año».", "Pablo Soler"),
    ],
)
def test_so_der_minister_zayavil_on_selon_and_an_apposition(language, text, speaker):
    assert [quote.speaker for quote in extract_quotes_multilingual(text, language=language)] == [speaker]


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("fr", "Le préfet Paul Henry a réuni les élus. « La route restera fermée jusqu’à lundi », poursuit-il.", "Paul Henry"),
        ("fr", "Le ministère de la Santé a publié un communiqué. « Aucun cas n’a été confirmé », indique le communiqué du ministère.", "ministère de la Santé"),
        ("es", "El Ministerio de Sanidad emitió un comunicado. «La situación está controlada», señala la nota del ministerio.", "Ministerio de Sanidad"),
        ("uk", "У Міністерстві оборони прокоментували інформацію. «Ці дані не відповідають дійсності», – йдеться у повідомленні відомства.", "Ministry of Defence"),
    ],
)
def test_a_statement_speaks_for_the_body_that_issued_it(language, text, speaker):
    assert [quote.speaker for quote in extract_quotes_multilingual(text, language=language)] == [speaker]


def test_a_pronoun_with_no_one_before_it_gives_no_speaker_rather_than_a_guess():
    text = "« Nous ne céderons pas », estime-t-elle. La syndicaliste Marie Lenoir a ensuite rejoint le cortège."
    assert extract_quotes_multilingual(text, language="fr") == []


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("de", "Nach Angaben der Polizei wurden drei Menschen verletzt. „Die Ermittlungen laufen noch“, sagte ein Polizeisprecher.", "Polizei"),
        ("fr", "La SNCF a confirmé l’incident. « Le trafic reprendra demain matin », a indiqué un porte-parole.", "SNCF"),
        ("fr", "Le propriétaire du club, Marc Olivier, reste discret. « Le stade n’est pas à céder », a répété un porte-parole du propriétaire.", "Marc Olivier"),
    ],
)
def test_an_unnamed_spokesperson_speaks_for_the_body_or_the_person_named(language, text, speaker):
    assert [quote.speaker for quote in extract_quotes_multilingual(text, language=language)] == [speaker]


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("es", "«No vamos a subir los impuestos este año». Así lo aseguró este lunes el ministro de Hacienda, Luis Prado.", "Luis Prado"),
        ("fr", "« Nous irons jusqu’au bout », a déclaré mardi soir la députée Anne Roche.", "Anne Roche"),
        ("de", "„Wir prüfen alle Optionen“, sagte am Montag Verkehrsministerin Petra Wolf.", "Petra Wolf"),
        ("uk", "Про це повідомив голова ОВА Іван Федоров. «Всі служби працюють у штатному режимі», – зазначив він.", "Ivan Fedorov"),
        ("ru", "«Переговоры продолжатся на следующей неделе в Стамбуле». Об этом заявил глава делегации Владимир Мединский.", "Vladimir Medinsky"),
    ],
)
def test_a_day_between_verb_and_speaker_and_an_attribution_in_the_next_sentence(language, text, speaker):
    assert [quote.speaker for quote in extract_quotes_multilingual(text, language=language)] == [speaker]


def test_a_stray_opening_mark_does_not_turn_the_following_paragraphs_into_quotes():
    text = (
        "Le maire Jean Dupont a parlé. « Nous allons reconstruire le pont rapidement, a-t-il promis.\n\n"
        "Les travaux commenceront en mai selon la mairie.\n\n"
        "Le budget est de deux millions."
    )
    quotes = extract_quotes_multilingual(text, language="fr")
    assert len(quotes) == 1 and quotes[0].text.startswith("Nous allons reconstruire")


@pytest.mark.parametrize(
    "language, text, speaker, as_written",
    [
        ("ru", "«Мы пока не готовы обсуждать эту тему», – ответили в Украинской федерации футбола.",
         "Ukrainian Federation of Football", "Украинская федерация футбола"),
        ("uk", "У Міністерстві оборони прокоментували інформацію. «Ці дані не відповідають дійсності», – йдеться у повідомленні відомства.",
         "Ministry of Defence", "Міністерство оборони"),
    ],
)
def test_a_cyrillic_organisation_is_glossed_in_english_and_kept_in_the_nominative(language, text, speaker, as_written):
    quotes = extract_quotes_multilingual(text, language=language)
    assert [(quote.speaker, quote.speaker_as_written, quote.speaker_kind) for quote in quotes] == [(speaker, as_written, "organisation")]
