from django import forms
from django.conf import settings

EXPIRY_LABELS = {7: "7 days", 30: "30 days", 90: "90 days", 365: "1 year"}


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you can recognise it later. For example, "
        "Power BI returns dashboard.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    expires_in_days = forms.TypedChoiceField(
        label="How long should the token last?",
        coerce=int,
        widget=forms.RadioSelect,
        help_text="After this the token stops working and you will need a new one.",
        error_messages={"required": "Choose how long the token lasts"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["expires_in_days"]
        field.choices = [
            (days, EXPIRY_LABELS.get(days, f"{days} days"))
            for days in settings.API_TOKEN_EXPIRY_DAYS
        ]
        field.initial = settings.API_TOKEN_DEFAULT_EXPIRY_DAYS


class RevokeForm(forms.Form):
    """Nothing to fill in: the button confirms."""
