"""Forms for the network's events: organising, materials, attendance and feedback."""

import datetime
import re

from django import forms
from django.utils import timezone

from vanguards.models import CohortGroup
from workwell.dates import clock_time
from workwell.forms import GovukDateField
from workwell.uploads import validate_upload

from ..models import Event

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """10:30, 14:00, 2pm, 2.30pm: the ways people write a time; None for anything else."""
    found = _TIME.match(text or "")
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif found[2] is None:
        return None  # "14" alone is not clearly a time
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 14:30")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(f"Enter {str(self.label).lower()} as a time, like 14:30")
        return parsed


class EventForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the event's title"}
    )
    kind = forms.ChoiceField(
        label="What kind of event is it?",
        choices=Event.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of event it is"},
    )
    date = GovukDateField(
        label="Date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the event"},
    )
    start_time = TimeField(label="Start time", error_messages={"required": "Enter the start time"})
    end_time = TimeField(label="End time", error_messages={"required": "Enter the end time"})
    format = forms.ChoiceField(
        label="Is it in person or online?",
        choices=Event.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the event is in person or online"},
    )
    venue = forms.CharField(
        label="Venue",
        max_length=300,
        required=False,
        help_text="For an in-person event: the building, street and town",
    )
    joining_link = forms.URLField(
        label="Joining link",
        assume_scheme="https",
        max_length=500,
        required=False,
        help_text="For an online event. Only people with a place see it",
        error_messages={"invalid": "Enter the joining link as a web address, like https://…"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        help_text="When they are all taken, people join a waiting list",
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "Enter the number of places as a whole number, like 40",
            "min_value": "There must be at least 1 place",
            "max_value": "There can be at most 10,000 places",
        },
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=Event.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the event is for"},
    )
    cohort_group = forms.ModelChoiceField(
        label="Cohort group",
        queryset=CohortGroup.objects.order_by("name"),
        required=False,
        empty_label="Choose a cohort group",
        help_text="Only for an event for one cohort group",
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the event covers and who should come. You can use Markdown: "
        "## for a heading, * for a bullet, [text](https://…) for a link",
        error_messages={"required": "Enter a description of the event"},
    )

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        return {
            "title": event.title,
            "kind": event.kind,
            "date": timezone.localtime(event.starts_at).date(),
            "start_time": clock_time(event.starts_at),
            "end_time": clock_time(event.ends_at),
            "format": event.format,
            "venue": event.venue,
            "joining_link": event.joining_link,
            "capacity": event.capacity,
            "audience": event.audience,
            "cohort_group": event.cohort_group_id,
            "description": event.description,
        }

    def event_data(self) -> dict:
        """The event's fields for `event_save`, with the times made Europe/London datetimes."""
        data = dict(self.cleaned_data)
        day = data.pop("date")
        data["starts_at"] = timezone.make_aware(
            datetime.datetime.combine(day, data.pop("start_time"))
        )
        data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, data.pop("end_time")))
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Slides or Recording",
        error_messages={"required": "Enter a title for the material"},
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        validators=[validate_upload],
        help_text="PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV, smaller than 20MB",
    )
    link = forms.URLField(
        label="Or give a link",
        assume_scheme="https",
        max_length=500,
        required=False,
        help_text="For example, the recording on the FutureNHS workspace",
        error_messages={"invalid": "Enter the link as a web address, like https://…"},
    )

    def clean(self):
        cleaned = super().clean()
        has_file, has_link = bool(cleaned.get("file")), bool(cleaned.get("link"))
        if not self.errors and has_file == has_link:
            message = "Upload a file or give a link, not both"
            self.add_error("file" if has_file else "link", message)
        return cleaned


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who attended. Anyone not selected is recorded as absent",
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(registration.pk), _attendee_label(registration)) for registration in registrations
        ]
        self.initial.setdefault(
            "attended",
            [str(registration.pk) for registration in registrations if registration.attended],
        )

    def attended_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["attended"]}


def _attendee_label(registration) -> str:
    membership = getattr(registration.person, "vanguard_membership", None)
    where = f" ({membership.vanguard.name})" if membership else ""
    return f"{registration.person.full_name}{where}"


USEFULNESS = [
    ("5", "5 – very useful"),
    ("4", "4 – useful"),
    ("3", "3 – somewhat useful"),
    ("2", "2 – not very useful"),
    ("1", "1 – not useful at all"),
]


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label="How useful was the event?",
        choices=USEFULNESS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how useful the event was",
            "invalid_choice": "Select how useful the event was, from 1 to 5",
        },
    )
    comment = forms.CharField(
        label="What could we do better? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )
