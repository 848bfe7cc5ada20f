"""Forms for organisations and cohort groups.

Plain forms rather than ModelForms: a ModelForm validates the model's constraints itself, with
Django's generic wording ("Constraint … is violated"), before the service can say how to fix
the input; and it writes what was typed onto the saved object, which the page's heading and
back link still need. Edit pages pass the saved values as `initial` (see `initial_from`).
"""

from django import forms
from django.forms.models import model_to_dict

from workwell.forms import PersonChoiceField
from workwell.models import ProgrammeTheme

from .. import permissions
from ..models import CohortGroup, Organisation
from ..services.organisations import normalise_ods_code, ods_code_problem


def initial_from(instance, form_class) -> dict:
    """The form's starting values from a saved object, or none for a new one."""
    return model_to_dict(instance, fields=list(form_class.base_fields)) if instance else {}


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Organisation name",
        max_length=Organisation._meta.get_field("name").max_length,
        help_text="The full name, for example NHS Greater Manchester Integrated Care Board",
        error_messages={
            "required": "Enter the organisation's name",
            "max_length": "Enter a name of %(limit_value)d characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation"},
    )
    ods_code = forms.CharField(
        label="ODS code",
        required=False,
        help_text="Required for Integrated Care Boards: 3 letters or numbers, for example QOP. "
        "Optional for other organisations.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    is_network_partner = forms.BooleanField(
        label="This ICB is a network partner",
        required=False,
        help_text="A non-vanguard ICB in the Learning and Change Network. Its people can be "
        "invited with the network partner role.",
    )
    partner_cohort_groups = forms.ModelMultipleChoiceField(
        label="Target cohorts (network partners only)",
        queryset=CohortGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The cohort groups whose target cohort the partner also serves. Partners are "
        "matched with the vanguards in these groups.",
    )
    partner_themes = forms.ModelMultipleChoiceField(
        label="Themes (network partners only)",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Partners are also matched with vanguards whose cohort group works on these.",
    )

    def clean_ods_code(self):
        return normalise_ods_code(self.cleaned_data["ods_code"])

    def clean(self):
        cleaned = super().clean()
        # The service checks this too; checking here lists it with the form's other problems.
        kind, ods_code = cleaned.get("kind"), cleaned.get("ods_code")
        problem = kind and ods_code_problem(kind=kind, ods_code=ods_code or "")
        if problem:
            self.add_error("ods_code", problem)
        return cleaned


class RelationshipManagerField(PersonChoiceField):
    def person_detail(self, person):
        return person.get_role_display()


class CohortGroupForm(forms.Form):
    name = forms.CharField(
        label="Group name",
        max_length=CohortGroup._meta.get_field("name").max_length,
        error_messages={
            "required": "Enter the group's name",
            "max_length": "Enter a name of %(limit_value)d characters or fewer",
        },
    )
    slug = forms.SlugField(
        label="Short name for the web address",
        required=False,
        max_length=CohortGroup._meta.get_field("slug").max_length,
        help_text="Lower-case letters, numbers and hyphens, for example young-people. "
        "Leave blank to make one from the name.",
        error_messages={
            "invalid": "Enter a short name using only letters, numbers and hyphens, for example "
            "young-people",
            "max_length": "Enter a short name of %(limit_value)d characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
    )
    theme = forms.ModelChoiceField(
        label="Programme theme",
        queryset=ProgrammeTheme.objects.all(),
        empty_label="Choose a theme",
        error_messages={
            "required": "Select the group's programme theme",
            "invalid_choice": "Select a programme theme from the list",
        },
    )
    focus = forms.CharField(
        label="Focus",
        required=False,
        help_text="The target cohort the group's vanguards share, for example young people in "
        "seasonal work.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    relationship_manager = RelationshipManagerField(
        label="Relationship manager",
        queryset=permissions.cohort_group_keepers().order_by("full_name", "email"),
        empty_label="Choose a relationship manager",
        help_text="Only relationship managers and the relationship manager lead can look "
        "after a group.",
        error_messages={
            "required": "Select the group's relationship manager",
            "invalid_choice": "Select a relationship manager from the list",
        },
    )
