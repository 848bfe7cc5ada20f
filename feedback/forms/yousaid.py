"""The NST's "you said, we did" form: what changed, the quarter, whether it is published, and
what was behind it (pulse answers by theme, concerns, consultation comments, regional
feedback)."""

from django import forms
from django.utils import timezone

from workwell.dates import Quarter, govuk_date


def _quarter_choices(today) -> list[tuple[str, str]]:
    quarter = Quarter.containing(today)
    choices = []
    for _ in range(8):
        choices.append((f"{quarter.year}-{quarter.number}", str(quarter)))
        quarter = quarter.previous()
    return choices


class YouSaidForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    you_said = forms.CharField(
        label="What you said",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sum up the feedback. Do not name the people who gave it.",
        error_messages={"required": "Enter what the feedback said"},
    )
    we_did = forms.CharField(
        label="What we did",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the National Support Team did"},
    )
    quarter = forms.ChoiceField(
        label="Quarter", error_messages={"required": "Choose the quarter of the change"}
    )
    published = forms.BooleanField(
        label="Publish this on the feedback page",
        required=False,
        help_text="Everyone in the programme sees published entries.",
    )
    pulse_themes = forms.ModelMultipleChoiceField(
        label="Pulse survey answers on these themes (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concerns = forms.ModelMultipleChoiceField(
        label="Concerns (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consultation_comments = forms.ModelMultipleChoiceField(
        label="Consultation comments (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regional_feedback = forms.ModelMultipleChoiceField(
        label="Regional feedback (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    event = forms.ModelChoiceField(
        label="What we heard at a network event (optional)",
        queryset=None,
        required=False,
        empty_label="No event",
        help_text="Past events whose key points are published",
    )

    def __init__(self, *args, sources: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = _quarter_choices(timezone.localdate())
        for name, queryset in sources.items():
            self.fields[name].queryset = queryset
        self.fields["concerns"].label_from_instance = lambda c: (
            f"#{c.pk} {c.get_kind_display()}: {c.what_happened[:60]}"
        )
        self.fields["consultation_comments"].label_from_instance = lambda c: (
            f"#{c.pk}: {c.text[:60]}"
        )
        self.fields["regional_feedback"].label_from_instance = lambda f: (
            f"{f.region.name}, {f.quarter}"
        )
        self.fields["event"].label_from_instance = lambda e: (
            f"{e.title} ({govuk_date(e.starts_at)})"
        )

    def entry_data(self) -> dict:
        data = dict(self.cleaned_data)
        year, number = data.pop("quarter").split("-")
        return {**data, "year": int(year), "number": int(number)}

    @staticmethod
    def initial_from(entry) -> dict | None:
        if entry is None:
            return None
        return {
            "title": entry.title,
            "you_said": entry.you_said,
            "we_did": entry.we_did,
            "quarter": f"{entry.year}-{entry.number}",
            "published": entry.is_published,
            "pulse_themes": list(entry.pulse_themes.all()),
            "concerns": list(entry.concerns.all()),
            "consultation_comments": list(entry.consultation_comments.all()),
            "regional_feedback": list(entry.regional_feedback.all()),
            "event": entry.event_id,
        }
