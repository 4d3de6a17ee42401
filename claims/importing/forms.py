"""Forms of the import screen: how an article comes in, and the review of its quotes."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from django import forms
from django.conf import settings

from claims.extraction import Quote
from claims.importing.fetch import FetchRefused, check_url
from claims.models import Claim

UPLOAD_EXTENSIONS = (".txt", ".html", ".htm")
# Caps on the work one web request does (issue 14). Extraction is linear, about 2 s per
# megabyte of quote-dense text; the review form is one row per quote plus the rows added by
# hand, and each row is checked against the article.
DEFAULT_EXTRACTION_MAX_CHARACTERS = 1_000_000
DEFAULT_REVIEW_MAX_ROWS = 300


def extraction_max_characters() -> int:
    """Longest cleaned article whose quotes are found within a web request (IMPORT_EXTRACT_MAX_CHARACTERS)."""
    return getattr(settings, "IMPORT_EXTRACT_MAX_CHARACTERS", DEFAULT_EXTRACTION_MAX_CHARACTERS)


def review_max_rows() -> int:
    """Most rows the import review form takes, found quotes and added ones (IMPORT_REVIEW_MAX_ROWS)."""
    return getattr(settings, "IMPORT_REVIEW_MAX_ROWS", DEFAULT_REVIEW_MAX_ROWS)


def extraction_size_error(text: str) -> str | None:
    """Why quotes cannot be found in this cleaned text within a web request, or None."""
    limit = extraction_max_characters()
    if len(text) <= limit:
        return None
    return (
        f"The article is {len(text):,} characters long after clean-up; quotes are found on this screen in "
        f"articles of up to {limit:,} characters. Split it into parts, or import it with "
        f"`manage.py import_article`."
    )


def review_size_error(quote_count: int) -> str | None:
    """Why the review form cannot hold this many found quotes, or None."""
    limit = review_max_rows() - 1
    if quote_count <= limit:
        return None
    return (
        f"{quote_count:,} quotes were found in this article; the review screen takes at most {limit:,}. "
        f"Split the article into parts, or import it with `manage.py import_article`."
    )
_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
})


class ImportStartForm(forms.Form):
    """Exactly one of: pasted text, an uploaded file, or a web address to fetch."""

    text = forms.CharField(label="Paste the article", required=False, widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    file = forms.FileField(label="Or upload a file (.txt, .html, .htm)", required=False)
    fetch_url = forms.CharField(
        label="Or fetch it from a web address", required=False, max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    outlet = forms.CharField(label="Outlet", required=False, max_length=200, help_text="Default: the page's site name or the URL's domain.")
    published = forms.DateField(label="Published", required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"invalid": "Enter the date as YYYY-MM-DD."})
    url = forms.URLField(label="Article URL", required=False, max_length=2000, assume_scheme="https",
                         help_text="Where the article was published, if you paste or upload it.")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if Path(upload.name).suffix.lower() not in UPLOAD_EXTENSIONS:
            raise forms.ValidationError("Only .txt, .html and .htm files can be imported.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than the {settings.IMPORT_MAX_BYTES // 1024:,} KiB import limit.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload

    def clean_fetch_url(self):
        value = self.cleaned_data.get("fetch_url", "").strip()
        if value:
            try:
                check_url(value)
            except FetchRefused as error:
                raise forms.ValidationError(str(error)) from None
        return value

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("text", "file", "fetch_url") if cleaned.get(name) and (name != "text" or cleaned[name].strip())]
        if not given and not self.errors:
            raise forms.ValidationError("Paste the article, upload a file or give a web address.")
        if len(given) > 1:
            raise forms.ValidationError("Give the article one way only: pasted text, a file or a web address.")
        cleaned["mode"] = given[0] if given else None
        return cleaned


class ReviewArticleForm(forms.Form):
    title = forms.CharField(label="Title", required=False, max_length=500)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    published = forms.DateField(label="Published", required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"invalid": "Enter the date as YYYY-MM-DD."})
    url = forms.URLField(label="Article URL", required=False, max_length=2000, assume_scheme="https")
    language = forms.CharField(label="Language (ISO 639-1 code)", required=False, max_length=12)

    def clean_language(self):
        from claims.importing.language import clean_language_code

        try:
            return clean_language_code(self.cleaned_data["language"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class QuoteRowForm(forms.Form):
    """One found quote (origin >= 0) or a quote the editor adds (origin -1)."""

    # Hidden, so the editor cannot fix it; the message says what to do instead.
    origin = forms.IntegerField(widget=forms.HiddenInput, initial=-1, error_messages={
        "required": "This row of the form was damaged; reload the page and review the quotes again.",
        "invalid": "This row of the form was damaged; reload the page and review the quotes again.",
    })
    speaker = forms.CharField(label="Speaker", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Claim.Kind.choices, initial=Claim.Kind.DIRECT)
    polarity = forms.ChoiceField(label="Polarity", choices=Claim.Polarity.choices, initial=Claim.Polarity.ASSERTS)
    text = forms.CharField(label="Quote", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2}))
    start = forms.IntegerField(label="Start", required=False, min_value=0)
    end = forms.IntegerField(label="End", required=False, min_value=0)
    drop = forms.BooleanField(label="Drop", required=False)

    def __init__(self, *args, article_text: str = "", normalised_article: "NormalisedArticle | None" = None, **kwargs):
        self.article_text = article_text
        self.normalised_article = normalised_article or NormalisedArticle(article_text)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("drop") or self.errors:
            return cleaned
        text = cleaned.get("text") or ""
        if not text.strip() and cleaned.get("start") is None:
            if cleaned.get("origin", -1) < 0:
                cleaned["empty"] = True
                return cleaned
            raise forms.ValidationError("Give the quote text, or tick Drop.")
        span = locate_quote(self.article_text, text, cleaned.get("start"), cleaned.get("end"), normalised=self.normalised_article)
        if span is None:
            self.add_error("text", "This quote is not in the article text. Copy it exactly as it appears.")
            return cleaned
        cleaned["start"], cleaned["end"] = span
        cleaned["text"] = self.article_text[span[0]:span[1]]
        if not (cleaned.get("speaker") or "").strip():
            self.add_error("speaker", "Who said this? Give a speaker, or tick Drop.")
        return cleaned


class NormalisedArticle:
    """The article's matching form, worked out at most once per request and shared by every row."""

    def __init__(self, text: str):
        self.text = text
        self._normalised: tuple[str, list[int]] | None = None

    def get(self) -> tuple[str, list[int]]:
        if self._normalised is None:
            self._normalised = _normalised_with_positions(self.text)
        return self._normalised


