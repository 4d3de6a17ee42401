"""extract_1mb_seconds: the quote extractor on one generated 1 MB article dense with quotes.

The article is invented wire copy (names, organisations, pronoun chains, split quotes, colon
introductions, a quote that runs over paragraphs, scare quotes, and narrative paragraphs
between them; about one quote per 100 bytes, four times as dense as real news), repeated with varied names
until it reaches 1 MB, plus one long paragraph that is a single sentence full of quotes (the
shape that was quadratic). No Django: `python -m bench.extract` runs it alone.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_BYTES = 1_000_000
_FIRST = ("Anna", "Tomas", "Lena", "Marek", "Sofia", "Pavel", "Irena", "Jonas", "Clara", "Viktor")
_LAST = ("Holt", "Berg", "Moreau", "Kral", "Lindqvist", "Orme", "Falk", "Vlcek", "Solc", "Brandt")
_ORGANISATIONS = ("Harbour Steel Ltd", "Northsound Ferries", "the Finance Ministry", "Ashgrove Athletic", "Care Watch")

_PARAGRAPHS = (
    'Finance minister {a} said on Monday that the budget was "balanced and fair", adding: "We will not raise taxes this year."',
    '"The figures are simply wrong," said {b}, a spokeswoman for {org}. "Nobody at the company was told."',
    '"There is no truth in these reports," {a} told reporters. "It is completely untrue."',
    'She said the plan was "a waste of money" and that "nobody asked the residents what they wanted".',
    '"We have seen no evidence of fraud," he said. "The count was checked twice,',
    '"and every ballot was accounted for."',
    'According to {b}, the talks were "productive" but "far from over".',
    'In a statement, {org} said: "We reject the claims and will defend ourselves in court."',
    '{b}\'s lawyer said the case was "without merit" and "pure fiction".',
    # Narrative, as between the quotes of any news story.
    'The dispute began in March, when {org} announced that it would close two of its sites and move 400 jobs abroad.',
    '{a}, who has led the department since 2021, met union representatives on Tuesday; no agreement was reached.',
    'Figures published last week show that output fell by 3.2 per cent in the second quarter, the steepest fall in a decade.',
    'The talks are due to resume on Friday in the capital, officials said.',
    'Shares in {org} closed 4 per cent lower after the announcement, while the wider market was flat.',
    'Opposition members have asked for the report to be published in full before the vote next month.',
    'The regional council approved the first stage of the plan in 2019, but work was delayed by a legal challenge.',
    'More than 2,000 people signed a petition against the closure, and a protest is planned for the weekend outside the town hall.',
)


def generated_article(target_bytes: int = TARGET_BYTES, seed: int = 14) -> str:
    """About `target_bytes` of quote-dense article text, the same for the same seed."""
    chooser = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < target_bytes * 0.95:
        names = {
            "a": f"{chooser.choice(_FIRST)} {chooser.choice(_LAST)}",
            "b": f"{chooser.choice(_FIRST)} {chooser.choice(_LAST)}",
            "org": chooser.choice(_ORGANISATIONS),
        }
        for template in _PARAGRAPHS:
            paragraph = template.format(**names)
            paragraphs.append(paragraph)
            size += len(paragraph.encode()) + 2
    # One paragraph that is a single sentence with thousands of quotes in it.
    piece = 'He said: "it is over", '
    paragraphs.append(piece * max(1, (target_bytes - size) // len(piece)) + "and left.")
    return "\n\n".join(paragraphs)


def extract_1mb_seconds(repeats: int = 3) -> dict:
    """Seconds the extractor takes on the generated 1 MB article (best of `repeats`)."""
    from claims.extraction import extract_quotes

    text = generated_article()
    timings = []
    quotes = []
    for _ in range(repeats):
        began = time.perf_counter()
        quotes = extract_quotes(text)
        timings.append(time.perf_counter() - began)
    return {
        "extract_1mb_seconds": round(min(timings), 3),
        "article_bytes": len(text.encode()),
        "quotes_found": len(quotes),
    }


if __name__ == "__main__":
    print(extract_1mb_seconds())
