import datetime

from django import forms
from django.utils import timezone

from vanguards import permissions
from workwell.dates import date_input_example
from workwell.forms import GovukDateField, PersonChoiceField

from ..models import Concern
from ..selectors.concerns import relationship_managers_to_name


class ConcernForm(forms.Form):
    """Raise a concern. Members raise about their own vanguard's support, so they are not
    asked which vanguard; a regional lead chooses one of their region's, or none."""

    field_order = [
        "vanguard",
        "kind",
        "what_happened",
        "happened_on",
        "late_reason",
        "wanted_outcome",
        "about_rm",
        "about_service",
    ]

    vanguard = forms.ModelChoiceField(
        label="Which vanguard is it about? (optional)",
        queryset=None,
        required=False,
        empty_label="None: the region as a whole",
        error_messages={
            "invalid_choice": "Choose one of your region's vanguards, or none if the concern "
            "is about the region as a whole"
        },
    )
    kind = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Concern.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of concern it is"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what happened and who was involved. Do not include personal "
        "information about the people your vanguard supports.",
        error_messages={"required": "Enter what happened"},
    )
    happened_on = GovukDateField(
        label="When did it happen?",
        error_messages={"required": "Enter the date it happened"},
    )
    late_reason = forms.CharField(
        label="Why was it not raised sooner? (needed for complaints about something more than "
        "12 months ago)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    wanted_outcome = forms.CharField(
        label="What would you like to happen?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you would like to happen"},
    )
    about_rm = PersonChoiceField(
        label="Is it about a relationship manager? (optional)",
        queryset=None,
        required=False,
        empty_label="No",
        help_text="A complaint about a relationship manager goes straight to the relationship "
        "manager lead and is not shown to the person it is about.",
    )
    about_service = forms.CharField(
        label="Which service or part of the support is it about? (optional)",
        max_length=200,
        required=False,
        help_text="For example, a webinar, the toolkit or a site visit.",
    )

    def __init__(self, *args, user, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.member_vanguard = None
        # Only the raiser's own vanguards: another's is refused with a message saying what to
        # choose instead (and the service refuses it again for any other caller).
        vanguards = permissions.concern_vanguards(user).order_by("name")
        if permissions.member_vanguard_id(user):
            self.member_vanguard = vanguards.first()
            del self.fields["vanguard"]
        else:
            self.fields["vanguard"].queryset = vanguards
        self.fields["about_rm"].queryset = relationship_managers_to_name()
        example = date_input_example(self.today - datetime.timedelta(days=7))
        self.fields["happened_on"].help_text = f"For example, {example}"

    def concern_data(self) -> dict:
        """Keyword arguments for `concern_raise`."""
        data = dict(self.cleaned_data)
        data.setdefault("vanguard", self.member_vanguard)
        return data


def _text(label: str, required_message: str, rows: int = 5, required: bool = True):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        error_messages={"required": required_message},
    )


class AcknowledgeForm(forms.Form):
    note = _text("Anything to add (optional)", "", rows=3, required=False)


class InvestigateForm(forms.Form):
    note = _text("Anything to tell the raiser (optional)", "", rows=3, required=False)


class EscalateForm(forms.Form):
    reason = _text("Why does it need the next stage?", "Enter why the concern is being escalated")


class RespondForm(forms.Form):
    response = _text(
        "Your response",
        "Enter your response",
        rows=8,
    )
    response.help_text = (
        "Say what you found, what you will do and by when. How to escalate further is added "
        "for you."
    )


class ReopenForm(forms.Form):
    reason = _text("Why are you reopening it?", "Enter why you are reopening the concern")


class MessageForm(forms.Form):
    text = _text("Your message", "Enter your message", rows=4)


class CloseForm(forms.Form):
    """No fields: the button is the decision."""
