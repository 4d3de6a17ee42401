"""Plain text scraped from a news page -> the article body, without the site around it.

The page is read as lines. Each line is prose (long, or ending like a sentence), a heading
(short, no final punctuation) or furniture (share buttons, cookie banners, captions, list
labels such as "Recommended", template errors). Furniture lines go; headings go when they
repeat the title or another line; and once a list label or template error is followed by
mostly headings, everything from there to the end is the site's teaser block and goes too.
"""
import re

from . import lexicon
from .normalise import normalise_for_matching
from .types import CleanedText

_FURNITURE = re.compile(r"^(?:" + "|".join(lexicon.FURNITURE_LINE_PATTERNS) + r")", re.IGNORECASE)
_CAPTION = re.compile("|".join(lexicon.CAPTION_PATTERNS), re.IGNORECASE)
_SECTION_LABEL = re.compile(r"^(?:" + "|".join(re.escape(label) for label in lexicon.SECTION_LABELS) + r")\b")
_SECTION_LABEL_ONLY = re.compile(r"^(?:" + "|".join(re.escape(label) for label in lexicon.SECTION_LABELS) + r")$", re.IGNORECASE)
# Template code that leaked into the page: "Quark.Models.Entities.Ancestor?.Title?", "{{ title }}".
# No braces inside the braces: a lazy ".*?" is quadratic on a line of "{{{{".
_TEMPLATE_ERROR = re.compile(r"\b[A-Z]\w+(?:\??\.[A-Z]\w+\??){2,}|\{\{[^{}\n]*\}\}|\$\{|\[object Object\]|\bundefined\b|\(\)\s")
# Labels that open a block of links to other stories.
_LIST_LABEL = re.compile(
    r"^(?:latest news|latest|recommended|most read|most popular|related(?: articles| stories| news)?|more from\b.*|"
    r"more stories|you may also like|top stories|trending(?: now)?|editor'?s picks?|read more)$",
    re.IGNORECASE,
)
_NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s+")
_KEY_CHARACTERS = re.compile(r"[\W_]+")
_TERMINAL = ".!?\u2026:"
_CLOSING = "\"'\u201c\u201d\u2018\u2019\u00bb\u00ab)] \t\u00a0\u202f"
_HEADING_MAX_WORDS = 24
_PROSE_SHARE_AFTER_TEASER_LABEL = 1 / 3
_MINIMUM_TEASER_LINKS = 4


def _key(line: str) -> str:
    """Comparison form that ignores quote marks and punctuation: repeated headlines differ in those."""
    return _KEY_CHARACTERS.sub(" ", normalise_for_matching(line)).strip()


def _is_heading(line: str) -> bool:
    stripped = line.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] not in _TERMINAL and len(line.split()) <= _HEADING_MAX_WORDS


def _is_furniture(line: str) -> bool:
    if _FURNITURE.match(line) or _CAPTION.search(line) or _TEMPLATE_ERROR.search(line):
        return True
    if _SECTION_LABEL_ONLY.match(line):
        return True
    if _is_heading(line) and (_NUMBERED_ITEM.match(line) or _SECTION_LABEL.match(line)):
        return True
    # Debris such as "Putin ," or "|": too little text to be a sentence or a heading.
    if len(line) > 40:
        return False
    letters = sum(character.isalpha() for character in line)
    return letters < 3 or (len(line.split()) <= 3 and line.rstrip()[-1:] in ",;|")


def clean_text(text: str, title: str | None = None) -> CleanedText:
    """Plain text scraped from a page (or trafilatura output) -> article body without site furniture."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return CleanedText(text="", title=(title or "").strip(), removed=[])
    keys = [_key(line) for line in lines]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    furniture = [_is_furniture(line) for line in lines]
    heading = [_is_heading(line) for line in lines]
    prose = [not furniture[i] and not heading[i] for i in range(len(lines))]
    first_prose = next((i for i, is_prose in enumerate(prose) if is_prose), len(lines))

    found_title = (title or "").strip()
    if not found_title:
        leading = [i for i in range(first_prose) if heading[i] and not furniture[i]]
        repeated = [i for i in leading if counts[keys[i]] > 1]
        chosen = repeated[0] if repeated else (leading[0] if leading else None)
        found_title = lines[chosen] if chosen is not None else ""
    title_key = _key(found_title)

    cut = _teaser_block_start(lines, furniture, heading, prose, first_prose)
    removed: list[str] = []
    kept: list[str] = []
    seen_prose: set[str] = set()
    after_list_label = False
    for i, line in enumerate(lines):
        if i >= cut:
            removed.append(line)
            continue
        drop = furniture[i]
        if heading[i] and (keys[i] == title_key or counts[keys[i]] > 1):
            drop = True
        if prose[i] and keys[i] in seen_prose:
            drop = True
        if after_list_label and heading[i]:
            # The links under a "Recommended" label in the middle of the body.
            drop = True
        if _LIST_LABEL.match(line):
            after_list_label = True
        elif not heading[i]:
            after_list_label = False
        if drop:
            removed.append(line)
            continue
        if prose[i]:
            seen_prose.add(keys[i])
        kept.append(line)
    return CleanedText(text="\n\n".join(kept), title=found_title, removed=removed)


def _teaser_block_start(
    lines: list[str], furniture: list[bool], heading: list[bool], prose: list[bool], first_prose: int
) -> int:
    """Index where the trailing block of other stories begins, or len(lines) when there is none."""
    prose_after = [0] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        prose_after[i] = prose_after[i + 1] + (1 if prose[i] else 0)
    for i in range(first_prose + 1, len(lines)):
        is_marker = bool(_LIST_LABEL.match(lines[i]) or _TEMPLATE_ERROR.search(lines[i]))
        if not is_marker:
            continue
        remaining = len(lines) - i
        # A teaser block is all links, or many links with a few story summaries among them;
        # a short list followed by a real paragraph sits inside the article.
        mostly_links = prose_after[i] <= remaining * _PROSE_SHARE_AFTER_TEASER_LABEL
        if prose_after[i] == 0 or (mostly_links and remaining - prose_after[i] >= _MINIMUM_TEASER_LINKS):
            start = i
            # Debris just before the label ("Putin ,", a stray headline) belongs to the block.
            while start - 1 > first_prose and not prose[start - 1]:
                start -= 1
            return start
    return len(lines)
