from django import forms

from maturity.models import Dimension
from vanguards.models import SupportOffer
from workwell.dates import Quarter
from workwell.models import MaturityBand, ProgrammeTheme
from workwell.uploads import validate_upload

from ..models import ToolkitItem, ToolkitVersion
from ..models.toolkit import VERSION_NUMBER_MESSAGE, parse_version_number

BAND_FIELDS = {band: f"for_{band}" for band in MaturityBand.values}


def quarter_choices(around: Quarter, *, back: int = 12, ahead: int = 4) -> list[tuple[str, str]]:
    """Financial quarters from `back` quarters before `around` to `ahead` after, newest first,
    as ("2025-1", "2025/26 Q1") choices."""
    quarters = [around]
    for _ in range(ahead):
        quarters.insert(0, quarters[0].next())
    for _ in range(back):
        quarters.append(quarters[-1].previous())
    return [(f"{q.year}-{q.number}", str(q)) for q in quarters]


def parse_quarter(value: str) -> Quarter:
    year, number = value.split("-")
    return Quarter(int(year), int(number))


class ToolkitVersionForm(forms.Form):
    """A version's number, quarter and release notes (a new draft, or an open version)."""

    number = forms.CharField(
        label="Version number",
        max_length=7,
        help_text="For example, 0.4 or 1.0. It must come after every version so far.",
        error_messages={"required": "Enter a version number like 0.1 or 1.0"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    quarter = forms.ChoiceField(
        label="Financial quarter",
        help_text="The quarter this version of the toolkit is for.",
        error_messages={
            "required": "Select the financial quarter",
            "invalid_choice": "Select the financial quarter from the list",
        },
    )
    release_notes = forms.CharField(
        label="Release notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What is new or changed in this version, for the people who use the toolkit.",
    )

    def __init__(self, *args, today, version: ToolkitVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        around = Quarter.containing(today)
        if version is not None:
            around = max(around, version.quarter)
            self.initial.setdefault("number", version.number)
            self.initial.setdefault("quarter", f"{version.quarter.year}-{version.quarter.number}")
            self.initial.setdefault("release_notes", version.release_notes)
        else:
            self.initial.setdefault("quarter", f"{around.year}-{around.number}")
        self.fields["quarter"].choices = quarter_choices(around)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        try:
            parse_version_number(number)
        except forms.ValidationError:
            raise forms.ValidationError(VERSION_NUMBER_MESSAGE) from None
        return number

    def clean_quarter(self):
        return parse_quarter(self.cleaned_data["quarter"])


class ToolkitItemForm(forms.ModelForm):
    """One item of an open version. The three band flags are asked as one question; a file or
    a link, not both."""

    themes = forms.ModelMultipleChoiceField(
        label="Programme themes",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dimensions = forms.ModelMultipleChoiceField(
        label="Maturity dimensions it serves",
        queryset=Dimension.objects.select_related("framework").order_by("framework", "order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bands = forms.MultipleChoiceField(
        label="Which vanguards does it serve?",
        choices=[(band.value, f"{band.label} vanguards") for band in MaturityBand],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The maturity bands of the Maturity Assessment Matrix. Select all that apply.",
    )
    support_offers = forms.ModelMultipleChoiceField(
        label="Support offers it supports",
        queryset=SupportOffer.objects.filter(is_active=True).only("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(
        label="Upload a file",
        required=False,
        validators=[validate_upload],
        help_text="PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV, at most 20MB. Or give a link below.",
    )
    link_url = forms.URLField(
        label="Link to where it is kept",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="For example, the item's page in the WorkWell FutureNHS workspace.",
        error_messages={"invalid": "Enter the link as a web address, like https://…"},
    )
    remove_file = forms.BooleanField(label="Remove the current file", required=False)

    class Meta:
        model = ToolkitItem
        fields = ["title", "kind", "summary", "body", "link_url", "link_text"]
        labels = {
            "kind": "What kind of item is it?",
            "body": "Text",
            "link_text": "Link text",
        }
        help_texts = {
            "summary": "One or two sentences shown in the toolkit list and in searches.",
            "body": "You can use Markdown: ## for a heading, * for a bullet, [text](address) "
            "for a link.",
            "link_text": "What the link says, for example 'Theory of change template on "
            "FutureNHS'.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        error_messages = {
            "title": {"required": "Enter the item's title"},
            "kind": {"required": "Select what kind of item it is"},
            "summary": {"required": "Enter a short summary of the item"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        if item.pk:
            self.initial.setdefault("themes", list(item.themes.all()))
            self.initial.setdefault("dimensions", list(item.dimensions.all()))
            self.initial.setdefault("support_offers", list(item.support_offers.all()))
            self.initial.setdefault("bands", item.bands)
        if not item.file:
            del self.fields["remove_file"]
        else:
            self.fields["remove_file"].help_text = f"The current file is {item.download_name}."

    def clean(self):
        cleaned = super().clean()
        link = cleaned.get("link_url")
        if link and cleaned.get("upload"):
            self.add_error("link_url", "Give a file or a link, not both")
        if link and not cleaned.get("link_text", "").strip():
            self.add_error("link_text", "Enter the link text")
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, which knows the version is open.
        pass

    def item_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for band, field in BAND_FIELDS.items():
            data[field] = band in self.cleaned_data["bands"]
        return data

    def item_tags(self) -> dict:
        return {tag: self.cleaned_data[tag] for tag in ("themes", "dimensions", "support_offers")}
