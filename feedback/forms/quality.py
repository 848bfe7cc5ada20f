import re

from django import forms

from workwell.dates import Quarter

from ..models import QualityTarget

# A quarter in an address: the financial year and the quarter, as "2026-27-q2".
SLUG = re.compile(r"^(\d{4})-(\d{2})-q([1-4])$")


def quarter_slug(quarter: Quarter) -> str:
    return f"{quarter.year}-{str(quarter.year + 1)[-2:]}-q{quarter.number}"


def quarter_from_slug(slug: str) -> Quarter | None:
    """The quarter a slug names, or None for anything else (a year that does not follow on,
    a quarter outside 1 to 4, a year outside 2000 to 2099)."""
    match = SLUG.match(slug)
    if not match:
        return None
    year, following, number = int(match[1]), match[2], int(match[3])
    if not 2000 <= year <= 2098 or str(year + 1)[-2:] != following:
        return None
    return Quarter(year, number)


class QuarterPickerForm(forms.Form):
    """The review page's quarter picker (GET): goes to that quarter's review."""

    quarter = forms.ChoiceField(label="Quarter")

    def __init__(self, data=None, *, quarters: list[Quarter], chosen: Quarter):
        super().__init__(data, initial={"quarter": quarter_slug(chosen)})
        self.fields["quarter"].choices = [(quarter_slug(q), str(q)) for q in quarters]


class QualityTargetForm(forms.ModelForm):
    quarter = forms.RegexField(
        regex=SLUG,
        label="Quarter",
        help_text="The financial year and quarter, for example 2026-27-q2.",
        error_messages={
            "required": "Enter the quarter",
            "invalid": "Enter the quarter as the financial year and quarter, like 2026-27-q2",
        },
    )

    class Meta:
        model = QualityTarget
        fields = ["indicator", "onwards", "target"]
        labels = {"target": "Target (percentage)", "onwards": "Applies from this quarter on"}
        error_messages = {
            "indicator": {"required": "Select the indicator"},
            "target": {"required": "Enter the target as a percentage from 0 to 100"},
        }

    def clean_quarter(self) -> Quarter:
        quarter = quarter_from_slug(self.cleaned_data["quarter"])
        if quarter is None:
            raise forms.ValidationError(
                "Enter the quarter as the financial year and quarter, like 2026-27-q2"
            )
        return quarter

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target > 100:
            raise forms.ValidationError("Enter the target as a percentage from 0 to 100")
        return target