class BaseQuoteFormSet(forms.BaseFormSet):
    def __init__(self, *args, article_text: str = "", **kwargs):
        self.article_text = article_text
        self.normalised_article = NormalisedArticle(article_text)
        super().__init__(*args, **kwargs)
        self.max_num = self.absolute_max = review_max_rows()
        self.error_messages = {
            **self.error_messages,
            "too_many_forms": f"The review form takes at most {self.max_num:,} rows; save what you have, then add the rest on the claim pages.",
        }

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "article_text": self.article_text, "normalised_article": self.normalised_article}


QuoteFormSet = forms.formset_factory(
    QuoteRowForm, formset=BaseQuoteFormSet, extra=1, max_num=DEFAULT_REVIEW_MAX_ROWS, absolute_max=DEFAULT_REVIEW_MAX_ROWS, validate_max=True
)


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The matching form of `text` and, for each of its characters, the offset it came from."""
    characters: list[str] = []
    positions: list[int] = []
    previous_space = True
    for index, character in enumerate(text):
        if character.isspace():
            if not previous_space:
                characters.append(" ")
                positions.append(index)
            previous_space = True
            continue
        previous_space = False
        for piece in unicodedata.normalize("NFKC", character).translate(_QUOTE_MARKS).casefold():
            characters.append(piece)
            positions.append(index)
    return "".join(characters), positions


def locate_quote(
    article: str, text: str, start: int | None, end: int | None, *, normalised: NormalisedArticle | None = None
) -> tuple[int, int] | None:
    """Offsets of `text` in `article`: the given span if it holds the text, else the occurrence nearest `start`.

    `normalised` carries the article's matching form between calls, so a form with many rows
    normalises the article once."""
    needle = text.strip()
    if start is not None and end is not None and 0 <= start < end <= len(article):
        span = article[start:end]
        if not needle or _normalised_with_positions(span)[0] == _normalised_with_positions(needle)[0]:
            return start, end
    if not needle:
        return None
    hint = start or 0
    exact = []
    position = article.find(needle)
    while position != -1:
        exact.append(position)
        position = article.find(needle, position + 1)
    if exact:
        best = min(exact, key=lambda found: abs(found - hint))
        return best, best + len(needle)
    haystack, positions = (normalised if normalised is not None and normalised.text is article else NormalisedArticle(article)).get()
    pattern = _normalised_with_positions(needle)[0].strip()
    if not pattern:
        return None
    found = []
    position = haystack.find(pattern)
    while position != -1:
        found.append(position)
        position = haystack.find(pattern, position + 1)
    if not found:
        return None
    best = min(found, key=lambda index: abs(positions[index] - hint))
    return positions[best], positions[best + len(pattern) - 1] + 1


def quote_from_row(row: dict, originals: list[Quote]) -> Quote:
    """A reviewed row as a Quote; what the editor did not change is kept from the extractor."""
    origin = row.get("origin", -1)
    speaker = " ".join(row["speaker"].split())
    base = originals[origin] if 0 <= origin < len(originals) else None
    if base is None:
        return Quote(
            speaker=speaker, speaker_as_written="", speaker_kind="person", text=row["text"], start=row["start"], end=row["end"],
            kind=row["kind"], polarity=row["polarity"], polarity_cue="", context="", attribution="", reporting_verb="",
        )
    same_speaker = speaker.casefold() == base.speaker.casefold()
    same_span = (row["start"], row["end"]) == (base.start, base.end)
    return replace(
        base,
        speaker=speaker,
        # The name as written only belongs to the speaker the extractor found.
        speaker_as_written=base.speaker_as_written if same_speaker else "",
        speaker_kind=base.speaker_kind if same_speaker else "person",
        text=row["text"], start=row["start"], end=row["end"], kind=row["kind"], polarity=row["polarity"],
        context=base.context if same_span else "",
    )
