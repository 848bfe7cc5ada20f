"""The admin's form for a vanguard's delivery strand."""

from django import forms
from django.core.validators import MaxValueValidator

from workwell.forms import GovukDateField

from ..models import DeliveryStrand
from ..services.strands import STRAND_FIELDS


class DeliveryStrandForm(forms.ModelForm):
    start_date = GovukDateField(label="Start date", help_text="For example, 1 4 2025")
    end_date = GovukDateField(label="End date", help_text="For example, 31 3 2027")

    class Meta:
        model = DeliveryStrand
        fields = list(STRAND_FIELDS)
        labels = {
            "name": "Strand name",
            "participant_target": "Participant target",
            "funding_allocation": "Funding allocation (£)",
            "in_work_share_target": "In-work share target (%)",
        }
        help_texts = {
            "participant_target": "Leave empty for a strand with no participants, such as "
            "contingency.",
            "in_work_share_target": "The percentage of starts who are in work when they start. "
            "Leave empty for contingency.",
        }
        widgets = {
            "participant_target": forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
            "funding_allocation": forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
            "in_work_share_target": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        }
        error_messages = {
            "name": {"required": "Enter the strand's name"},
            "funding_allocation": {
                "required": "Enter the funding allocation in pounds",
                "invalid": "Enter the funding allocation in pounds, like 438048",
            },
            "participant_target": {"invalid": "Enter the participant target as a whole number"},
            "in_work_share_target": {
                "invalid": "Enter the in-work share target as a whole number, like 60",
                "max_value": "Enter an in-work share target of 100 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share = self.fields["in_work_share_target"]
        share.max_value = 100
        share.validators.append(MaxValueValidator(100))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned
