"""The touchpoint page: the touchpoint itself and rows of follow-up actions, in one form.

The page works without JavaScript: "Add another action" is a submit button that re-renders
the page with one more empty row, keeping everything typed.
"""

import functools

from django import forms
from django.db.models.query import EmptyQuerySet
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property

from workwell.forms import (
    FixedChoices,
    GovukDateField,
    PersonChoiceField,
    PersonChoices,
    error_summary_params,
)
from workwell.models import ProgrammeTheme

from .. import permissions, presenters
from ..models import RAG, Touchpoint, Vanguard
from ..selectors.touchpoints import nst_users, vanguard_people
from ..services.touchpoints import (
    EDITABLE_FIELDS,
    ActionDraft,
    LoggableVanguards,
    TouchpointError,
    action_vanguard,
    check_contacts,
    check_date,
    check_due_date,
    check_duration,
    check_rag,
    member_vanguards,
)
from .choosing import Listed, PeopleChoice, VanguardChoice, people_choices, redrawing

ACTION_ROWS = 3
PEOPLE_OF_CHOSEN_HINT = (
    "People from the vanguards selected above who took part. After selecting the vanguards, "
    "choose “Show their people” to list them here and as action owners."
)
MAX_ACTION_ROWS = 20


class ChosenField(forms.ModelMultipleChoiceField):
    """The objects chosen, or an empty list when none were. Django gives `queryset.none()`
    there, which builds its whole query (a millisecond) each time it is read, and the
    touchpoint's optional lists are read several times (the checks, the inserts)."""

    def clean(self, value):
        if not value and not self.required:
            return []
        return super().clean(value)


class PeopleField(PersonChoices, ChosenField):
    """People chosen, told apart where two share a name (workwell.forms.person_labels)."""


class VanguardPeopleField(PeopleField):
    """Active members of the vanguards the form offers. Their query is built when first read
    (to draw the page, or to check the contacts chosen), not for every form sent: most
    touchpoints name no contact, and building it is about a thousand Python calls."""

    _offered = None  # a function giving the vanguards offered (a queryset), set by `offer`
    _vanguards = None

    @staticmethod
    def vanguard_detail(vanguard: str | None) -> str | None:
        """What follows a person's name from their vanguard's name (None: in none)."""
        return vanguard

    def person_detail(self, person):
        membership = getattr(person, "vanguard_membership", None)
        return self.vanguard_detail(membership.vanguard.name if membership else None)

    @property
    def vanguards(self):
        """The vanguards offered (a queryset), or None before `offer`."""
        if self._vanguards is None and self._offered is not None:
            self._vanguards = self._offered()
        return self._vanguards

    def _get_queryset(self):
        if self._queryset is None and self.vanguards is not None:
            self._queryset = vanguard_people(self.vanguards)
        return self._queryset

    queryset = property(_get_queryset, PeopleField._set_queryset)

    def offer(self, vanguards) -> None:
        """Offer the people of `vanguards`: a function giving a queryset of vanguards, called
        when first needed (to draw the page or check the contacts sent)."""
        self._offered, self._vanguards, self._queryset = vanguards, None, None
        # The copy's own choices, not the class field's; a callable, read when drawn.
        self.widget.choices = self._listed

    def _listed(self) -> list[tuple[int, str]]:
        """The people offered, read as values when drawn (the queryset checks those sent)."""
        if _no_vanguards(self.vanguards):  # none chosen yet: nobody to list, no query
            return []
        return people_choices(self.queryset, detail=self.vanguard_detail)

    choices = property(lambda self: Listed(self._listed), PeopleField.choices.fset)


