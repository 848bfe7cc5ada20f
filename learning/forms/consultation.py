from django import forms

from ..models import ConsultationComment


class CommentForm(forms.Form):
    """A comment on a version in consultation: on one of its items, or on the whole version."""

    item = forms.ModelChoiceField(
        label="What is your comment about?",
        queryset=None,
        required=False,
        empty_label="The whole version",
        error_messages={"invalid_choice": "Select an item from this version"},
    )
    text = forms.CharField(
        label="Your comment",
        help_text="Say what should change and why. The learning team will answer it.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your comment",
            "max_length": "Your comment must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class AnswerForm(forms.Form):
    """The learning team's answer to a comment."""

    status = forms.ChoiceField(
        label="Your answer",
        choices=[
            (ConsultationComment.Status.ACCEPTED, "Accept it: the next version will change"),
            (ConsultationComment.Status.DECLINED, "Decline it (give the reason)"),
            (ConsultationComment.Status.ANSWERED, "Answer it without a change (give the answer)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select accepted, declined or answered"},
    )
    response = forms.CharField(
        label="Reason or answer",
        help_text="Required when you decline or answer. The commenter's vanguard will see it.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The reason or answer must be 5,000 characters or fewer"},
    )


class LinkChangeForm(forms.Form):
    """Which item of the next version makes the change an accepted comment asked for."""

    item = forms.ModelChoiceField(
        label="Which item in the next version makes the change?",
        queryset=None,
        required=False,
        empty_label="Not linked to a change yet",
        error_messages={"invalid_choice": "Select an item from the next version"},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
