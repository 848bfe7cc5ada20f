from django import forms

from workwell.models import MaturityBand, ProgrammeTheme

from ..models import SupportOffer

BAND_FIELDS = {band: f"for_{band}" for band in MaturityBand.values}


class SupportOfferForm(forms.ModelForm):
    """An offer on the support menu. The three band flags are asked as one question."""

    themes = forms.ModelMultipleChoiceField(
        label="Programme themes",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every theme the support helps with.",
    )
    bands = forms.MultipleChoiceField(
        label="Which vanguards does it suit?",
        choices=[(band.value, f"{band.label} vanguards") for band in MaturityBand],
        widget=forms.CheckboxSelectMultiple,
        help_text="The maturity bands of the Maturity Assessment Matrix. Select all that apply.",
        error_messages={"required": "Select at least one maturity band the offer suits"},
    )

    class Meta:
        model = SupportOffer
        fields = ["title", "description", "channel", "delivered_by", "scaffolded", "is_active"]
        labels = {
            "channel": "How is it delivered?",
            "delivered_by": "Who delivers it?",
            "scaffolded": "This is scaffolded support for emerging vanguards",
            "is_active": "Show this offer on the support menu",
        }
        help_texts = {
            "delivered_by": "For example, Collaborate (improvement partner)",
            "is_active": "Untick to take it off the menu. Requests that used it keep the link.",
        }
        widgets = {
            "channel": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "title": {"required": "Enter the title of the offer"},
            "description": {"required": "Enter what the offer is and who it helps"},
            "channel": {"required": "Select how the support is delivered"},
            "delivered_by": {"required": "Enter who delivers it"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer = self.instance
        if offer.pk:
            self.initial.setdefault("themes", list(offer.themes.all()))
            self.initial.setdefault("bands", offer.bands)
        else:
            self.initial.setdefault("bands", list(MaturityBand.values))
            del self.fields["is_active"]  # a new offer goes straight onto the menu

    def validate_unique(self):
        # Uniqueness is the service's rule (with a message that says how to fix it).
        pass

    def offer_data(self) -> dict:
        """Model fields for `support_offer_save`, with the band answer turned into its flags."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "bands"}
        data.pop("themes")
        for band, field in BAND_FIELDS.items():
            data[field] = band in self.cleaned_data["bands"]
        return data
