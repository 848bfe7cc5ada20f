from django import forms

from workwell.models import ProgrammeTheme


class ThemesForm(forms.Form):
    """Validates a theme-tagging post; the checkboxes are drawn by presenters/themes.py."""

    themes = forms.ModelMultipleChoiceField(
        label="Programme themes",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select themes from the list"},
    )
