"""Choosing vanguards, and National Support Team people, among many, without JavaScript.

An admin or the RM lead may act for every vanguard: 215 at national scale, a 17,000 px page of
checkboxes. Past MANY_VANGUARDS, a form lists one cohort group's vanguards at a time, with those
already chosen (ticked, wherever they are), and a cohort group select above them whose button
("Show vanguards in this cohort group") draws the page again, keeping what was typed. With
few (an RM's own groups, the demo's 15) every vanguard is listed, as before.

Only what is listed changes: the vanguards a form accepts are still those of the permission
rule it was given, whichever group is shown.

The NST participants are chosen the same way: past MANY_PEOPLE (56 at national scale), a
touchpoint form lists the person filling it in, anyone already chosen, and who took part in
their touchpoints in the last RECENT_DAYS days, with a button ("List everyone in the National
Support Team") that draws the page again listing all of them.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property

from workwell.forms import person_labels

from .. import presenters
from ..selectors.registry import vanguards_with_current_group
from ..selectors.touchpoints import recent_colleagues

# Past this many vanguards, a form lists one cohort group's at a time.
MANY_VANGUARDS = 30
GROUP_FIELD = "cohort_group"
NO_GROUP = "none"  # the select's value for vanguards in no cohort group now


# Past this many NST people, a touchpoint form lists those the person works with.
MANY_PEOPLE = 20
RECENT_DAYS = 183
# Sent with the form while everyone is listed, so that it stays so when the page is redrawn.
EVERYONE_FIELD = "nst_everyone"

_CHOOSE_PEOPLE = presenters.CHOOSE_PEOPLE_BUTTON["name"]
_CHOOSE_GROUP = presenters.CHOOSE_GROUP_BUTTON["name"]
_LIST_EVERYONE = presenters.LIST_EVERYONE_BUTTON["name"]


def people_choices(people, *, detail=None) -> list[tuple[int, str]]:
    """(pk, label) of `people` (a queryset of users), read as values rather than model
    instances and labelled as `workwell.forms.PersonChoices` labels them: `detail`, if given,
    gives what follows a person's name in brackets from the name of their vanguard (None for
    someone in none). Only what is drawn: the field's own queryset still checks what is sent."""
    if detail is None:
        rows = [(*row, None) for row in people.values_list("pk", "full_name", "email")]
    else:
        vanguard = "vanguard_membership__vanguard__name"
        rows = [
            (pk, name, email, detail(of))
            for pk, name, email, of in people.values_list("pk", "full_name", "email", vanguard)
        ]
    labels = person_labels([row[1:] for row in rows])
    return [(row[0], label) for row, label in zip(rows, labels, strict=True)]


def redrawing(data) -> bool:
    """Whether the form was sent only to be drawn again: to list the chosen vanguards' people
    ("Show their people"), another cohort group's vanguards or every NST person. No errors
    then: the person is still filling it in."""
    return data is not None and any(
        button in data for button in (_CHOOSE_PEOPLE, _CHOOSE_GROUP, _LIST_EVERYONE)
    )


class CohortGroupForm(forms.Form):
    cohort_group = forms.ChoiceField(label="Cohort group", required=False)


class Listed(BaseChoiceIterator):
    """Choices worked out by `read` when drawn, given as they are: (value, label) pairs of
    plain values, as `people_choices` and the choosers below make them. Django's
    CallableChoiceIterator normalises what its callable gives on every read, a few Python
    calls an option (an owner select of sixty people, in each of three action rows)."""

    def __init__(self, read):
        self.read = read

    def __iter__(self):
        return iter(self.read())


