from django import forms

from ..models import FundingRule
from ..services.funding import MAX_ARREARS_QUARTERS


class FundingRuleForm(forms.ModelForm):
    class Meta:
        model = FundingRule
        fields = ["guaranteed_percent", "arrears_quarters"]
        labels = {
            "guaranteed_percent": "Guaranteed share of the allocation (%)",
            "arrears_quarters": "Quarters in arrears",
        }
        help_texts = {
            "guaranteed_percent": "Paid whatever the starts, once the service has its first "
            "start. The rest is earned per participant started, up to the target.",
            "arrears_quarters": "How many quarters after it is earned a payment is made: 1 "
            "pays April to June's in July to September. 0 to 4.",
        }
        error_messages = {
            "guaranteed_percent": {
                "required": "Enter the guaranteed share as a percentage from 0 to 100",
                "invalid": "Enter the guaranteed share as a whole number from 0 to 100",
                "min_value": "Enter the guaranteed share as a percentage from 0 to 100",
            },
            "arrears_quarters": {
                "required": "Enter how many quarters in arrears payments are made, 0 to 4",
                "invalid": "Enter the quarters in arrears as a whole number from 0 to 4",
                "min_value": "Enter the quarters in arrears as a whole number from 0 to 4",
            },
        }
        widgets = {
            "guaranteed_percent": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "arrears_quarters": forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        }

    def clean_guaranteed_percent(self):
        percent = self.cleaned_data["guaranteed_percent"]
        if percent > 100:
            raise forms.ValidationError("Enter the guaranteed share as a percentage from 0 to 100")
        return percent

    def clean_arrears_quarters(self):
        quarters = self.cleaned_data["arrears_quarters"]
        if quarters > MAX_ARREARS_QUARTERS:
            raise forms.ValidationError(
                "Enter the quarters in arrears as a whole number from 0 to 4"
            )
        return quarters
