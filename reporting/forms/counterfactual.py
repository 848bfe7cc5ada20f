import re
from pathlib import Path

from django import forms

from vanguards.models import Organisation, Vanguard
from workwell.uploads import validate_upload

from ..models import Area, Indicator

ONS_CODE = re.compile(r"^[EWSN]\d{8}$")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "description", "is_percentage", "higher_is_better"]
        labels = {
            "name": "Indicator",
            "is_percentage": "Values are percentages (0 to 100)",
            "higher_is_better": "A higher value is better",
        }
        help_texts = {"name": "For example, Employment rate of disabled people (%)."}
        error_messages = {
            "name": {
                "required": "Enter the indicator's name",
                "unique": "There is already an indicator with this name",
            }
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AreaForm(forms.ModelForm):
    compared_with = forms.ModelMultipleChoiceField(
        label="Compare with these vanguards",
        help_text="For a comparator area: the vanguards it is compared with, beside the "
        "network partners matched to them. Leave empty for a vanguard's own area.",
        queryset=Vanguard.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Area
        fields = ["name", "ons_code", "vanguard", "organisation"]
        labels = {
            "name": "Area name",
            "vanguard": "The vanguard whose area this is",
            "organisation": "The network partner whose area this is",
        }
        help_texts = {"vanguard": "Leave empty for a comparator area."}
        error_messages = {
            "name": {
                "required": "Enter the area's name",
                "unique": "There is already an area with this name",
            },
            "vanguard": {"unique": "That vanguard already has an area"},
            "organisation": {"unique": "That network partner already has an area"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            is_network_partner=True
        ).order_by("name")
        self.fields["vanguard"].queryset = Vanguard.objects.order_by("name")
        if self.instance.pk:
            self.initial["compared_with"] = list(
                self.instance.compared_with.values_list("pk", flat=True)
            )

    def clean_ons_code(self):
        code = self.cleaned_data["ons_code"].strip().upper()
        if code and not ONS_CODE.match(code):
            raise forms.ValidationError(
                "Enter the ONS code as a letter and 8 digits, like E54000057"
            )
        if code and Area.objects.filter(ons_code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another area has this ONS code")
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vanguard") and cleaned.get("organisation"):
            self.add_error("organisation", "Choose a vanguard or a network partner, not both")
        if cleaned.get("vanguard") and cleaned.get("compared_with"):
            self.add_error("compared_with", "A vanguard's own area is not compared with vanguards")
        return cleaned


def validate_values_file(upload):
    if Path(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
        raise forms.ValidationError("The selected file must be a CSV or XLSX file")


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file of indicator values",
        help_text="CSV or XLSX, up to 20MB, in the template's columns.",
        validators=[validate_values_file, validate_upload],
        error_messages={"required": "Select a CSV or XLSX file"},
    )


class ConfirmValuesForm(forms.Form):
    plan = forms.CharField(widget=forms.HiddenInput)
