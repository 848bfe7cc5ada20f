from django import forms

from vanguards import permissions
from vanguards.models import SupportOffer, Vanguard
from workwell.models import ProgrammeTheme

from ..models import Lesson

MARKDOWN_HINT = "You can use Markdown: a blank line between paragraphs, * for a bulleted list."


class LessonForm(forms.ModelForm):
    """A lesson as its author writes it. Members write for their own vanguard, so only NST
    staff are asked which vanguard (if any) it is about."""

    vanguard = forms.ModelChoiceField(
        label="Which vanguard is it about? (optional)",
        queryset=Vanguard.objects.order_by("name"),
        required=False,
        empty_label="The programme as a whole",
        help_text="Leave it as the programme as a whole for a lesson the NST learnt itself.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Programme themes",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every theme the lesson speaks to.",
    )
    dimensions = forms.ModelMultipleChoiceField(
        label="Maturity dimensions",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The dimensions of the Maturity Assessment Matrix it helps with.",
    )

    class Meta:
        model = Lesson
        fields = ["title", "problem", "tried", "happened", "takeaways"]
        labels = {
            "title": "Title",
            "problem": "What was the problem?",
            "tried": "What did you try?",
            "happened": "What happened?",
            "takeaways": "What should others take from it?",
        }
        help_texts = {
            "title": "For example, Employer champions cut referral waits in half",
            **dict.fromkeys(["problem", "tried", "happened", "takeaways"], MARKDOWN_HINT),
        }
        widgets = {
            field: forms.Textarea(attrs={"rows": 5})
            for field in ["problem", "tried", "happened", "takeaways"]
        }
        error_messages = {
            "title": {"required": "Enter a title for the lesson"},
            "problem": {"required": "Enter what the problem was"},
            "tried": {"required": "Enter what was tried"},
            "happened": {"required": "Enter what happened"},
            "takeaways": {"required": "Enter what others should take from it"},
        }

    def __init__(self, *args, user, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].queryset = dimensions
        lesson = self.instance
        if lesson.pk:
            self.initial.setdefault("vanguard", lesson.vanguard_id)
            self.initial.setdefault("themes", [theme.pk for theme in lesson.themes.all()])
            self.initial.setdefault("dimensions", [item.pk for item in lesson.dimensions.all()])
        if permissions.member_vanguard_id(user) is not None:
            del self.fields["vanguard"]  # their own, always


class LessonReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("publish", "Publish it"), ("return", "Return it to the author")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to publish the lesson or return it"},
    )
    reason = forms.CharField(
        label="Why are you returning it?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if you return it. The author sees this and can change the lesson.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why you are returning the lesson")
        return cleaned


class ToolkitItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} (toolkit version {obj.version.number})"


class LessonLinkForm(forms.Form):
    """What a published lesson informed: support offers and the toolkit items it shaped."""

    support_offers = forms.ModelMultipleChoiceField(
        label="Support offers it informed",
        queryset=SupportOffer.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    toolkit_items = ToolkitItemChoiceField(
        label="Toolkit items it shaped",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Items of published toolkit versions, newest first.",
    )

    def __init__(self, *args, toolkit_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toolkit_items"].queryset = toolkit_items
