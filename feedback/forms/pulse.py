"""The pulse survey form: three questions on a 1 to 5 scale and two optional free-text ones."""

from django import forms

from ..models.pulse import SATISFACTION_SCALE

MEETS_NEEDS = [
    (5, "5 – fully meets our needs"),
    (4, "4 – mostly meets our needs"),
    (3, "3 – partly meets our needs"),
    (2, "2 – meets few of our needs"),
    (1, "1 – does not meet our needs"),
]
USEFUL = [
    (5, "5 – very useful"),
    (4, "4 – useful"),
    (3, "3 – somewhat useful"),
    (2, "2 – not very useful"),
    (1, "1 – not useful at all"),
]
# GOV.UK's pattern for free text that is read by others.
NO_PERSONAL_INFORMATION = (
    "Do not include personal information, like the names of people who use your service."
)


def _scale(label: str, choices, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios"}),
        error_messages={
            "required": required,
            "invalid_choice": f"{required}, from 1 to 5",
        },
    )


def _free_text(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        help_text=NO_PERSONAL_INFORMATION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Your answer must be 2,000 characters or fewer"},
    )


class PulseForm(forms.Form):
    satisfaction = _scale(
        "Overall, how satisfied are you with the support from the National Support Team?",
        SATISFACTION_SCALE,
        "Select how satisfied you are with the support",
    )
    rm_support = _scale(
        "How well does your relationship manager's support meet your vanguard's needs?",
        MEETS_NEEDS,
        "Select how well your relationship manager's support meets your needs",
    )
    learning_usefulness = _scale(
        "How useful is the learning offer (the toolkit, events and the Learning and Change "
        "Network)?",
        USEFUL,
        "Select how useful the learning offer is",
    )
    went_well = _free_text("What went well this quarter? (optional)")
    even_better = _free_text("What would make it even better? (optional)")
    may_contact = forms.BooleanField(
        label="You may contact me about my answers",
        required=False,
        help_text="If you tick this, the National Support Team will see your name with your "
        "answers. If you do not, they see your answers without your name.",
    )
