"""Forms for an event's agenda items and its "what we heard" key points."""

from django import forms

from ..models import AgendaItem
from .events import TimeField


class OptionalTimeField(TimeField):
    """A time box that may be left empty (an item timed by its length alone)."""

    def clean(self, value):
        if not (value or "").strip():
            return None
        return super().clean(value)


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Topic",
        max_length=300,
        help_text="For example, Welcome and introductions, purpose of today",
        error_messages={"required": "Enter the topic of this agenda item"},
    )
    lead = forms.CharField(
        label="Lead (optional)",
        max_length=200,
        required=False,
        help_text="Who leads it, in words: a person, several people or an organisation",
    )
    kind = forms.ChoiceField(
        label="What kind of item is it?",
        choices=AgendaItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of item it is"},
    )
    starts_at = OptionalTimeField(
        label="Start time (optional)",
        required=False,
        help_text="Use the 24-hour clock, for example 10:10. Leave it empty if the item has "
        "a length but no set time",
    )
    minutes = forms.IntegerField(
        label="Length in minutes (optional)",
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the length as a whole number of minutes, like 35",
            "min_value": "The length must be at least 1 minute",
            "max_value": "The length must be at most 1,440 minutes (a day)",
        },
    )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("starts_at") is None and data.get("minutes") is None:
            self.add_error("starts_at", "Enter a start time, a length in minutes, or both")
        return data

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        return {
            "title": item.title,
            "lead": item.lead,
            "kind": item.kind,
            "starts_at": item.starts_at.isoformat(timespec="minutes") if item.starts_at else "",
            "minutes": item.minutes,
        }


class WhatWeHeardForm(forms.Form):
    key_points = forms.CharField(
        label="Key points",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="A short list of what people said, one point to a line starting with * . "
        "You can use Markdown: ** for bold, [text](https://…) for a link",
        error_messages={"required": "Enter the key points you heard"},
    )
