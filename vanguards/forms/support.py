import datetime

from django import forms
from django.utils import timezone

from workwell.dates import date_input_example
from workwell.forms import GovukDateField, PersonChoiceField

from .. import permissions
from ..models import SupportRequest
from ..selectors.support import active_offers, delivery_touchpoint_choices, nst_people


class SupportRequestForm(forms.Form):
    """Raise a support request. Members raise for their own vanguard, so they are not asked."""

    field_order = ["vanguard", "need", "offer", "urgency", "needed_by"]

    vanguard = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a vanguard",
        help_text="The vanguard the support is for.",
        error_messages={"required": "Select the vanguard the support is for"},
    )
    offer = forms.ModelChoiceField(
        label="Support offer (optional)",
        queryset=None,
        required=False,
        empty_label="None: something not on the support menu",
        help_text="Choose an offer from the support menu if one fits what you need.",
    )
    need = forms.CharField(
        label="What support do you need?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what you want to achieve and what you have tried already.",
        error_messages={"required": "Enter what support you need"},
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=SupportRequest.Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent the request is"},
    )
    needed_by = GovukDateField(label="When do you need it by? (optional)", required=False)

    def __init__(self, *args, user, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        vanguards = permissions.support_request_vanguards(user).order_by("name")
        self.member_vanguard = None
        if permissions.member_vanguard_id(user):
            self.member_vanguard = vanguards.first()
            del self.fields["vanguard"]
        else:
            self.fields["vanguard"].queryset = vanguards
        self.fields["offer"].queryset = active_offers()
        example = date_input_example(self.today + datetime.timedelta(days=21))
        self.fields["needed_by"].help_text = f"For example, {example}"

    def clean_needed_by(self):
        needed_by = self.cleaned_data["needed_by"]
        if needed_by and needed_by < self.today:
            example = date_input_example(self.today + datetime.timedelta(days=21))
            raise forms.ValidationError(
                f"The date you need it by must be today or in the future, for example {example}"
            )
        return needed_by

    def request_data(self) -> dict:
        """Keyword arguments for `support_request_raise`."""
        data = dict(self.cleaned_data)
        data.setdefault("vanguard", self.member_vanguard)
        return data


def _nst_choice(**kwargs) -> PersonChoiceField:
    return PersonChoiceField(queryset=nst_people(), **kwargs)


class TriageForm(forms.Form):
    ACCEPT, DECLINE, REDIRECT = "accept", "decline", "redirect"

    decision = forms.ChoiceField(
        label="What do you want to do with this request?",
        choices=[
            (ACCEPT, "Accept it"),
            (DECLINE, "Decline it"),
            (REDIRECT, "Redirect it to help elsewhere and close it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept, decline or redirect the request"},
    )
    assigned_to = _nst_choice(
        label="Assign it to (optional)",
        required=False,
        empty_label="Not yet",
        help_text="If you accept it: who in the National Support Team will deliver it.",
    )
    note = forms.CharField(
        label="Reason for declining, or where you have redirected it",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The vanguard will see this. Required if you decline or redirect the request.",
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        decision, note = cleaned.get("decision"), cleaned.get("note", "").strip()
        if decision == self.DECLINE and not note:
            self.add_error("note", "Enter why the request is declined")
        if decision == self.REDIRECT and not note:
            self.add_error("note", "Enter where the request has been redirected")
        return cleaned


class AssignForm(forms.Form):
    assigned_to = _nst_choice(
        label="Who will deliver the support?",
        empty_label="Choose someone",
        error_messages={"required": "Choose who will deliver the support"},
    )


class DeliveryForm(forms.Form):
    touchpoints = forms.ModelMultipleChoiceField(
        label="Touchpoints that delivered it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Completed touchpoints with the vanguard since the request was raised.",
    )
    delivery_notes = forms.CharField(
        label="How was the support delivered?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The vanguard will see this.",
        error_messages={"required": "Enter how the support was delivered"},
    )

    def __init__(self, *args, support_request, **kwargs):
        super().__init__(*args, **kwargs)
        choices = delivery_touchpoint_choices(support_request=support_request)
        self.fields["touchpoints"].queryset = choices
        self.has_touchpoints = choices.exists()


RATINGS = [
    ("5", "5: very satisfied"),
    ("4", "4: satisfied"),
    ("3", "3: neither satisfied nor dissatisfied"),
    ("2", "2: dissatisfied"),
    ("1", "1: very dissatisfied"),
]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How satisfied are you with the support?",
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how satisfied you are, from 1 to 5"},
    )
    rating_comment = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What went well, and what could have been better?",
    )


class CloseForm(forms.Form):
    """Closing a delivered request asks nothing; the form carries the CSRF-checked POST."""
