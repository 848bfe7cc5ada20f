import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from workwell.dates import date_input_example
from workwell.forms import GovukDateField, PersonChoiceField

from .. import permissions, presenters
from ..selectors.actions import action_owner_candidates
from .choosing import Listed, VanguardChoice, people_choices, redrawing

OWNER_OF_CHOSEN_HINT = (
    "Someone from the National Support Team or from the vanguard. After choosing the "
    "vanguard, choose “Show their people” to list its members here."
)


class OwnerChoiceField(PersonChoiceField):
    """Says which vanguard a member is from."""

    @staticmethod
    def vanguard_detail(vanguard: str | None) -> str:
        """What follows a person's name from their vanguard's name (None: the NST)."""
        return "National Support Team" if vanguard is None else vanguard

    def person_detail(self, person):
        membership = getattr(person, "vanguard_membership", None)
        return self.vanguard_detail(membership.vanguard.name if membership else None)


class ActionForm(forms.Form):
    """A standalone follow-up action, for a vanguard the user may log touchpoints for."""

    vanguard = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a vanguard",
        error_messages={"required": "Select the vanguard the action is for"},
    )
    description = forms.CharField(
        label="What needs to be done",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what needs to be done",
            "max_length": "The action must be 500 characters or fewer",
        },
    )
    owner = OwnerChoiceField(
        queryset=None,
        empty_label="Choose who owns it",
        help_text="Someone from the National Support Team or from the vanguard.",
        error_messages={"required": "Select who owns the action"},
    )
    due_date = GovukDateField(label="Due date")

    def __init__(self, *args, user, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        vanguards = permissions.loggable_vanguards(user).order_by("name")
        self.fields["vanguard"].queryset = vanguards
        # Listed one cohort group at a time when there are many (choosing.py); the one sent
        # is still checked against `vanguards`, whichever group is listed.
        self.vanguard_choice = VanguardChoice(
            self, "vanguard", user=user, chosen=self._chosen_vanguard_ids
        )
        self.fields["vanguard"].choices = self.vanguard_choice.listed(
            self.fields["vanguard"].empty_label
        )
        # An admin or the RM lead may act for every vanguard: every member of all of them
        # would be a thousand owners, so only the chosen vanguard's members are offered.
        self.people_follow_choice = permissions.acts_for_every_vanguard(user)
        if self.people_follow_choice:
            vanguards = vanguards.filter(pk__in=self._chosen_vanguard_ids())
            self.fields["owner"].help_text = OWNER_OF_CHOSEN_HINT
        owner = self.fields["owner"]
        owner.queryset = action_owner_candidates(vanguards=vanguards)
        # Drawn from values, labelled as OwnerChoiceField labels them; the queryset above
        # still checks who is sent.
        owner.choices = Listed(
            lambda: [
                ("", owner.empty_label),
                *people_choices(owner.queryset, detail=owner.vanguard_detail),
            ]
        )
        # "Show their people" and "Show vanguards in this cohort group" only draw the page
        # again: no errors while still typing.
        self.redrawing = redrawing(self.data if self.is_bound else None)
        if self.redrawing:
            self._errors = ErrorDict()
        example = date_input_example(self.today + datetime.timedelta(days=14))
        self.fields["due_date"].help_text = f"For example, {example}"
        self.fields["due_date"].error_messages["required"] = "Enter the due date"

    choose_people_button = presenters.CHOOSE_PEOPLE_BUTTON

    def _chosen_vanguard_ids(self) -> list[int]:
        """The vanguard chosen in the data sent, or given as the form's starting value."""
        if self.is_bound:
            chosen = str(self.data.get("vanguard", ""))
            return [int(chosen)] if chosen.isdigit() else []
        vanguard = self.initial.get("vanguard")
        return [vanguard.pk] if vanguard else []

    def is_valid(self) -> bool:
        return not self.redrawing and super().is_valid()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < self.today:
            example = date_input_example(self.today + datetime.timedelta(days=14))
            raise forms.ValidationError(
                f"The due date must be today or in the future, for example {example}"
            )
        return due_date

    def clean(self):
        cleaned = super().clean()
        vanguard, owner = cleaned.get("vanguard"), cleaned.get("owner")
        member_of = permissions.member_vanguard_id(owner) if owner else None
        if vanguard and member_of is not None and member_of != vanguard.pk:
            self.add_error(
                "owner",
                f"{owner} is not a member of {vanguard}. Choose someone from the National "
                f"Support Team or from {vanguard}",
            )
        return cleaned


class CancelActionForm(forms.Form):
    cancel_reason = forms.CharField(
        label="Why is the action being cancelled?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the action is being cancelled",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
