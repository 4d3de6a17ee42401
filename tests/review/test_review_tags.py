"""The quote is shown highlighted inside its sentence of the article."""

from types import SimpleNamespace

from claims.templatetags.review_tags import highlighted_quote, quote_sentence

TEXT = 'First sentence here. The union said "ferries carry four thousand" on Monday. Last one!'


def test_quote_sentence_cuts_at_sentence_ends():
    start = TEXT.index("ferries")
    end = start + len("ferries carry four thousand")
    assert quote_sentence(TEXT, start, end) == ('The union said "', "ferries carry four thousand", '" on Monday.')


def test_quote_sentence_trims_very_long_sentences():
    text = "word " * 200 + "QUOTE" + " word" * 200
    before, quote, after = quote_sentence(text, text.index("QUOTE"), text.index("QUOTE") + 5)
    assert quote == "QUOTE" and before.startswith("…") and after.endswith("…") and len(before) < 260


def _appearance(text, start, end, quote, context=""):
    return SimpleNamespace(article=SimpleNamespace(text=text), start=start, end=end, quote=quote, context=context)


def test_highlight_escapes_html_and_marks_the_quote():
    text = "He said <b>no</b>. Then: ferries & boats."
    start = text.index("ferries")
    html = highlighted_quote(_appearance(text, start, start + 7, "ferries"))
    assert html == "Then: <mark>ferries</mark> &amp; boats."


def test_highlight_falls_back_to_the_context_when_offsets_do_not_fit():
    html = highlighted_quote(_appearance("short", 50, 60, "the quote", context="Before the quote after"))
    assert html == "Before <mark>the quote</mark> after"