class VanguardChoice:
    """The vanguards `form` offers in its field `name` (its queryset, a permission rule's),
    with their cohort groups: read in one query when the form is first drawn, never
    for a form that is only checked and saved. `chosen` gives the ids chosen (sent, or the
    starting values)."""

    button = presenters.CHOOSE_GROUP_BUTTON

    def __init__(self, form: forms.Form, name: str, *, user, chosen):
        self.form, self.name, self.user, self._chosen = form, name, user, chosen
        self.data = form.data if form.is_bound else None

    def listed(self, empty_label: str | None = None) -> Listed:
        """The field's choices, worked out when first read: `choices`, after `empty_label`
        (a select's "Choose a vanguard") if given."""
        if empty_label is None:
            return Listed(self.choices)
        return Listed(lambda: [("", empty_label), *self.choices()])

    @cached_property
    def _rows(self) -> list:
        return vanguards_with_current_group(self.form.fields[self.name].queryset)

    @cached_property
    def _keyed(self) -> list[tuple[str, object]]:
        """Each row with its cohort group's key (the select's value; NO_GROUP for none)."""
        return [
            (
                NO_GROUP
                if row.current__cohort_group_id is None
                else str(row.current__cohort_group_id),
                row,
            )
            for row in self._rows
        ]

    @property
    def multiple(self) -> bool:
        """Whether several vanguards may be chosen (checkboxes), or one (a select)."""
        return isinstance(self.form.fields[self.name], forms.ModelMultipleChoiceField)

    @cached_property
    def many(self) -> bool:
        """Whether there are too many vanguards to list at once."""
        return len(self._rows) > MANY_VANGUARDS

    @cached_property
    def _groups(self) -> dict[str, str]:
        """The select's options, value to name, by name; vanguards in no group last."""
        names = {key: row.current__cohort_group__name for key, row in self._keyed}
        ordered = sorted((name, key) for key, name in names.items() if name is not None)
        groups = {key: name for name, key in ordered}
        if NO_GROUP in names:
            groups[NO_GROUP] = "Not in a cohort group"
        return groups

    @cached_property
    def shown_group(self) -> str:
        """The group listed: the one asked for; else the first chosen vanguard's; else the
        first the user looks after; else the first."""
        asked = str(self.data.get(GROUP_FIELD, "")) if self.data is not None else ""
        if asked in self._groups:
            return asked
        chosen = set(self._chosen())
        own = {
            key
            for key, row in self._keyed
            if row.current__cohort_group__relationship_manager_id == self.user.pk
        }
        for key, row in self._keyed:
            if row.pk in chosen:
                return key
        return next((key for key in self._groups if key in own), next(iter(self._groups), ""))

    def choices(self) -> list[tuple[int, str]]:
        """(pk, name) of the vanguards listed: all of them, or, with many, the shown group's
        and those chosen, by name."""
        if not self.many:
            return [(row.pk, row.name) for row in self._rows]
        shown, chosen = self.shown_group, set(self._chosen())
        return [(row.pk, row.name) for key, row in self._keyed if key == shown or row.pk in chosen]

    @cached_property
    def group_field(self) -> forms.BoundField:
        """The cohort group select, showing the group listed."""
        form = CohortGroupForm(initial={GROUP_FIELD: self.shown_group})
        field = form.fields[GROUP_FIELD]
        field.choices = list(self._groups.items())
        kept = "Vanguards already selected stay" if self.multiple else "The vanguard selected stays"
        field.help_text = (
            f"There are {len(self._rows):,} vanguards. To find one, choose its cohort group, "
            f"then “Show vanguards in this cohort group”. {kept} selected."
        )
        return form[GROUP_FIELD]

    @cached_property
    def field(self) -> forms.BoundField:
        """The vanguards' field drawn with many, its hint saying which are listed. Not the
        form's own bound field, whose hint was read when the form was checked: working it out
        then would read the vanguards for every form sent."""
        field = self.form.fields[self.name]
        group = self._groups.get(self.shown_group, "")
        chosen = "any already selected" if self.multiple else "the one selected, if any"
        listed = f"Listed: the vanguards in {group}, and {chosen}."
        field.help_text = f"{field.help_text or ''} {listed}".strip()
        return forms.BoundField(self.form, field, self.name)


class PeopleChoice:
    """The NST people `form` offers in its field `name` (its queryset: every active NST
    person), read in one query when the form is first drawn; with many, those `user` works
    with (see the module's docstring) in one more. `chosen` gives the ids chosen. Labels are
    worked out over everyone, so a person's label is the same whoever is listed."""

    button = presenters.LIST_EVERYONE_BUTTON
    everyone_field = EVERYONE_FIELD

    def __init__(self, form: forms.Form, name: str, *, user, chosen):
        self.form, self.name, self.user, self._chosen = form, name, user, chosen
        data = form.data if form.is_bound else {}
        self.everyone = _LIST_EVERYONE in data or EVERYONE_FIELD in data

    def listed(self) -> Listed:
        return Listed(self.choices)

    @cached_property
    def _people(self) -> list[tuple[int, str]]:
        return people_choices(self.form.fields[self.name].queryset)

    @cached_property
    def many(self) -> bool:
        """Whether there are too many people to list them all unasked."""
        return len(self._people) > MANY_PEOPLE

    def choices(self) -> list[tuple[int, str]]:
        """(pk, label) of the people listed, by name."""
        if not self.many or self.everyone:
            return self._people
        since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
        kept = {
            self.user.pk,
            *self._chosen(),
            *(pk for (pk,) in recent_colleagues(self.user, since=since)),
        }
        return [(pk, label) for pk, label in self._people if pk in kept]

    @cached_property
    def field(self) -> forms.BoundField:
        """The people's field drawn with many, its hint saying who is listed (as
        VanguardChoice.field)."""
        field = self.form.fields[self.name]
        if self.everyone:
            listed = f"Listed: all {len(self._people):,} people in the National Support Team."
        else:
            listed = (
                "Listed: you, anyone already selected and the people who took part in your "
                "touchpoints in the last 6 months. To find someone else, choose “List everyone "
                "in the National Support Team”."
            )
        field.help_text = f"{field.help_text or ''} {listed}".strip()
        return forms.BoundField(self.form, field, self.name)
