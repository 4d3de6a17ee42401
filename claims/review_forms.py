"""Forms for the dashboard, the review queue and the claim workspace."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from claims.models import Claim, ClaimLink, Source


class ReviewFilterForm(forms.Form):
    relation = forms.ChoiceField(choices=[("", "Any relation"), *ClaimLink.Relation.choices], required=False)
    min_score = forms.FloatField(label="Minimum score", required=False, min_value=0, max_value=1,
                                 widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}))
    speaker = forms.CharField(required=False, max_length=200)
    outlet = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def queue_filters(self) -> dict:
        """The valid filters, ready for selectors.review_queue (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "relation": data.get("relation", ""),
            "min_score": data.get("min_score"),
            "speaker": (data.get("speaker") or "").strip(),
            "outlet": (data.get("outlet") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class LinkDecisionForm(forms.Form):
    CONFIRM, REJECT = "confirm", "reject"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=[(CONFIRM, "Confirm"), (REJECT, "Reject")])
    relation = forms.ChoiceField(choices=ClaimLink.Relation.choices, required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BulkDecisionForm(forms.Form):
    """Several suggestions at once: each ticked box carries "<link id>:<version seen>"."""

    CONFIRM, REJECT = LinkDecisionForm.CONFIRM, LinkDecisionForm.REJECT
    MAX_LINKS = 100

    links = forms.MultipleChoiceField(required=True, error_messages={"required": "Select at least one suggestion."})
    decision = forms.ChoiceField(choices=[(CONFIRM, "Confirm selected"), (REJECT, "Reject selected")],
                                 error_messages={"required": "Choose Confirm selected or Reject selected."})
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "<id>:<version>" is acceptable here; the service checks each against the database.
        self.fields["links"].valid_value = lambda value: bool(self._parse(value))

    @staticmethod
    def _parse(value: str) -> tuple[int, int] | None:
        link_id, _, version = str(value).partition(":")
        if not (link_id.isdigit() and version.isdigit() and int(version) >= 1 and len(link_id) < 12 and len(version) < 12):
            return None
        return int(link_id), int(version)

    def clean_links(self):
        values = self.cleaned_data["links"]
        if len(values) > self.MAX_LINKS:
            raise forms.ValidationError(f"Select at most {self.MAX_LINKS} suggestions at once.")
        return [self._parse(value) for value in values]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def resolve_source(name: str) -> Source | None:
    """The active source called `name` (or known by it as an alias), if exactly one is."""
    name = (name or "").strip()
    if not name:
        return None
    by_name = list(Source.objects.active().filter(name__iexact=name)[:2])
    if len(by_name) == 1:
        return by_name[0]
    by_alias = list(Source.objects.active().filter(aliases__name__iexact=name).distinct()[:2])
    return by_alias[0] if len(by_alias) == 1 else None


DAMAGED_VERSION = "This form is out of date or damaged; reload the claim and edit it again."


class ClaimEditForm(forms.Form):
    # Hidden, so the editor cannot fix it; the message says what to do instead.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={
        "required": DAMAGED_VERSION, "invalid": DAMAGED_VERSION, "min_value": DAMAGED_VERSION,
    })
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    speaker = forms.CharField(max_length=200, help_text="Start typing a name; pick a known source.")
    stated_on = forms.DateField(label="Stated on", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("The claim text must not be empty.")
        return text

    def clean_speaker(self):
        name = self.cleaned_data["speaker"]
        source = resolve_source(name)
        if source is None:
            raise forms.ValidationError(f"No known source is called “{name.strip()}”. Pick one from the list (sources are added by importing or in admin).")
        return source


class ClaimLinkForm(forms.Form):
    FROM_THIS, TO_THIS = "from", "to"

    other = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    relation = forms.ChoiceField(choices=ClaimLink.Relation.choices)
    direction = forms.ChoiceField(
        choices=[(FROM_THIS, "This claim … the other"), (TO_THIS, "The other … this claim")], initial=FROM_THIS
    )
    note = forms.CharField(required=False, max_length=2000)
    confirm = forms.BooleanField(required=False, label="Confirm at once")

    def clean_other(self):
        other = Claim.objects.filter(pk=self.cleaned_data["other"], merged_into__isnull=True).first()
        if other is None:
            raise forms.ValidationError("That claim does not exist (or was merged into another).")
        return other


class ClaimMergeForm(forms.Form):
    KEEP_THIS, KEEP_OTHER = "this", "other"

    other = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The versions of both claims as the page showed them: a merge opened before someone
    # else's edit is refused (409) instead of folding in text nobody checked.
    this_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    other_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    keep = forms.ChoiceField(
        choices=[(KEEP_THIS, "Keep this claim; fold the other into it"), (KEEP_OTHER, "Keep the other claim; fold this one into it")],
        initial=KEEP_THIS, widget=forms.RadioSelect,
    )
    confirmed = forms.BooleanField(label="I have checked that both claims say the same thing")

    def clean_other(self):
        other = Claim.objects.select_related("speaker").filter(pk=self.cleaned_data["other"], merged_into__isnull=True).first()
        if other is None:
            raise forms.ValidationError("That claim does not exist (or was merged into another).")
        return other


class ClaimAssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, empty_label="Nobody")

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).filter(
            Q(groups__name__in=["reviewer", "moderator"]) | Q(is_superuser=True)
        ).distinct()
        self.fields["assignee"].queryset = users


class ClaimStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(choices=[*Claim.Status.choices, ("restore", "Restore")])


class ClaimListFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Claim.Status.choices], required=False)
    assignee = forms.CharField(required=False, max_length=150, help_text="A username, “me” or “none”.")
    speaker = forms.CharField(required=False, max_length=200)
    q = forms.CharField(label="Text", required=False, max_length=200)
