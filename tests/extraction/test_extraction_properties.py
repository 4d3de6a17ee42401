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


# Linear time (issue 14): shapes that were quadratic or worse. The bound is generous on
# purpose (a loaded machine is many times slower: 25 s was seen with a load of 14 on two
# cores); what it catches is a return to quadratic cost, which takes hours on these inputs.
# `make bench` measures the speed.
PATHOLOGICAL_BOUND_SECONDS = 60
PATHOLOGICAL_INPUTS = {
    "one 1 MB sentence full of quotes": 'He said: "it is ' * 62_500,
    "one sentence of closed quotes": 'Mr Holt said "it is over" and ' * 20_000 + "left.",
    "10,000 quote marks": '"' * 10_000,
    "10,000 mixed marks": "\u201c\u2018'\u00ab " * 10_000,
    "no spaces": "ab" * 500_000,
    "a run of full stops": "." * 1_000_000,
    "a run of capitalised words": "Anna Holt " * 100_000 + "said.",
    "template braces": "{{" * 500_000,
}


def test_pathological_inputs_finish_in_linear_time():
    for name, text in PATHOLOGICAL_INPUTS.items():
        started = time.perf_counter()
        quotes = extract_quotes(clean_text(text).text)
        elapsed = time.perf_counter() - started
        assert elapsed < PATHOLOGICAL_BOUND_SECONDS, f"{name}: {elapsed:.1f} s"
        for quote in quotes[:100]:
            assert text[quote.start : quote.end] == quote.text


def test_a_quote_in_a_long_sentence_keeps_a_bounded_context():
    sentence = "Officials said " + 'the plan was "fine" and ' * 200 + 'Mr Holt said it was "a waste of money".'
    quotes = extract_quotes(sentence)
    assert quotes
    for quote in quotes:
        assert quote.text in quote.context
        assert len(quote.context) <= 2 * 300 + len(quote.text) + 2
