"""Where quotations and sentences are in a text, as offsets into that exact text.

Quotes are found line by line with one pass over the quote-mark characters, so the cost is
linear in the text. A quote never crosses a line break, except the wire convention where a
quote runs on into the next paragraph, which opens with the same mark again.
"""
import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS

LINE = re.compile(r"[^\n]+")
QUOTE_MARK = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019\u201a\u2039\u203a]")

# Opening mark -> the marks that may close it. German „ closes with “ (or ” in Polish usage),
# and German ‚ with ‘. Guillemets are only read in the French direction « ».
# Real pages mix the styles: a quote opened with a curly mark and closed with a straight one,
# or the other way round, is common in copy edited by hand.
DOUBLE_CLOSERS = {'"': '"\u201d', "\u201c": "\u201d\"", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb"}
DOUBLE_OPENERS = "\"\u201c\u201e\u00ab"
SINGLE_CLOSERS = {"'": "'", "\u2018": "\u2019", "\u201a": "\u2018\u2019", "\u2039": "\u203a"}
# What may stand before an opening single mark; anything else makes it an apostrophe.
SINGLE_OPENING_CONTEXT = " \t\u00a0\u202f([{\u2014\u2013-/\"\u201c\u201e\u00ab:"
TRAILING_CLAIM_PUNCTUATION = ",;:"

# Only at the first mark of a run ("!!!", "..."): trying every mark of a long run is quadratic.
SENTENCE_END = re.compile("(?<![.!?\u2026])[.!?\u2026]+[\"\u201c\u201d\u00bb'\u2018\u2019)\\]]*[ \t\u00a0\u202f]+")
WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.*$")
SENTENCE_START_CHARACTERS = "\"\u201c\u201e\u00ab'\u2018\u201a(["


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quotation: the marks run from `open_start` to `close_end`, the claim words from `start` to `end`."""

    open_start: int
    close_end: int
    start: int
    end: int


def _claim_bounds(text: str, content_start: int, content_end: int) -> tuple[int, int]:
    """Trim the words inside the marks to the claim: no outer spaces, no trailing comma or full stop."""
    while content_start < content_end and text[content_start].isspace():
        content_start += 1
    while content_end > content_start:
        character = text[content_end - 1]
        if character.isspace() or character in TRAILING_CLAIM_PUNCTUATION:
            content_end -= 1
        # A lone full stop ends the sentence; an ellipsis is part of what was said.
        elif character == "." and text[content_end - 2 : content_end] != "..":
            content_end -= 1
        else:
            break
    return content_start, content_end


def _can_open_single(text: str, position: int, line_start: int) -> bool:
    before = text[position - 1] if position > line_start else " "
    after = text[position + 1] if position + 1 < len(text) else ""
    return before in SINGLE_OPENING_CONTEXT and after.isalpha()


def _can_close_single(text: str, position: int, line_end: int, closers: str) -> bool:
    before = text[position - 1]
    after = text[position + 1] if position + 1 < line_end else ""
    if before.isspace() or after.isalpha():
        # "don't", "Ukraine’s": a mark between letters is an apostrophe.
        return False
    if before in "sS" and after.isspace() and position + 2 < line_end and text[position + 2].isalnum():
        # "the owners’ message": a plural possessive, unless no better closer follows.
        return not any(text.find(closer, position + 1, line_end) != -1 for closer in closers)
    return True


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quotation in the text, in order, with non-empty claim words."""
    spans: list[QuotedSpan] = []
    lines = [(match.start(), match.end()) for match in LINE.finditer(text)]
    for line_start, line_end in lines:
        open_position = -1
        closers = ""
        is_single = False
        # Straight quotes opened inside a double quote ("she said "we are done here," so we ..."):
        # each must close before the outer one can.
        nested = 0
        for match in QUOTE_MARK.finditer(text, line_start, line_end):
            position = match.start()
            mark = text[position]
            if open_position < 0:
                if mark in DOUBLE_CLOSERS:
                    # 5'10" and 12" are measurements, not quotes.
                    if mark == '"' and position > line_start and text[position - 1].isdigit():
                        continue
                    open_position, closers, is_single, nested = position, DOUBLE_CLOSERS[mark], False, 0
                elif mark in SINGLE_CLOSERS and _can_open_single(text, position, line_start):
                    open_position, closers, is_single = position, SINGLE_CLOSERS[mark], True
                continue
            if mark not in closers:
                continue
            if is_single and not _can_close_single(text, position, line_end, closers):
                continue
            if mark == '"' and not is_single:
                before = text[position - 1] if position > line_start else " "
                after = text[position + 1] if position + 1 < line_end else " "
                if before.isspace() and after.isalnum():
                    nested += 1
                    continue
                if nested:
                    nested -= 1
                    continue
            start, end = _claim_bounds(text, open_position + 1, position)
            if start < end:
                spans.append(QuotedSpan(open_position, position + 1, start, end))
            open_position = -1
        if open_position >= 0 and not is_single:
            # A quote left open runs to the end of its paragraph: wire style, where the next
            # paragraph opens with a quote mark again and the quote goes on, or a quote whose
            # closing mark the page lost (the last paragraph of a cut copy).
            start, end = _claim_bounds(text, open_position + 1, line_end)
            if start < end:
                spans.append(QuotedSpan(open_position, line_end, start, end))
    return spans


def line_bounds(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in LINE.finditer(text)]


def sentence_bounds(text: str, line_start: int, line_end: int, spans: list[QuotedSpan]) -> list[tuple[int, int]]:
    """Sentences of one line; a full stop inside a quotation never ends a sentence."""
    open_starts = [span.open_start for span in spans]
    sentences = []
    sentence_start = line_start
    for match in SENTENCE_END.finditer(text, line_start, line_end):
        boundary = match.end()
        if boundary >= line_end:
            break
        following = text[boundary]
        if not (following.isupper() or following.isdigit() or following in SENTENCE_START_CHARACTERS):
            continue
        punctuation_end = match.start() + len(match.group().rstrip())
        index = bisect_right(open_starts, punctuation_end - 1) - 1
        if index >= 0 and spans[index].close_end > punctuation_end:
            continue
        word = WORD_BEFORE_DOT.search(text, max(line_start, match.start() - 12), match.start() + 1)
        if word and text[match.start()] == ".":
            token = word.group(1).rstrip(".").lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        if text[match.start()] == "!" and match.start() > line_start and text[match.start() - 1].isupper() and (
            match.start() - 1 == line_start or not text[match.start() - 2].isalnum()
        ):
            # "E! News": one capital letter and "!" is a name, not the end of a sentence.
            continue
        sentences.append((sentence_start, punctuation_end))
        sentence_start = boundary
    sentences.append((sentence_start, line_end))
    return [(start, end) for start, end in (_strip_bounds(text, s, e) for s, e in sentences) if start < end]


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
