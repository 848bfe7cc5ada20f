"""Forms for the framework, assessment cycles, self-assessment and moderation.

A self-assessment page is one HTML form made of one small Django form per dimension
(prefixed `d<dimension id>`), plus the revision the person started from. The per-dimension
forms render their fields with the dimension's name visually hidden in each label, so a
screen reader user hears "Evidence for Leadership and governance", not ten "Evidence"s.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.forms import GovukDateField, error_summary_params, field_component
from workwell.govuk import render_component
from workwell.models import ProgrammeTheme
from workwell.uploads import UPLOAD_HINT, validate_upload

from .models import LEVELS, AssessmentCycle, FrameworkVersion
from .services.assessments import (
    ANSWER_FIELDS,
    MODERATION_FIELDS,
    AssessmentError,
    cycle_validate,
)

# --- Framework ---------------------------------------------------------------------------

THRESHOLD_ERRORS = {
    "required": "Enter the mean level where this band starts, for example 2.5",
    "invalid": "Enter the threshold as a number, for example 2.5",
    "max_digits": "Enter a number from 1 to 5 with up to 2 decimal places, for example 2.5",
    "max_decimal_places": "Enter a number with up to 2 decimal places, for example 3.75",
    "max_whole_digits": "Enter a number from 1 to 5, for example 2.5",
}


def _threshold_field(label: str, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=3,
        decimal_places=2,
        error_messages=THRESHOLD_ERRORS,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


class FrameworkVersionForm(forms.Form):
    name = forms.CharField(
        label="Version name",
        max_length=100,
        error_messages={"required": "Enter a name for this version"},
    )
    emerging_below = _threshold_field(
        "Maturing from (mean level)",
        "Vanguards whose mean level is below this are emerging, for example 2.5",
    )
    maturing_below = _threshold_field(
        "Leading from (mean level)",
        "Vanguards whose mean level is this or more are leading, for example 3.75",
    )


class DimensionForm(forms.Form):
    name = forms.CharField(
        label="Dimension", max_length=120, error_messages={"required": "Enter the dimension name"}
    )
    description = forms.CharField(
        label="What this dimension covers",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what this dimension covers"},
    )
    theme = forms.ModelChoiceField(
        label="Programme theme",
        queryset=ProgrammeTheme.objects.all(),
        empty_label="Choose a theme",
        error_messages={"required": "Select the programme theme this dimension belongs to"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in LEVELS:
            self.fields[f"level_{level}"] = forms.CharField(
                label=f"Level {level}",
                help_text=LEVEL_HINTS[level],
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": f"Describe what level {level} looks like"},
            )

    @property
    def descriptors(self) -> dict[int, str]:
        return {level: self.cleaned_data[f"level_{level}"] for level in LEVELS}


LEVEL_HINTS = {
    1: "Not started yet",
    2: "Getting going",
    3: "Working and reliable",
    4: "Embedded and improving",
    5: "Leading: others learn from it",
}


# --- Cycles ------------------------------------------------------------------------------


class CycleForm(forms.Form):
    name = forms.CharField(
        label="Cycle name",
        max_length=100,
        help_text="For example, Spring 2026 assessment",
        error_messages={"required": "Enter a name for the cycle"},
    )
    framework = forms.ModelChoiceField(
        label="Framework version",
        queryset=FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED),
        empty_label="Choose a published version",
        error_messages={
            "required": "Select the framework version vanguards assess themselves against",
            "invalid_choice": "Select a published framework version",
        },
    )
    opens_on = GovukDateField(label="Opens on", help_text="For example, 1 4 2026")
    closes_on = GovukDateField(label="Closes on", help_text="For example, 30 4 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens_on"].error_messages["required"] = "Enter the date the cycle opens"
        self.fields["closes_on"].error_messages["required"] = "Enter the date the cycle closes"

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes <= opens:
            self.add_error("closes_on", "The closing date must be after the opening date")
        return cleaned


class CycleAdminForm(forms.ModelForm):
    """The Django admin's cycle form, held to the same rules as the portal's."""

    class Meta:
        model = AssessmentCycle
        fields = ["name", "framework", "opens_on", "closes_on"]

    def clean(self):
        cleaned = super().clean()
        framework = cleaned.get("framework") or getattr(self.instance, "framework", None)
        if self.errors or framework is None:
            return cleaned
        try:
            cycle_validate(
                name=cleaned["name"],
                framework=framework,
                opens_on=cleaned["opens_on"],
                closes_on=cleaned["closes_on"],
                cycle_id=self.instance.pk,
            )
        except AssessmentError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


# --- Evidence files ----------------------------------------------------------------------

# --- Per-dimension forms -----------------------------------------------------------------

LEVEL_CHOICES = [(level, f"Level {level}") for level in LEVELS]


def _level_field(label: str, *, inline: bool = False) -> forms.TypedChoiceField:
    attrs = {"class": "govuk-radios--small govuk-radios--inline"} if inline else {}
    return forms.TypedChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs=attrs),
    )


def _text_field(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def render_in_context(bound_field, context: str, item_hints: dict | None = None) -> SafeString:
    """A field as its GOV.UK component, its label ending with a visually hidden `context`."""
    name, params = field_component(bound_field)
    suffix = format_html('<span class="govuk-visually-hidden"> for {}</span>', context)
    if "fieldset" in params:
        legend = params["fieldset"]["legend"]
        legend["html"] = format_html("{}{}", legend.pop("text"), suffix)
    else:
        params["label"] = {
            "html": format_html("{}{}", params["label"]["text"], suffix),
            "classes": "govuk-label--s",
        }
    for item in params.get("items", []) if item_hints else []:
        hint = item_hints.get(item["value"])
        if hint:
            item["hint"] = {"text": hint}
    return render_component(name, params)


class _DimensionForm(forms.Form):
    """Base of the per-dimension forms: knows its score, prefixes its fields by dimension."""

    fields_in_context: tuple[str, ...] = ()
    hinted_levels: tuple[str, ...] = ()

    def __init__(self, data=None, files=None, *, score):
        self.score = score
        self.dimension = score.dimension
        initial = {name: getattr(score, name) for name in self.base_fields if hasattr(score, name)}
        super().__init__(data, files, prefix=f"d{score.dimension_id}", initial=initial)
        level_error = f"Select a level from 1 to 5 for {self.dimension.name}"  # noqa: S608 - not SQL
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):
                field.error_messages["invalid_choice"] = level_error

    @cached_property
    def descriptors(self) -> dict[str, str]:
        levels = getattr(self.dimension, "level_list", None) or self.dimension.levels.all()
        return {str(level.level): level.descriptor for level in levels}

    @cached_property
    def html(self) -> dict[str, SafeString]:
        return {
            name: render_in_context(
                self[name],
                self.dimension.name,
                self.descriptors if name in self.hinted_levels else None,
            )
            for name in self.fields
        }

    def values(self, names) -> dict:
        return {name: self.cleaned_data.get(name) for name in names}


class DimensionAnswerForm(_DimensionForm):
    self_level = _level_field("Your current level")
    evidence = _text_field(
        "Evidence",
        "What shows you are at this level: decisions, documents, data or examples.",
    )
    evidence_links = _text_field(
        "Links to evidence (optional)",
        "One web address per line, for example https://www.example.org/board-paper",
        rows=2,
    )
    evidence_file = forms.FileField(
        label="Upload a file (optional)",
        help_text=UPLOAD_HINT,
        required=False,
        validators=[validate_upload],
        error_messages={
            "invalid": "The selected file could not be read. Select it again.",
            "empty": "The selected file is empty",
            "missing": "The selected file could not be read. Select it again.",
        },
    )
    target_level = _level_field("Level you aim for by the next cycle (optional)", inline=True)
    improvement_actions = _text_field(
        "Actions that would get you there (optional)",
        "One action per line. When the assessment is agreed, each becomes a tracked action "
        "for your SRO.",
        rows=3,
    )

    hinted_levels = ("self_level",)

    def clean_evidence_links(self):
        lines = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        lines = [line for line in lines if line]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    f"“{line[:60]}” is not a web address. Enter each web address on its own "
                    "line, starting with https://, for example https://www.example.org/report"
                ) from None
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        current, target = cleaned.get("self_level"), cleaned.get("target_level")
        if current and target and target < current:
            self.add_error(
                "target_level",
                f"The level you aim for in {self.dimension.name} must be the same as or higher "
                f"than your current level ({current})",
            )
        for name in ("evidence", "improvement_actions"):
            if name in cleaned:
                cleaned[name] = cleaned[name].strip()
        return cleaned


class ModerationDecisionForm(_DimensionForm):
    moderated_level = _level_field("Moderated level")
    moderation_rationale = _text_field(
        "Rationale",
        "Required if you set a different level from the vanguard's. The vanguard sees this "
        "once the assessment is agreed.",
        rows=3,
    )

    hinted_levels = ("moderated_level",)

    def __init__(self, data=None, files=None, *, score):
        super().__init__(data, files, score=score)
        # Start from the vanguard's own level: agreeing with it is one click.
        if score.moderated_level is None:
            self.initial["moderated_level"] = score.self_level

    def clean(self):
        cleaned = super().clean()
        if "moderation_rationale" in cleaned:
            cleaned["moderation_rationale"] = cleaned["moderation_rationale"].strip()
        return cleaned


class RevisionForm(forms.Form):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


STALE_PAGE = "This page is out of date. Reload it, check your answers and save again."


class PerDimensionForm:
    """One page's worth of per-dimension forms and the revision they were loaded at."""

    dimension_form_class: type[_DimensionForm]
    fields: tuple[str, ...]

    def __init__(self, data=None, files=None, *, scores, revision: int):
        self.data = data
        self.revision_form = RevisionForm(data, initial={"revision": revision})
        self.dimension_forms = [
            self.dimension_form_class(data, files, score=score) for score in scores
        ]
        self.non_field_errors = []

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in [self.revision_form, *self.dimension_forms]]
        if not self.revision_form.is_valid():
            self.non_field_errors = [STALE_PAGE]
        return all(results)

    @property
    def revision(self) -> int:
        return self.revision_form.cleaned_data["revision"]

    @property
    def errors(self) -> dict:
        """Truthy when anything on the page is wrong (the layout titles the page "Error: …")."""
        merged = {f.prefix: f.errors for f in self.dimension_forms if f.errors}
        if self.non_field_errors:
            merged["__all__"] = self.non_field_errors
        return merged

    def values(self) -> dict[int, dict]:
        return {f.score.dimension_id: f.values(self.fields) for f in self.dimension_forms}

    def add_dimension_errors(self, errors: dict[int, dict[str, str]]) -> None:
        for form in self.dimension_forms:
            for name, message in errors.get(form.score.dimension_id, {}).items():
                form.add_error(name, message)
            form.__dict__.pop("html", None)  # re-render with the new errors

    def reset_revision(self, revision: int) -> None:
        """After a save, the next save from this page must start from the new revision."""
        self.revision_form = RevisionForm(initial={"revision": revision})

    def error_summary(self) -> dict | None:
        items = [{"text": message} for message in self.non_field_errors]
        for form in self.dimension_forms:
            params = error_summary_params(form)
            if params:
                items.extend(params["errorList"])
        return {"titleText": "There is a problem", "errorList": items} if items else None

    def differences(self, current_scores) -> list[dict]:
        """Per dimension and question, the saved value where it differs from this page's."""
        current = {score.dimension_id: score for score in current_scores}
        rows = []
        for form in self.dimension_forms:
            saved = current.get(form.score.dimension_id)
            if saved is None or not form.is_bound:
                continue
            for name in self.fields:
                theirs = getattr(saved, name)
                yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
                if (theirs or None) != (yours or None):
                    rows.append(
                        {
                            "dimension": form.dimension.name,
                            "question": str(form.fields[name].label),
                            "theirs": _shown(theirs),
                            "yours": _shown(yours),
                        }
                    )
        return rows


def _shown(value) -> str:
    if value is None or value == "":
        return "Not answered"
    return f"Level {value}" if isinstance(value, int) else str(value)


class SelfAssessmentForm(PerDimensionForm):
    dimension_form_class = DimensionAnswerForm
    fields = ANSWER_FIELDS

    def uploads(self) -> dict:
        return {
            form.score.dimension_id: form.cleaned_data["evidence_file"]
            for form in self.dimension_forms
            if form.cleaned_data.get("evidence_file")
        }


class ModerationForm(PerDimensionForm):
    dimension_form_class = ModerationDecisionForm
    fields = MODERATION_FIELDS


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this self-assessment?",
        help_text="The vanguard and its relationship manager will see this in the history.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the self-assessment is being reopened",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
