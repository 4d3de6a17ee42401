"""Where quotations are, for the multilingual extractor: a stack over the language's mark pairs.

Paragraph by paragraph, so nested quotations close properly and only the outermost is a
claim; a paragraph left open goes on into the following ones until its closing mark (one
quotation per paragraph, as printed). Single marks (‘ ’, ‹ ›) only nest inside a quotation:
alone they are apostrophes.
"""
from dataclasses import dataclass

from .lexicon_data import Lexicon
from .spans import line_bounds

SINGLE_MARKS = "‘’‚‹›'"
TERMINAL = ".!?…:;"
CLOSING = "\"'“”«»’‘›‹ \u00a0\u202f"
HEADLINE_WORDS = 20
CONTINUATION_PARAGRAPHS = 6


@dataclass(frozen=True)
class Span:
    """A quotation: marks from `open_start` to `close_end`, claim words from `start` to `end`."""

    open_start: int
    close_end: int
    start: int
    end: int
    closed: bool
    chain: int  # quotations running over several paragraphs share a chain number


def _strip_claim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:" or (text[end - 1] == "." and text[end - 2 : end] != "..")):
        end -= 1
    return start, end


def _can_open_single(text: str, position: int) -> bool:
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else ""
    return (before.isspace() or before in "([—–-\"«„“") and after.isalpha()


def _can_close_single(text: str, position: int) -> bool:
    after = text[position + 1] if position + 1 < len(text) else ""
    return not after.isalpha() and not text[position - 1].isspace()


def find_spans(text: str, lexicon: Lexicon) -> tuple[list[Span], list[tuple[int, int]]]:
    """Outermost quotations (kept for attribution) and every quoted stretch (masked from names)."""
    openers = lexicon.openers
    marks = set("".join(opening + closing for opening, closing in lexicon.quote_pairs))
    spans: list[Span] = []
    masked: list[tuple[int, int]] = []
    carried = ""
    carried_paragraphs = 0
    chain = 0
    paragraphs = line_bounds(text)
    for paragraph_start, paragraph_end in paragraphs:
        stack: list[tuple[str, int]] = []
        lead = text[paragraph_start:paragraph_end].lstrip()
        if carried and (lead[:1] in openers or is_headline(text[paragraph_start:paragraph_end]) or carried_paragraphs >= CONTINUATION_PARAGRAPHS):
            carried = ""
        if carried:
            stack.append((carried, paragraph_start - 1))
            carried_paragraphs += 1
        else:
            carried_paragraphs = 0
            chain += 1
        for position in range(paragraph_start, paragraph_end):
            mark = text[position]
            if mark not in marks:
                continue
            if stack and mark in openers.get(stack[-1][0], "") and (mark not in SINGLE_MARKS or _can_close_single(text, position)):
                opening, open_position = stack.pop()
                if not stack:
                    start, end = _strip_claim(text, max(open_position + 1, paragraph_start), position)
                    if start < end:
                        spans.append(Span(max(open_position, paragraph_start), position + 1, start, end, True, chain))
                    masked.append((max(open_position, paragraph_start), position + 1))
                continue
            if mark in openers and (mark not in SINGLE_MARKS or _can_open_single(text, position)):
                if mark == '"' and position > paragraph_start and text[position - 1].isdigit():
                    continue
                if mark in SINGLE_MARKS and not stack:
                    continue  # single marks only nest inside a quotation; alone they are apostrophes
                stack.append((mark, position))
        if stack:
            opening, open_position = stack[0]
            start, end = _strip_claim(text, max(open_position + 1, paragraph_start), paragraph_end)
            if start < end:
                spans.append(Span(max(open_position, paragraph_start), paragraph_end, start, end, False, chain))
            masked.append((max(open_position, paragraph_start), paragraph_end))
            carried = opening
        else:
            carried = ""
    return _without_runaway_quotes(spans), masked


def _without_runaway_quotes(spans: list[Span]) -> list[Span]:
    """A quotation carried over paragraphs must close in one of them; one that never closes was
    a stray mark (or a page cut off), so only its first paragraph stays a quotation."""
    kept = []
    for chain in dict.fromkeys(span.chain for span in spans):
        members = [span for span in spans if span.chain == chain]
        closes = any(span.closed for span in members[1:])
        kept.extend(members if len(members) == 1 or closes else members[:1])
    return kept


def is_headline(line: str) -> bool:
    stripped = line.strip().rstrip(CLOSING)
    return bool(stripped) and stripped[-1] not in TERMINAL and len(line.split()) <= HEADLINE_WORDS
