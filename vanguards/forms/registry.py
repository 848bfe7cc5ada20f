from django import forms

from workwell.forms import GovukDateField
from workwell.models import Role

from .. import permissions
from ..models import CohortGroup, Organisation, Region, Vanguard, VanguardMember

# Slugs that would clash with the portal's own pages under /vanguards/.
RESERVED_SLUGS = {"new", "invite", "organisations", "groups", "people"}


class VanguardForm(forms.ModelForm):
    start_date = GovukDateField(label="Start date", help_text="For example, 1 4 2025")
    end_date = GovukDateField(label="End date", help_text="For example, 31 3 2027")
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partner organisations",
        help_text="Select every partner other than the lead organisation.",
    )
    cohort_group = forms.ModelChoiceField(
        queryset=CohortGroup.objects.all(),
        required=False,
        empty_label="Not in a group yet",
        label="Cohort group",
        help_text="Changing the group keeps the previous membership in the vanguard's history.",
    )

    class Meta:
        model = Vanguard
        fields = [
            "name",
            "slug",
            "region",
            "lead_organisation",
            "target_cohorts",
            "funding_allocation",
            "participant_target",
            "in_work_share_target",
            "start_date",
            "end_date",
            "status",
        ]
        labels = {"slug": "Short name for the web address"}
        help_texts = {
            "slug": "Lower-case letters, numbers and hyphens, for example greater-manchester. "
            "Leave blank to make one from the name.",
            "funding_allocation": "In pounds, for example 1310012",
        }
        error_messages = {
            "name": {"required": "Enter the vanguard name"},
            "region": {
                "required": "Select the NHS England region",
                "invalid_choice": "Select a region from the list",
            },
            "lead_organisation": {
                "required": "Select the lead organisation",
                "invalid_choice": "Select the lead organisation from the list",
            },
            "target_cohorts": {"required": "Enter who the service is for"},
            "funding_allocation": {
                "required": "Enter the funding allocation in pounds",
                "invalid": "Enter the funding allocation as a number, for example 1310012",
            },
            "participant_target": {
                "required": "Enter the participant target",
                "invalid": "Enter the participant target as a whole number, for example 2500",
            },
            "status": {"required": "Select the vanguard's status"},
            "in_work_share_target": {
                "required": "Enter the in-work share target, from 0 to 100",
                "invalid": "Enter the in-work share target as a whole number from 0 to 100",
            },
        }
        widgets = {
            "slug": forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
            "funding_allocation": forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
            "participant_target": forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
            "in_work_share_target": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "target_cohorts": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        # A ModelForm's own selects start with "---------"; say what to choose instead.
        self.fields["region"].empty_label = "Choose a region"
        self.fields["lead_organisation"].empty_label = "Choose the lead organisation"
        self.fields["start_date"].error_messages["required"] = "Enter the start date"
        self.fields["end_date"].error_messages["required"] = "Enter the end date"

    def validate_unique(self):
        # Uniqueness is the service's rule (with a message that says how to fix it).
        pass

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                f"“{slug}” is used by the portal. Enter a different short name."
            )
        return slug

    def clean_in_work_share_target(self):
        value = self.cleaned_data["in_work_share_target"]
        if value is not None and value > 100:
            raise forms.ValidationError("Enter the in-work share target as a number from 0 to 100")
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


class InvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role"},
    )
    vanguard = forms.ModelChoiceField(
        queryset=Vanguard.objects.all(),
        required=False,
        empty_label="Choose a vanguard",
        help_text="For vanguard members only.",
    )
    title = forms.ChoiceField(
        choices=[("", "Choose a title"), *VanguardMember.Title.choices],
        required=False,
        help_text="For vanguard members only.",
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        empty_label="Choose a region",
        help_text="For regional leads only.",
    )

    organisation = forms.ModelChoiceField(
        label="Network partner organisation",
        queryset=Organisation.objects.filter(is_network_partner=True),
        required=False,
        empty_label="Choose an organisation",
        help_text="For network partners only.",
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if permissions.needs_partner_link(role) and not cleaned.get("organisation"):
            self.add_error("organisation", "Select the network partner this person works for")
        if permissions.needs_vanguard_link(role):
            if not cleaned.get("vanguard"):
                self.add_error("vanguard", "Select the vanguard this member belongs to")
            if not cleaned.get("title"):
                self.add_error("title", "Select the member's title")
        if permissions.needs_region_link(role) and not cleaned.get("region"):
            self.add_error("region", "Select the regional lead's region")
        return cleaned


class MemberForm(forms.Form):
    """An admin's changes to one vanguard member: name, title, vanguard and account."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's name"}
    )
    title = forms.ChoiceField(
        choices=VanguardMember.Title.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the member's title"},
    )
    vanguard = forms.ModelChoiceField(
        queryset=Vanguard.objects.all(),
        empty_label="Choose a vanguard",
        error_messages={
            "required": "Select the vanguard this member belongs to",
            "invalid_choice": "Select a vanguard from the list",
        },
    )
    is_active = forms.BooleanField(
        label="Account active",
        required=False,
        help_text="Untick to stop this person signing in. Their records are kept.",
    )
