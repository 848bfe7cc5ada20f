"""The dashboards' choosers (GET): the quarter, and on the national dashboard a region and a
cohort group. Values are checked against the choices; anything else is an error on the
page and the default is used."""

from django import forms

from feedback.forms.quality import quarter_slug
from workwell.dates import Quarter


class QuarterForm(forms.Form):
    quarter = forms.ChoiceField(
        label="Quarter",
        required=False,
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )

    def __init__(self, data, *, quarters: list[Quarter], default: Quarter, **kwargs):
        super().__init__(data, **kwargs)
        self.quarters = {quarter_slug(q): q for q in quarters}
        self.default = default
        self.fields["quarter"].choices = [(slug, str(q)) for slug, q in self.quarters.items()]
        self.fields["quarter"].initial = quarter_slug(default)

    def chosen(self, name: str, default=""):
        """The cleaned value of `name`, or `default` when it is missing or not valid."""
        if not self.is_bound:
            return default
        if self.is_valid() or name not in self.errors:
            return self.cleaned_data.get(name) or default
        return default

    @property
    def chosen_quarter(self) -> Quarter:
        return self.quarters.get(self.chosen("quarter"), self.default)

    @property
    def cleaned_quarter_slug(self) -> str:
        return quarter_slug(self.chosen_quarter)


class DashboardFilterForm(QuarterForm):
    region = forms.ChoiceField(
        label="Region",
        required=False,
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    cohort_group = forms.ChoiceField(
        label="Cohort group",
        required=False,
        error_messages={"invalid_choice": "Select a cohort group from the list"},
    )

    def __init__(self, data, *, regions: list[tuple[str, str]], groups, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [("", "All regions"), *regions]
        self.fields["cohort_group"].choices = [("", "All cohort groups"), *groups]