class LoggableVanguardsField(ChosenField):
    """The vanguards a user may log touchpoints for. Those sent are checked in one statement
    compiled once per process (permissions.loggable_vanguards_among), and the field says so to
    the services (LoggableVanguards), which therefore do not ask again. Its queryset (the
    vanguards drawn as choices) is built when first read, never for a form only checked."""

    actor = None

    def limit_to(self, user, *, listed: Listed) -> None:
        """Accept the vanguards `user` may log for; draw `listed` (choosing.VanguardChoice)."""
        self._queryset, self.actor = None, user
        self.choices = listed

    def _get_queryset(self):
        if self._queryset is None and self.actor is not None:
            # The rules are subqueries, not joins (permissions), so one row per vanguard.
            self._queryset = permissions.loggable_vanguards(self.actor).order_by("name")
        return self._queryset

    queryset = property(_get_queryset, ChosenField._set_queryset)

    def _check_values(self, value) -> list[Vanguard]:
        """As Django checks them (the same errors), against the vanguards the actor may log
        for."""
        try:
            sent = frozenset(value)
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        ids = {}
        for pk in sent:
            self.validate_no_null_characters(pk)
            try:
                ids[pk] = int(pk)
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                ) from None
        # An id no row can have (a key is a positive 64-bit integer) is not a choice.
        possible = sorted({pk for pk in ids.values() if 0 < pk < 2**63})
        found = permissions.loggable_vanguards_among(self.actor, possible)
        allowed = {vanguard.pk for vanguard in found}
        for pk, number in ids.items():
            if number not in allowed or str(pk) != str(number):  # " 7" and "07" are not "7"
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return found

    def clean(self, value):
        vanguards = super().clean(value)
        return LoggableVanguards(vanguards, actor=self.actor) if self.actor else vanguards


def _no_vanguards(vanguards) -> bool:
    """Whether `vanguards` is known to hold none without asking the database (`.none()`)."""
    return isinstance(vanguards, EmptyQuerySet)


def _raise_as_validation_error(check, *args):
    try:
        check(*args)
    except TouchpointError as error:
        raise forms.ValidationError(error.message) from error


