from django import forms

from workwell.models import ProgrammeTheme

from .lessons import MARKDOWN_HINT


def _themes_field(**kwargs) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=ProgrammeTheme.objects.order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class QuestionForm(forms.Form):
    """Ask (or, within 30 minutes, change) a question."""

    title = forms.CharField(
        label="Your question",
        max_length=200,
        help_text="For example, Has anyone got GP fit-note referrals working?",
        error_messages={
            "required": "Enter your question",
            "max_length": "Your question must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="More detail",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you have tried and what would help. " + MARKDOWN_HINT,
        error_messages={
            "required": "Enter more detail about your question",
            "max_length": "The detail must be 5,000 characters or fewer",
        },
    )
    themes = _themes_field(
        label="Programme themes",
        help_text="Select every theme the question is about. People who follow them hear of it.",
        error_messages={"required": "Select at least one programme theme"},
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HINT,
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="Why should the learning team look at this post?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are reporting this post",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to this post?",
        choices=[("hide", "Hide it"), ("keep", "Leave it up")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to hide the post or leave it up"},
    )
    reason = forms.CharField(
        label="Why it is hidden",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone who opens the thread will see this instead of the post.",
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "hide" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the post is hidden")
        return cleaned


class FollowForm(forms.Form):
    themes = _themes_field(
        label="Themes you follow",
        required=False,
        help_text="Each morning you get one email with the new questions in these themes, "
        "and none when there are none.",
    )
