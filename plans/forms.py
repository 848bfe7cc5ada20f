"""Forms for delivery plans: an activity (its timeline chosen with conditional radios), its
status, a comment, and the XLSX upload."""

import datetime
from dataclasses import dataclass

from django import forms

from learning.models import Event, ToolkitVersion
from workwell.dates import Quarter
from workwell.forms import GovukDateField, GovukDateWidget
from workwell.uploads import validate_upload

from .models import Activity, Plan, Theme


@dataclass(frozen=True)
class PreciseDate:
    """A date and how precise it is (not a tuple: the date widget reads tuples as its boxes)."""

    day: datetime.date
    precision: str  # Activity.Precision


class MonthOrDayWidget(GovukDateWidget):
    def decompress(self, value):
        if isinstance(value, PreciseDate):
            day = None if value.precision == Activity.Precision.MONTH else value.day.day
            return [day, value.day.month, value.day.year]
        return super().decompress(value)


class MonthOrDayField(GovukDateField):
    """A day, or a month when the day is left empty ("June 2023"): stored as the month's first
    day with month precision, so no day is made up."""

    widget = MonthOrDayWidget
    default_error_messages = {
        "invalid": "Enter a real date, for example 27 3 2025, or a month, for example 6 2025",
        "incomplete": "Enter a month and a year, and a day if the plan gives one",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for part in self.fields:
            part.required = False  # an empty day is a month; compress() judges the rest

    def compress(self, data_list):
        if data_list and any(data_list) and not str(data_list[0] or "").strip():
            month, year = (str(part or "").strip() for part in data_list[1:])
            if not (month and year):
                raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
            day = super().compress(["1", month, year])
            return PreciseDate(day, Activity.Precision.MONTH)
        day = super().compress(data_list)
        return None if day is None else PreciseDate(day, Activity.Precision.DAY)


DATE_HINT = "For example, 27 3 2025. For a month, leave the day empty: 6 2025."
# Which fields each kind of timeline asks for (shown under its radio).
TIMELINE_FIELDS = {
    Activity.Timeline.DATE: ("target_date",),
    Activity.Timeline.RANGE: ("starts_on", "ends_on"),
    Activity.Timeline.QUARTER: ("quarter",),
    Activity.Timeline.CONDITION: ("condition", "latest_date"),
}
DATE_FIELDS = ("target_date", "starts_on", "ends_on", "latest_date")


def quarter_choices(today: datetime.date) -> list[tuple[str, str]]:
    quarter = Quarter.containing(today)
    first = Quarter(quarter.year - 4, 1)
    choices, current = [("", "Choose a quarter")], first
    while current <= Quarter(quarter.year + 4, 4):
        choices.append((f"{current.year}-{current.number}", str(current)))
        current = current.next()
    return choices


class ActivityForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose a theme"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the action"},
    )
    lead = forms.CharField(
        max_length=300,
        help_text="A person, or a team or organisation, for example “Commissioning”.",
        error_messages={"required": "Enter who leads the activity"},
    )
    timeline = forms.ChoiceField(
        label="When is it due?",
        choices=Activity.Timeline.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the plan gives the timeline"},
    )
    target_date = MonthOrDayField(label="Target date", required=False, help_text=DATE_HINT)
    starts_on = MonthOrDayField(label="Starts", required=False, help_text=DATE_HINT)
    ends_on = MonthOrDayField(
        label="Ends (optional)",
        required=False,
        help_text="Leave empty for “onwards”. " + DATE_HINT,
    )
    quarter = forms.ChoiceField(label="Financial quarter", required=False)
    condition = forms.CharField(
        label="When",
        max_length=300,
        required=False,
        help_text="For example, “When the post is recruited to”.",
    )
    latest_date = MonthOrDayField(
        label="Latest date (optional)", required=False, help_text=DATE_HINT
    )
    timeline_note = forms.CharField(
        label="Note on the timeline (optional)",
        max_length=500,
        required=False,
        help_text="For example, “timeframes variable as dependent on profile of providers”.",
    )
    dependencies = forms.CharField(
        label="Dependencies (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this activity waits on, or what waits on it.",
    )
    toolkit_version = forms.ModelChoiceField(
        label="Delivered by a toolkit version (optional)",
        queryset=ToolkitVersion.objects.none(),
        required=False,
        help_text="The milestone is done when this version is published.",
    )
    event = forms.ModelChoiceField(
        label="Delivered by a network event (optional)",
        queryset=Event.objects.none(),
        required=False,
        help_text="The milestone is done when this event has taken place.",
    )

    def __init__(self, *args, plan: Plan, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["quarter"].choices = quarter_choices(today)
        if plan.is_programme:
            self.fields["toolkit_version"].queryset = ToolkitVersion.objects.all()
            self.fields["event"].queryset = Event.objects.order_by("-starts_at")
        else:
            del self.fields["toolkit_version"]
            del self.fields["event"]
        # The timeline's own fields render inside its conditional radios (presenters).
        self.conditional_fields = [name for names in TIMELINE_FIELDS.values() for name in names]

    @staticmethod
    def initial_from(activity: Activity | None, theme: Theme | None = None) -> dict:
        if activity is None:
            return {"theme": theme}
        initial = {
            name: getattr(activity, name)
            for name in (
                "theme",
                "description",
                "lead",
                "timeline",
                "condition",
                "timeline_note",
                "dependencies",
                "toolkit_version",
                "event",
            )
        }
        for name in DATE_FIELDS:
            value = getattr(activity, name)
            initial[name] = PreciseDate(value, activity.precision) if value else None
        if activity.quarter:
            initial["quarter"] = f"{activity.quarter_year}-{activity.quarter_number}"
        return initial

    def clean(self):
        data = super().clean()
        kind = data.get("timeline")
        if not kind:
            return data
        required = {
            "target_date": "Enter the target date",
            "starts_on": "Enter when the activity starts",
            "quarter": "Choose the financial quarter",
            "condition": "Enter what the activity waits for",
        }
        for name in TIMELINE_FIELDS[kind]:
            if name in required and not data.get(name) and name not in self.errors:
                self.add_error(name, required[name])
        given = [data.get(name) for name in TIMELINE_FIELDS[kind] if name in DATE_FIELDS]
        given = [value for value in given if value]
        if len({value.precision for value in given}) > 1:
            self.add_error(
                TIMELINE_FIELDS[kind][-1],
                "Give both dates to the day, or both as a month and a year",
            )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if kind == Activity.Timeline.RANGE and starts and ends and ends.day < starts.day:
            self.add_error("ends_on", "The end must be the same as or after the start")
        return data

    def activity_data(self) -> dict:
        """The fields for plans.services: only the chosen timeline's, the rest emptied."""
        data = self.cleaned_data
        kind = data["timeline"]
        chosen = TIMELINE_FIELDS[kind]
        fields = {
            "description": data["description"].strip(),
            "lead": data["lead"].strip(),
            "dependencies": data["dependencies"].strip(),
            "timeline": kind,
            "timeline_note": data["timeline_note"].strip(),
            "condition": data["condition"].strip() if "condition" in chosen else "",
            "quarter_year": None,
            "quarter_number": None,
            "precision": Activity.Precision.DAY,
        }
        for name in DATE_FIELDS:
            value = data.get(name) if name in chosen else None
            fields[name] = value.day if value else None
            if value:
                fields["precision"] = value.precision
        if kind == Activity.Timeline.QUARTER:
            year, number = data["quarter"].split("-")
            fields["quarter_year"], fields["quarter_number"] = int(year), int(number)
        if "toolkit_version" in self.fields:
            fields["toolkit_version"] = data.get("toolkit_version")
            fields["event"] = data.get("event")
        return fields


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Activity.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    dropped_reason = forms.CharField(
        label="Why was it dropped?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        dropped = data.get("status") == Activity.Status.DROPPED
        if dropped and not data.get("dropped_reason", "").strip():
            self.add_error("dropped_reason", "Enter why the activity was dropped")
        return data


class CommentForm(forms.Form):
    activity = forms.ModelChoiceField(
        label="About (optional)",
        queryset=Activity.objects.none(),
        required=False,
        empty_label="The whole plan",
    )
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )

    def __init__(self, *args, plan: Plan, activities: list[Activity] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = Activity.objects.filter(theme__plan=plan).select_related("theme")
        if activities is not None:
            # The plan page has its activities in hand: no second query for the choices.
            field.choices = [("", field.empty_label)] + [
                (activity.pk, field.label_from_instance(activity)) for activity in activities
            ]


class ThemeForm(forms.Form):
    title = forms.CharField(
        label="Theme", max_length=300, error_messages={"required": "Enter the theme’s title"}
    )


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a plan (XLSX)",
        help_text="In the shape of the download: theme, number, action, timeline, lead.",
        error_messages={"required": "Choose an XLSX file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("The selected file must be an XLSX spreadsheet")
        validate_upload(upload)
        return upload
