from django import forms

from workwell.dates import Quarter


def quarter_value(quarter: Quarter) -> str:
    return f"{quarter.year}-q{quarter.number}"


class QuarterForm(forms.Form):
    """The results page's filter: which quarter's survey (those that have opened)."""

    quarter = forms.ChoiceField(
        label="Quarter",
        required=False,
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )

    def __init__(self, data, *, quarters: list[Quarter], default: Quarter):
        super().__init__(data, initial={"quarter": quarter_value(default)})
        self.default = default
        self.quarters = {quarter_value(quarter): quarter for quarter in quarters}
        self.fields["quarter"].choices = [(value, str(q)) for value, q in self.quarters.items()]

    def chosen(self) -> Quarter:
        """The quarter asked for, or the default when none (or an unknown one) is."""
        if not self.is_valid():
            return self.default
        return self.quarters.get(self.cleaned_data["quarter"], self.default)
