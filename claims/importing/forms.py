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

    def __init__(self, *args, article_text: str = "", **kwargs):
        self.article_text = article_text
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
        span = locate_quote(self.article_text, text, cleaned.get("start"), cleaned.get("end"))
        if span is None:
            self.add_error("text", "This quote is not in the article text. Copy it exactly as it appears.")
            return cleaned
        cleaned["start"], cleaned["end"] = span
        cleaned["text"] = self.article_text[span[0]:span[1]]
        if not (cleaned.get("speaker") or "").strip():
            self.add_error("speaker", "Who said this? Give a speaker, or tick Drop.")
        return cleaned


class BaseQuoteFormSet(forms.BaseFormSet):
    def __init__(self, *args, article_text: str = "", **kwargs):
        self.article_text = article_text
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "article_text": self.article_text}


QuoteFormSet = forms.formset_factory(QuoteRowForm, formset=BaseQuoteFormSet, extra=1, max_num=200, absolute_max=300)


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


def locate_quote(article: str, text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Offsets of `text` in `article`: the given span if it holds the text, else the occurrence nearest `start`."""
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
    haystack, positions = _normalised_with_positions(article)
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
