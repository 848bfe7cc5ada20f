from django import forms

from workwell.forms import GovukDateField

from ..models import Panel, PanelMember


class PanelMemberForm(forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["full_name", "expertise", "organisation", "email", "is_active"]
        labels = {
            "full_name": "Full name",
            "expertise": "Expertise",
            "organisation": "Organisation (optional)",
            "email": "Email address (optional)",
            "is_active": "Still on the panel",
        }
        help_texts = {
            "expertise": "What they bring to the panel, for example occupational health, "
            "employment support, or their own experience of staying in work with a health "
            "condition.",
            "is_active": "Untick when they leave. Reviews they gave keep their name.",
        }
        widgets = {"expertise": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "full_name": {"required": "Enter their full name"},
            "expertise": {"required": "Enter their expertise"},
            "email": {"invalid": "Enter an email address like name@example.com"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]  # someone added is on the panel

    def validate_unique(self):
        pass  # the service's rule, with a message that says how to fix it


class PanelReviewForm(forms.Form):
    """A panel's review of a version. Reviewers are chosen from both panels' members; the
    service checks they are on the panel named."""

    panel = forms.ChoiceField(
        label="Which panel gave the review?",
        choices=Panel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which panel gave the review"},
    )
    reviewers = forms.ModelMultipleChoiceField(
        label="Who reviewed it?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone from the panel who took part.",
        error_messages={
            "required": "Select who reviewed the version",
            "invalid_choice": "Select reviewers from the list",
        },
    )
    reviewed_on = GovukDateField(
        label="Date of the review",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the review"},
    )
    summary = forms.CharField(
        label="Summary of the review",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter a summary of the review"},
    )
    recommendations = forms.CharField(
        label="Recommendations (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reviewers"]
        field.queryset = members
        field.label_from_instance = lambda member: (
            f"{member.full_name} ({member.get_panel_display().lower()})"
        )
