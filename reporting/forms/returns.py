"""The quarterly return's forms: a strand's figures, the narrative, the SRO's sign-off, the
RM's decision and an admin's correction. The figures' rules are not here: the service asks
reporting/rules.py (figure_problems) and the view puts its problems on these fields."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms

from ..models.returns import CONDITIONS, COUNTS, ETHNIC_GROUPS, FIGURES
from ..rules import Problem
from ..selectors.returns import LIST_STATUSES

YES_NO = [("yes", "Yes"), ("no", "No, I'll come back to it later")]
# "1,250" and "£1,250.50": thousands written with commas, and a pound sign before spend.
THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def _plain_number(value: str) -> str:
    value = value.strip().removeprefix("£").strip()
    return value.replace(",", "") if THOUSANDS.match(value) else value


class CountField(forms.IntegerField):
    """A whole number of people, typed in a GOV.UK text input with a numeric keypad."""

    def __init__(self, *, label: str, **kwargs):
        super().__init__(
            label=label,
            required=False,
            widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
            error_messages={
                "invalid": f"{label} must be a whole number, like 12",
                "max_value": f"{label} must be a smaller whole number",
            },
            max_value=2_000_000_000,  # the column's limit
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(_plain_number(value) if isinstance(value, str) else value)


class PoundsField(forms.DecimalField):
    """Spend in pounds (and pence), typed with or without the pound sign."""

    def __init__(self, *, label: str, **kwargs):
        super().__init__(
            label=label,
            required=False,
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
            help_text="In pounds, for example 12500 or 12500.50",
            error_messages={
                "invalid": "Enter spend in pounds as a number, like 12500 or 12500.50",
                "max_decimal_places": "Enter spend in pounds and pence, like 12500.50",
                "max_digits": "Enter spend as a smaller number of pounds",
                "max_whole_digits": "Enter spend as a smaller number of pounds",
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = _plain_number(value)
        try:
            return super().to_python(value)
        except InvalidOperation:  # pragma: no cover - Django reports it as invalid already
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


# The figures in groups, each a fieldset on the page: (legend, fields, hint).
GROUPS = [
    ("Referrals and starts", ["referrals", "starts"], "Starts can be no more than referrals."),
    (
        "Starts by work status",
        ["starts_in_work", "starts_out_of_work"],
        "These must add up to starts.",
    ),
    ("Starts by health condition", CONDITIONS, "These must add up to starts."),
    ("Starts by ethnic group", ETHNIC_GROUPS, "These must add up to starts."),
    (
        "Outcomes",
        ["completions", "remained_in_work", "entered_work"],
        "Remained in work can be no more than the starts in work to date, and entered work "
        "no more than the starts out of work to date, this quarter included.",
    ),
    (
        "Participant satisfaction",
        ["satisfaction_responses", "satisfied"],
        "Participants satisfied can be no more than the responses.",
    ),
    ("Spend", ["spend"], ""),
]
assert sorted(f for _, fields, _ in GROUPS for f in fields) == sorted(f for f, _ in FIGURES)


class FiguresForm(forms.Form):
    """Every figure a strand reports, labelled as the model names them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in COUNTS:
            self.fields[field] = CountField(label=label)
        self.fields["spend"] = PoundsField(label=dict(FIGURES)["spend"])

    def groups(self) -> list[tuple[str, str, list]]:
        """(legend, hint, bound fields) of each group of figures, for the page's fieldsets."""
        return [
            (legend, hint, [self[field] for field in fields]) for legend, fields, hint in GROUPS
        ]

    def figures(self) -> dict[str, int | Decimal | None]:
        return {field: self.cleaned_data.get(field) for field, _ in FIGURES}

    def add_problems(self, problems: list[Problem]) -> None:
        """Put the validation rules' problems on the figures they belong to."""
        for problem in problems:
            if problem.message not in self.errors.get(problem.field, []):
                self.add_error(problem.field, problem.message)


class SeenForm(forms.Form):
    """When the return was last saved as the page was loaded (a hidden field), so the service
    can refuse a save that would silently overwrite someone else's."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, seen: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = seen.isoformat()

    def clean_seen(self) -> datetime.datetime | None:
        try:
            return datetime.datetime.fromisoformat(self.cleaned_data["seen"])
        except ValueError:
            return None  # no (or a mangled) value: nothing to compare

    def reset_seen(self, seen: datetime.datetime) -> None:
        """After a refused save, the next save from this page starts from the current one."""
        self.data = self.data.copy()
        self.data["seen"] = seen.isoformat()


class StrandReturnForm(FiguresForm, SeenForm):
    complete = forms.ChoiceField(
        label="Have you completed this section?", choices=YES_NO, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complete"].error_messages["required"] = (
            "Select yes if you have completed this section"
        )
        self.order_fields([*(field for field, _ in FIGURES), "complete"])

    @property
    def marked_complete(self) -> bool:
        return self.cleaned_data.get("complete") == "yes"


class CorrectionForm(FiguresForm):
    reason = forms.CharField(
        label="Why are you correcting this accepted return?",
        help_text="This is kept in the return's history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the correction"},
    )


def _answer(label: str, hint: str = "", rows: int = 5) -> forms.CharField:
    """A narrative answer: optional in a draft (the service asks for all three to complete it)."""
    return forms.CharField(
        label=label, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


class NarrativeForm(SeenForm):
    progress = _answer(
        "Progress this quarter", "What the service achieved, and how it compares with the plan."
    )
    risks = _answer(
        "Risks and issues",
        "What could stop the service meeting its targets, and what you are doing.",
    )
    what_helped = _answer(
        "What helped", "What worked well this quarter, which other vanguards could learn from."
    )
    query_answer = _answer("Your answer to the query", rows=4)
    complete = forms.ChoiceField(
        label="Have you completed this section?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have completed this section"},
    )

    def __init__(self, *args, queried: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not queried:
            del self.fields["query_answer"]


class SignOffForm(forms.Form):
    confirm = forms.BooleanField(label="I confirm these figures are accurate", required=False)


class QueryForm(forms.Form):
    query = forms.CharField(
        label="What does the vanguard need to check or explain?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the query the vanguard needs to answer"},
    )


# The returns list's filter to the outstanding returns the user's home chases (its link to
# them all when it shows only the most urgent).
SHOW_OUTSTANDING = "outstanding"
OUTSTANDING_FILTER = f"show={SHOW_OUTSTANDING}"


class ReturnFilterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *LIST_STATUSES],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Every return"), (SHOW_OUTSTANDING, "Outstanding on your home")],
        error_messages={"invalid_choice": "Select which returns to show from the list"},
    )

    def __init__(self, *args, quarters, chases_returns: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        field.choices = [
            ("", "Any quarter"),
            *((f"{q.year}-q{q.number}", str(q)) for q in quarters),
        ]
        field.error_messages["invalid_choice"] = "Select a quarter from the list"
        if not chases_returns:  # only those whose home chases returns have outstanding ones
            del self.fields["show"]

    def chosen(self, quarters) -> dict:
        if not self.is_valid():
            return {"quarter": None, "status": "", "outstanding": False}
        slugs = {f"{q.year}-q{q.number}": q for q in quarters}
        return {
            "quarter": slugs.get(self.cleaned_data["quarter"]),
            "status": self.cleaned_data["status"],
            "outstanding": self.cleaned_data.get("show") == SHOW_OUTSTANDING,
        }
