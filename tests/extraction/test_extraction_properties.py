"""Properties that hold for any input, and the speed the import benchmark relies on."""
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import clean_text, extract_quotes

QUOTE_HEAVY_ALPHABET = st.sampled_from(
    list("abcXYZ .,:;!?\n'\"") + ["\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u201a",
                                  "\u00a0", "\u202f", " said ", " he said", "Putin", " Mr ", "President ", "U.S. "]
)
text_strategy = st.one_of(st.text(max_size=400), st.lists(QUOTE_HEAVY_ALPHABET, max_size=120).map("".join))


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_extract_quotes_never_raises_and_offsets_match(text):
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        assert quote.text
        assert quote.kind in {"direct", "mixed", "paraphrase"}
        assert quote.polarity in {"asserts", "denies"}


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_clean_text_never_raises(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned.text, str) and isinstance(cleaned.title, str)


def test_a_thousand_word_article_is_processed_in_well_under_twenty_milliseconds():
    paragraph = (
        '"We will not let the state abandon the countryside," said union leader Claire Moreau at a rally on '
        "Saturday. Transport chief Julien Bastide said no station would close, calling the claims "
        '"a misunderstanding". "Every station matters," she said.\n\n'
    )
    article = paragraph * (1000 // len(paragraph.split()) + 1)
    extract_quotes(article)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        extract_quotes(clean_text(article).text)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.020, f"{min(timings) * 1000:.1f} ms"
