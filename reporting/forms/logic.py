"""Forms for a vanguard's logic model: an item, a comment, and agreeing a draft."""

from django import forms

from ..models import LogicItem
from ..models.logic import MEASURE_CHOICES, MEASURED_COLUMNS


class LogicItemForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what this item is",
            "max_length": "Keep the item to 300 characters or fewer",
        },
    )
    measure_key = forms.ChoiceField(
        label="Measured by (optional)",
        required=False,
        choices=[("", "Not measured in the quarterly return"), *MEASURE_CHOICES],
        help_text="Link it to a figure of the quarterly return, so that the vanguard's "
        "dashboard shows its latest value.",
        error_messages={"invalid_choice": "Choose a measure from the list"},
    )

    def __init__(self, *args, column: str, **kwargs):
        super().__init__(*args, **kwargs)
        label = LogicItem.Column(column).label.lower()
        self.fields["text"].label = f"Describe the item in {label}"
        if column not in MEASURED_COLUMNS:
            del self.fields["measure_key"]


class LogicCommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )


class LogicAgreeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have agreed this version with the vanguard's senior responsible owner (SRO)",
        error_messages={"required": "Confirm you have agreed this version with the vanguard's SRO"},
    )