class TouchpointForm(forms.Form):
    date = GovukDateField(
        label="Date of the touchpoint",
        help_text="For example, 3 3 2026",
        error_messages={"required": "Enter the date of the touchpoint, for example 3 3 2026"},
    )
    kind = forms.ChoiceField(
        label="Kind of touchpoint",
        choices=FixedChoices(Touchpoint.Kind.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of touchpoint"},
    )
    channel = forms.ChoiceField(
        label="How you met",
        choices=FixedChoices(Touchpoint.Channel.choices),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you met"},
    )
    duration_minutes = forms.IntegerField(
        label="Duration in minutes",
        help_text="For example, 45. Up to 1,440 minutes (24 hours).",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the duration in minutes, for example 45",
            "invalid": "Enter the duration as a whole number of minutes, for example 45",
        },
    )
    vanguards = LoggableVanguardsField(
        label="Vanguards",
        queryset=None,  # the vanguards the user may log for (limit_to), when first read
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every vanguard that took part. A cohort session can include several.",
        error_messages={
            "required": "Select at least one vanguard",
            "invalid_choice": "Select only vanguards in the cohort groups you look after",
        },
    )
    nst_participants = PeopleField(
        label="NST participants",
        queryset=nst_users(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People from the National Support Team who took part.",
        error_messages={"invalid_choice": "Select only people from the National Support Team"},
    )
    vanguard_contacts = VanguardPeopleField(
        label="Vanguard contacts",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People from the vanguards selected above who took part.",
        error_messages={"invalid_choice": "Select only people from the vanguards selected"},
    )
    other_attendees = forms.CharField(
        label="Other attendees (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anyone else, for example a partner organisation's team.",
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was discussed and agreed. The vanguard can read this.",
        error_messages={"required": "Enter a summary of the touchpoint"},
    )
    internal_notes = forms.CharField(
        label="Internal notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the National Support Team only. Never shown to vanguard members, "
        "regional leads or programme leads.",
    )
    themes = ChosenField(
        label="Programme themes (optional)",
        queryset=ProgrammeTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rag = forms.ChoiceField(
        label="RAG status",
        choices=FixedChoices(RAG.choices),
        initial=RAG.GREEN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select green, amber or red"},
    )
    rag_reason = forms.CharField(
        label="Reason for the RAG status",
        required=False,
        max_length=200,
        help_text="One line. Required when the status is amber or red.",
        error_messages={"max_length": "The reason must be 200 characters or fewer"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only vanguards the user may log for today: editing needs every vanguard already on
        # the record to be one of them (permissions.can_edit_touchpoint).
        # Listed one cohort group at a time when there are many (choosing.py); those sent are
        # still checked against the vanguards the user may log for, whichever group is listed.
        self.vanguard_choice = VanguardChoice(
            self, "vanguards", user=user, chosen=self._chosen_vanguard_ids
        )
        self.fields["vanguards"].limit_to(user, listed=self.vanguard_choice.listed())
        # Every NST person may be chosen; with many, those the user works with are listed.
        self.people_choice = PeopleChoice(
            self, "nst_participants", user=user, chosen=lambda: self._chosen_ids("nst_participants")
        )
        self.fields["nst_participants"].choices = self.people_choice.listed()
        # An RM's cohort groups hold a handful of vanguards: their people are all offered. An
        # admin or the RM lead may log for every vanguard; all their people would be a thousand
        # checkboxes and owner options, so only the chosen vanguards' people are offered.
        self.people_follow_choice = permissions.acts_for_every_vanguard(user)
        if self.people_follow_choice:
            self.fields["vanguard_contacts"].help_text = PEOPLE_OF_CHOSEN_HINT

        def offered():  # read when the people are first needed, not for every form sent
            loggable = self.fields["vanguards"].queryset
            if not self.people_follow_choice:
                return loggable
            chosen = self._chosen_vanguard_ids()
            return loggable.filter(pk__in=chosen) if chosen else loggable.none()

        self.fields["vanguard_contacts"].offer(offered)

    def _chosen_vanguard_ids(self) -> list[int]:
        return self._chosen_ids("vanguards")

    def _chosen_ids(self, name: str) -> list[int]:
        """The ids ticked in field `name` in the data sent, or given as the form's starting
        values."""
        if self.is_bound:
            chosen = self.fields[name].widget.value_from_datadict(self.data, self.files, name)
            return [int(pk) for pk in chosen or [] if str(pk).isdigit()]
        return [getattr(item, "pk", item) for item in self.initial.get(name, [])]

    def clean_date(self):
        day = self.cleaned_data["date"]
        _raise_as_validation_error(check_date, day)
        return day

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        _raise_as_validation_error(check_duration, minutes)
        return minutes

    def clean(self):
        cleaned = super().clean()
        if "rag" in cleaned:
            try:
                check_rag(cleaned["rag"], cleaned.get("rag_reason", ""))
            except TouchpointError as error:
                self.add_error(error.field, error.message)
        if cleaned.get("vanguards") and cleaned.get("vanguard_contacts"):
            try:
                check_contacts(cleaned["vanguard_contacts"], cleaned["vanguards"])
            except TouchpointError as error:
                self.add_error(error.field, error.message)
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned values, named as the touchpoint services take them."""
        return {name: self.cleaned_data[name] for name in self.fields}


def _theme_choices() -> list[tuple[int, str]]:
    return list(ProgrammeTheme.objects.values_list("pk", "name"))


# Drawn from values; the field's queryset (every theme) still checks what is sent. Set on the
# class's field, once: each form's copy shares the callable.
TouchpointForm.base_fields["themes"].choices = Listed(_theme_choices)


def touchpoint_initial(touchpoint: Touchpoint) -> dict:
    """The edit form's starting values: the touchpoint as it is."""
    initial = {name: getattr(touchpoint, name) for name in EDITABLE_FIELDS}
    for name in ("vanguards", "nst_participants", "vanguard_contacts", "themes"):
        initial[name] = list(getattr(touchpoint, name).all())
    return initial


class OwnerChoiceField(PersonChoiceField):
    @staticmethod
    def vanguard_detail(vanguard: str | None) -> str:
        """What follows a person's name from their vanguard's name (None: the NST)."""
        return "NST" if vanguard is None else vanguard

    def person_detail(self, person):
        membership = getattr(person, "vanguard_membership", None)
        return self.vanguard_detail(membership.vanguard.name if membership else None)


class ActionRowForm(forms.Form):
    """One follow-up action. A row left blank is ignored; a part-filled row is an error."""

    description = forms.CharField(
        label="What needs to be done",
        max_length=500,
        error_messages={
            "required": "Enter what needs to be done",
            "max_length": "The action must be 500 characters or fewer",
        },
    )
    owner = OwnerChoiceField(
        label="Owner",
        queryset=nst_users(),
        empty_label="Choose an owner",
        error_messages={
            "required": "Select who owns the action",
            "invalid_choice": "Select an owner from the NST or the vanguards selected",
        },
    )
    due_date = GovukDateField(label="Due date", help_text="For example, 31 3 2026")
    vanguard = forms.ModelChoiceField(
        label="Vanguard the action is for",
        queryset=Vanguard.objects.none(),
        required=False,
        empty_label="The owner's vanguard, or the first selected",
        error_messages={"invalid_choice": "Choose one of the vanguards selected above"},
    )

    def __init__(self, *args, owner_choices, vanguard_choices, **kwargs):
        super().__init__(*args, **kwargs)
        owners, owner_labels = owner_choices
        self.fields["owner"].queryset = owners
        # Every row shares one list of labels: no queries per row to render.
        self.fields["owner"].choices = owner_labels
        vanguards, vanguard_labels = vanguard_choices
        self.fields["vanguard"].queryset = vanguards
        self.fields["vanguard"].choices = vanguard_labels
        self.fields["due_date"].error_messages["required"] = "Enter the due date"


class BaseActionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": f"Add at most {MAX_ACTION_ROWS} actions at once. Save, then edit "
        "the touchpoint to add more.",
        # A post without the rows' hidden counts (crafted, or cut short): Django's own text
        # asks the person to file a bug report, which they cannot act on.
        "missing_management_form": "The follow-up actions could not be read. Enter them "
        "again and save the touchpoint.",
    }

    def __init__(self, *args, touchpoint_form: TouchpointForm, **kwargs):
        self.touchpoint_form = touchpoint_form
        super().__init__(*args, **kwargs)

    @cached_property
    def _row_choices(self) -> dict:
        """Every row's owner and vanguard choices: the querysets, and one list of labels each
        for all the rows, read when a row is first rendered. Django reads a callable's choices
        only then; rows left blank are not cleaned against them, so a touchpoint sent with its
        action rows blank reads neither list."""
        # The vanguards whose people the form offers (for admins and the RM lead, those chosen).
        vanguards = self.touchpoint_form.fields["vanguard_contacts"].vanguards
        owners = nst_users() | vanguard_people(vanguards)
        owners = owners.select_related("vanguard_membership__vanguard").order_by(
            "full_name", "email"
        )
        owner_label = ActionRowForm.base_fields["owner"].empty_label
        vanguard_label = ActionRowForm.base_fields["vanguard"].empty_label

        # Drawn from values, as OwnerChoiceField and a ModelChoiceField would label them.
        def owner_choices():
            people = people_choices(owners, detail=OwnerChoiceField.vanguard_detail)
            return [("", owner_label), *people]

        def vanguard_choices():
            listed = [] if _no_vanguards(vanguards) else vanguards.values_list("pk", "name")
            return [("", vanguard_label), *listed]

        return {
            "owner_choices": (owners, Listed(functools.cache(owner_choices))),
            "vanguard_choices": (vanguards, Listed(functools.cache(vanguard_choices))),
        }

    def get_form_kwargs(self, index):
        return super().get_form_kwargs(index) | self._row_choices

    def clean(self):
        """Check each filled row against the touchpoint: its vanguards and its date."""
        if any(self.errors):
            return
        # The touchpoint's fields that passed their own checks; the rest are reported there.
        self.touchpoint_form.is_valid()
        day = self.touchpoint_form.cleaned_data.get("date")
        vanguards = self.touchpoint_form.cleaned_data.get("vanguards")
        filled = [form for form in self.forms if form.has_changed()]
        homes = member_vanguards(form.cleaned_data["owner"] for form in filled)
        for form in filled:
            draft = self._draft(form)
            try:
                if vanguards:
                    action_vanguard(draft, vanguards, homes.get(draft.owner.pk))
                if day:
                    check_due_date(draft.due_date, day)
            except TouchpointError as error:
                form.add_error(error.field, error.message)

    @staticmethod
    def _draft(form) -> ActionDraft:
        return ActionDraft(**form.cleaned_data)

    def drafts(self) -> list[tuple[forms.Form, ActionDraft]]:
        """The filled rows, with the action each will create, in order."""
        return [(form, self._draft(form)) for form in self.forms if form.has_changed()]


ActionFormSet = forms.formset_factory(
    ActionRowForm,
    formset=BaseActionFormSet,
    extra=ACTION_ROWS,
    max_num=MAX_ACTION_ROWS,
    validate_max=True,
)


class TouchpointPage:
    """The touchpoint form and its follow-up action rows, validated and rendered together."""

    def __init__(self, data=None, *, user, touchpoint=None, initial=None):
        self.touchpoint = touchpoint
        self.adding_row = data is not None and "add_action" in data
        self.redrawing = redrawing(data)
        if self.adding_row:
            data = data.copy()
            total = data.get("actions-TOTAL_FORMS", "")
            total = int(total) if total.isdigit() else ACTION_ROWS
            data["actions-TOTAL_FORMS"] = str(min(total + 1, MAX_ACTION_ROWS))
        self.form = TouchpointForm(data, user=user, initial=initial)
        self.actions, self.unread_actions = self._action_rows(data)
        # Editing: one empty row is enough to add an action; the rest are on the record.
        self.actions.extra = 1 if touchpoint is not None else ACTION_ROWS
        if self.adding_row or self.redrawing:
            # Only re-rendering with another row, another cohort group's vanguards or the
            # chosen vanguards' people: no errors yet, the person is still typing.
            for form in [self.form, *self.actions.forms]:
                form._errors = ErrorDict()
            self.actions._non_form_errors = self.actions.error_class()

    def _action_rows(self, data):
        """The action rows, and why they could not be read: without the formset's hidden
        counts none of the rows can be, so offer fresh rows (the touchpoint's own answers stay)
        rather than rows that would fail the same way when posted again."""
        actions = ActionFormSet(data, prefix="actions", touchpoint_form=self.form)
        if data is None or actions.management_form.is_valid():
            return actions, []
        unread = list(actions.non_form_errors())
        return ActionFormSet(prefix="actions", touchpoint_form=self.form), unread

    # The buttons' params are built in presenters.py, like every component's.
    add_row_button = presenters.TOUCHPOINT_ADD_ROW_BUTTON
    choose_people_button = presenters.CHOOSE_PEOPLE_BUTTON

    @property
    def save_buttons(self) -> list[dict]:
        return presenters.touchpoint_save_buttons(self.touchpoint)

    def is_valid(self) -> bool:
        if self.adding_row or self.redrawing or not self.form.is_bound:
            return False
        form_valid = self.form.is_valid()
        return self.actions.is_valid() and form_valid and not self.unread_actions

    def error_summary(self) -> dict | None:
        """One GOV.UK error summary for the form and every action row."""
        items = list((error_summary_params(self.form) or {}).get("errorList", []))
        for number, row in enumerate(self.actions.forms, start=1):
            # Every row has the same fields, so say which row each error is in.
            for item in (error_summary_params(row) or {}).get("errorList", []):
                items.append({**item, "text": f"Action {number}: {item['text']}"})
        items.extend(
            {"text": str(error), "href": "#follow-up-actions"}
            for error in [*self.unread_actions, *self.actions.non_form_errors()]
        )
        if not items:
            return None
        return {"titleText": "There is a problem", "errorList": items}

    def show_error(self, error: TouchpointError, rows: list[forms.Form]) -> None:
        """Put a service's refusal next to the field it is about, in the right action row."""
        form = self.form if error.action_index is None else rows[error.action_index]
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you archiving this touchpoint?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, logged twice by mistake. Archived touchpoints are kept, "
        "but only the National Support Team can see them.",
        error_messages={
            "required": "Enter why you are archiving this touchpoint",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
