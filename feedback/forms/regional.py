"""A regional lead's quarterly feedback: the NST's delivery in the region on the pulse survey's
satisfaction scale, observations, and an optional rating and comment per vanguard."""

from django import forms

from ..models.pulse import SATISFACTION_SCALE

RATING_REQUIRED = "Select how satisfied you are with the National Support Team's delivery"


def _rating(label: str, *, required: bool, message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SATISFACTION_SCALE if required else [*SATISFACTION_SCALE, ("", "No rating")],
        coerce=int,
        required=required,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios"}),
        error_messages={"required": message, "invalid_choice": f"{message}, from 1 to 5"},
    )


class RegionalFeedbackForm(forms.Form):
    rating = _rating(
        "Overall, how satisfied are you with the National Support Team's delivery in your "
        "region this quarter?",
        required=True,
        message=RATING_REQUIRED,
    )
    observations = forms.CharField(
        label="Observations (optional)",
        required=False,
        max_length=4000,
        help_text="What you have seen across the working groups in your region. Do not include "
        "personal information, like the names of people who use services.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "Your observations must be 4,000 characters or fewer"},
    )

    def __init__(self, *args, vanguards, **kwargs):
        super().__init__(*args, **kwargs)
        self.vanguards = list(vanguards)
        for vanguard in self.vanguards:
            self.fields[f"vanguard_{vanguard.pk}_rating"] = _rating(
                f"{vanguard.name}: how satisfied are you with the support it gets? (optional)",
                required=False,
                message=f"Select how satisfied you are with the support {vanguard.name} gets",
            )
            self.fields[f"vanguard_{vanguard.pk}_comment"] = forms.CharField(
                label=f"Comment on {vanguard.name} (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
            )

    def clean(self):
        data = super().clean()
        for vanguard in self.vanguards:
            rating = data.get(f"vanguard_{vanguard.pk}_rating")
            comment = data.get(f"vanguard_{vanguard.pk}_comment")
            field = f"vanguard_{vanguard.pk}_rating"
            if comment and rating is None and field not in self.errors:
                self.add_error(
                    field,
                    f"Select how satisfied you are with the support {vanguard.name} gets, or "
                    "remove your comment on it",
                )
        return data

    def feedback_data(self) -> dict:
        data = self.cleaned_data
        return {
            "rating": data["rating"],
            "observations": data["observations"],
            "vanguard_ratings": {
                vanguard.pk: (
                    data[f"vanguard_{vanguard.pk}_rating"],
                    data[f"vanguard_{vanguard.pk}_comment"],
                )
                for vanguard in self.vanguards
                if data.get(f"vanguard_{vanguard.pk}_rating") is not None
            },
        }

    @classmethod
    def initial_from(cls, feedback) -> dict | None:
        if feedback is None:
            return None
        initial = {"rating": feedback.rating, "observations": feedback.observations}
        for row in feedback.vanguard_ratings.all():
            initial[f"vanguard_{row.vanguard_id}_rating"] = row.rating
            initial[f"vanguard_{row.vanguard_id}_comment"] = row.comment
        return initial
