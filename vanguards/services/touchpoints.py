"""Writes for touchpoints: log one (with its follow-up actions), edit, complete and archive.

Each rule lives here once. The forms call the `check_*` functions so people see every problem
at once; the services call them again, because tasks, the demo data and tests call the
services directly.
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from workwell.dates import date_input_example, govuk_date
from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme, User

from .. import permissions
from ..models import RAG, Touchpoint, Vanguard, VanguardMember
from .actions import ActionError, action_create

MAX_DURATION_MINUTES = 24 * 60


class TouchpointError(ServiceError):
    """A touchpoint rule was broken; the message is safe to show next to `field`.

    `action_index` says which follow-up action (in the order given) the problem is with.
    """

    def __init__(self, message: str, field: str | None = None, action_index: int | None = None):
        super().__init__(message, field)
        self.action_index = action_index


@dataclass(frozen=True)
class ActionDraft:
    """A follow-up action typed on the touchpoint page, not yet saved."""

    description: str
    owner: User
    due_date: datetime.date
    # None means the owner's vanguard when they are a vanguard member, else the first vanguard.
    vanguard: Vanguard | None = None


# --- Rules ---------------------------------------------------------------------------------


def check_date(day: datetime.date, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if day > today:
        raise TouchpointError(
            f"Enter a date in the past or today, for example {date_input_example(today)}", "date"
        )


def check_duration(minutes: int) -> None:
    if not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise TouchpointError(
            "Enter a duration from 1 to 1,440 minutes (24 hours), for example 45",
            "duration_minutes",
        )


def check_rag(rag: str, reason: str) -> None:
    if rag not in RAG.values:
        raise TouchpointError("Select green, amber or red", "rag")
    if rag != RAG.GREEN and not reason.strip():
        raise TouchpointError(
            f"Enter a one-line reason for the {RAG(rag).label.lower()} status", "rag_reason"
        )


class LoggableVanguards(tuple):
    """Vanguards just read through permissions.loggable_vanguards(actor): the touchpoint form's
    choices, as its vanguards field gives them. `check_loggable` takes them as checked for
    that actor rather than asking the database the same question again in the same request.
    Make one only from that queryset."""

    def __new__(cls, vanguards: Iterable[Vanguard], *, actor: User):
        loggable = super().__new__(cls, vanguards)
        loggable.actor_pk = actor.pk
        return loggable


def check_loggable(actor: User, vanguards: Iterable[Vanguard]):
    """Every vanguard must be one `actor` may log for today (the same holds for every vanguard
    already on a record they edit: permissions.can_edit_touchpoint)."""
    checked = isinstance(vanguards, LoggableVanguards) and vanguards.actor_pk == actor.pk
    vanguards = list(vanguards)
    if not vanguards:
        raise TouchpointError("Select at least one vanguard", "vanguards")
    if checked:
        return
    allowed = set(
        permissions.loggable_vanguards(actor)
        .filter(pk__in=[v.pk for v in vanguards])
        .values_list("pk", flat=True)
    )
    refused = sorted(v.name for v in vanguards if v.pk not in allowed)
    if refused:
        raise TouchpointError(
            f"You cannot log touchpoints for {', '.join(refused)}. "
            "Select only vanguards in the cohort groups you look after.",
            "vanguards",
        )


def _names_are(names: list[str]) -> str:
    return f"{', '.join(names)} {'is' if len(names) == 1 else 'are'}"


def check_participants(participants: Iterable[User]) -> None:
    outsiders = sorted(str(user) for user in participants if not permissions.is_nst(user))
    if outsiders:
        raise TouchpointError(
            f"{_names_are(outsiders)} not in the National Support Team. "
            "Add them under vanguard contacts or other attendees.",
            "nst_participants",
        )


# `user.vanguard_membership`, the reverse of VanguardMember.user: its cache on the user.
_MEMBERSHIP = VanguardMember._meta.get_field("user").remote_field


def member_vanguards(users: Iterable[User]) -> dict[int, int]:
    """Vanguard member user id → their vanguard id, for the given users. People the form
    offered were read with their membership (selectors.touchpoints.vanguard_people, the
    action owners): that is used rather than asking again, once per check."""
    homes, unread = {}, []
    for user in users:
        if not _MEMBERSHIP.is_cached(user):
            unread.append(user.pk)
        elif (membership := _MEMBERSHIP.get_cached_value(user)) is not None:
            homes[user.pk] = membership.vanguard_id
    if unread:
        members = VanguardMember.objects.filter(user__in=unread)
        homes.update(members.values_list("user_id", "vanguard_id"))
    return homes


def check_contacts(contacts: Iterable[User], vanguards: Iterable[Vanguard]) -> None:
    contacts = list(contacts)
    chosen = {vanguard.pk for vanguard in vanguards}
    home = member_vanguards(contacts)
    strangers = sorted(str(user) for user in contacts if home.get(user.pk) not in chosen)
    if strangers:
        raise TouchpointError(
            f"{_names_are(strangers)} not from the vanguards selected. "
            "Select their vanguard too, or add them under other attendees.",
            "vanguard_contacts",
        )


def action_vanguard(
    draft: ActionDraft, vanguards: Sequence[Vanguard], owner_vanguard_id: int | None
) -> Vanguard:
    """The vanguard a follow-up action belongs to, checked against the touchpoint's vanguards.

    A vanguard member can only own actions of their own vanguard: they could not see others.
    """
    by_pk = {vanguard.pk: vanguard for vanguard in vanguards}
    vanguard = draft.vanguard
    if vanguard is None:
        vanguard = by_pk.get(owner_vanguard_id, vanguards[0])
    if vanguard.pk not in by_pk:
        raise TouchpointError(
            "Choose one of the vanguards selected for this touchpoint", "vanguard"
        )
    if owner_vanguard_id is not None and owner_vanguard_id != vanguard.pk:
        raise TouchpointError(
            f"{draft.owner} is in another vanguard. Choose an owner from {vanguard} or the NST.",
            "owner",
        )
    return vanguard


def check_due_date(due_date: datetime.date, touchpoint_date: datetime.date) -> None:
    if due_date < touchpoint_date:
        raise TouchpointError(
            f"The due date must be on or after the touchpoint date ({govuk_date(touchpoint_date)})",
            "due_date",
        )


# --- Writes --------------------------------------------------------------------------------


def _save_as_one_change(touchpoint: Touchpoint, actor: User, write_relations) -> None:
    """Save the row and its many-to-many fields as ONE history record.

    simple-history writes a record on every save and on every many-to-many change, so a
    touchpoint saved and then given its vanguards and themes would show three changes.
    """
    touchpoint.skip_history_when_saving = True
    try:
        touchpoint.save()
        write_relations()
    finally:
        del touchpoint.skip_history_when_saving
    touchpoint._history_user = actor
    touchpoint.save()  # the record, with the many-to-many rows as they now are


# The many-to-many fields a new touchpoint is inserted with, in the order of their ids in
# `_creation_statement`'s parameters.
RELATED = ("vanguards", "themes", "nst_participants", "vanguard_contacts")


@functools.cache
def _creation_statement() -> tuple[str, list]:
    """One statement that inserts a new touchpoint, its many-to-many rows and ONE history record
    of its creation, with the record's rows of the vanguards and themes it was logged with (the
    fields models.Touchpoint's history keeps), as simple-history writes them; and the columns
    whose values it takes first. Made once per process from the models, so it follows them.

    Its parameters: the touchpoint's columns, then the ids of each of RELATED (an array each),
    then the record's date and its user's id. One statement is all or nothing by itself, and is
    one round trip where the inserts one by one (simple-history, left to itself, writes a record
    on the save and on every many-to-many change, and reads the rows back to copy them) with
    their transaction were seven, and the ORM's building of each most of a sent form's cost."""
    quote = connection.ops.quote_name
    meta, history = Touchpoint._meta, Touchpoint.history.model
    record = history._meta
    columns = [field for field in meta.local_concrete_fields if not field.primary_key]
    pk = quote(meta.pk.column)
    parts = [
        f"touchpoint AS (INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from the models
        f"({', '.join(quote(field.column) for field in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING *)"
    ]
    for name in RELATED:
        field = meta.get_field(name)
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name())
        target = through.get_field(field.m2m_reverse_field_name())
        parts.append(
            f"{name} AS (INSERT INTO {quote(through.db_table)} "  # noqa: S608 - names from the models
            f"({quote(source.column)}, {quote(target.column)}) "
            f"SELECT touchpoint.{pk}, chosen.id FROM touchpoint, "
            f"unnest(%s::{target.db_type(connection)}[]) WITH ORDINALITY AS chosen (id, n) "
            "ORDER BY chosen.n RETURNING *)"
        )
    tracked = [quote(field.column) for field in history.tracked_fields]
    copied = [
        f"touchpoint.{quote(meta.get_field(field.name).column)}" for field in history.tracked_fields
    ]
    made = [record.get_field(name).column for name in ("history_date", "history_user")]
    parts.append(
        f"record AS (INSERT INTO {quote(record.db_table)} "  # noqa: S608 - names from the models
        f"({', '.join(tracked + [quote(column) for column in made])}, "
        f"{quote(record.get_field('history_type').column)}) "
        f"SELECT {', '.join(copied)}, %s, %s, '+' FROM touchpoint "
        f"RETURNING {quote(record.pk.column)})"
    )
    for field in history._history_m2m_fields:  # the record's rows, copied from those inserted
        rows = getattr(history, field.name).model._meta
        through = field.remote_field.through._meta.fields
        link = quote(field.remote_field.through._meta.pk.column)
        parts.append(
            f"{field.name}_recorded AS (INSERT INTO {quote(rows.db_table)} "  # noqa: S608 - names from the models
            f"({', '.join(quote(rows.get_field(column.name).column) for column in through)}, "
            f"{quote(rows.get_field('history').column)}) "
            f"SELECT {', '.join(f'{field.name}.{quote(column.column)}' for column in through)}, "
            f"record.{quote(record.pk.column)} FROM {field.name}, record "
            f"ORDER BY {field.name}.{link})"
        )
    return "WITH " + ",\n".join(parts) + f"\nSELECT {pk} FROM touchpoint", columns


def _insert_as_one_record(touchpoint: Touchpoint, actor: User, related: dict[str, Iterable]):
    """Insert a new touchpoint, its many-to-many rows and ONE history record of its creation
    (with the vanguards and themes it was logged with): in one statement on PostgreSQL, one
    INSERT per table elsewhere (SQLite, the zero-setup default of `make run`), inside the
    caller's transaction."""
    if connection.vendor != "postgresql":
        _insert_with_the_orm(touchpoint, actor, related)
        return
    sql, columns = _creation_statement()
    values = [
        field.get_db_prep_save(field.pre_save(touchpoint, True), connection) for field in columns
    ]
    chosen = [[item.pk for item in related[name]] for name in RELATED]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *chosen, timezone.now(), actor.pk])
        (touchpoint.pk,) = cursor.fetchone()
    touchpoint._state.adding, touchpoint._state.db = False, connection.alias


def _insert_with_the_orm(touchpoint: Touchpoint, actor: User, related: dict[str, Iterable]):
    """What `_creation_statement` writes, one INSERT per table: simple-history, left to
    itself, writes a record on the save and on every many-to-many change, and reads the
    relation rows back to copy them into the record; here the record is written once, from the
    rows just inserted, as simple-history writes it."""
    touchpoint.skip_history_when_saving = True
    try:
        touchpoint.save()
    finally:
        del touchpoint.skip_history_when_saving
    rows = {}
    for name in RELATED:  # `set()` would read the relation first
        field = Touchpoint._meta.get_field(name)
        through = field.remote_field.through
        rows[name] = through.objects.bulk_create(
            through(**{field.m2m_field_name(): touchpoint, field.m2m_reverse_field_name(): item})
            for item in related[name]
        )
    history = Touchpoint.history
    [record] = history.bulk_history_create(
        [touchpoint], default_user=actor, default_change_reason=None
    )
    for field in history.model._history_m2m_fields:
        row_history = getattr(history.model, field.name).model
        columns = [column.name for column in field.remote_field.through._meta.fields]
        row_history.objects.bulk_create(
            row_history(history=record, **{column: getattr(row, column) for column in columns})
            for row in rows[field.name]
        )


def _create_actions(
    *, touchpoint: Touchpoint, author: User, vanguards: list[Vanguard], actions
) -> None:
    if not actions:
        return
    homes = member_vanguards(draft.owner for draft in actions)
    for index, draft in enumerate(actions):
        try:
            vanguard = action_vanguard(draft, vanguards, homes.get(draft.owner.pk))
            # action_create refuses owners outside the NST and vanguards, and due dates
            # before the touchpoint.
            action_create(
                created_by=author,
                vanguard=vanguard,
                owner=draft.owner,
                description=draft.description,
                due_date=draft.due_date,
                touchpoint=touchpoint,
            )
        except (TouchpointError, ActionError) as error:
            raise TouchpointError(error.message, error.field, action_index=index) from error


def _check_fields(
    *, vanguards, date, kind, channel, duration_minutes, rag, rag_reason, contacts, nst
):
    if kind not in Touchpoint.Kind.values:
        raise TouchpointError("Select the kind of touchpoint", "kind")
    if channel not in Touchpoint.Channel.values:
        raise TouchpointError("Select how you met", "channel")
    check_date(date)
    check_duration(duration_minutes)
    check_rag(rag, rag_reason)
    check_participants(nst)
    check_contacts(contacts, vanguards)


def touchpoint_create(
    *,
    author: User,
    vanguards: Sequence[Vanguard],
    date: datetime.date,
    kind: str,
    channel: str,
    duration_minutes: int,
    summary: str,
    internal_notes: str = "",
    nst_participants: Sequence[User] | None = None,
    vanguard_contacts: Sequence[User] = (),
    other_attendees: str = "",
    themes: Sequence[ProgrammeTheme] = (),
    rag: str = RAG.GREEN,
    rag_reason: str = "",
    complete: bool = True,
    actions: Sequence[ActionDraft] = (),
) -> Touchpoint:
    """Log a touchpoint and its follow-up actions, all or nothing."""
    check_loggable(author, vanguards)
    vanguards = sorted(vanguards, key=lambda vanguard: vanguard.name)
    nst_participants = [author] if nst_participants is None else list(nst_participants)
    _check_fields(
        vanguards=vanguards,
        date=date,
        kind=kind,
        channel=channel,
        duration_minutes=duration_minutes,
        rag=rag,
        rag_reason=rag_reason,
        contacts=vanguard_contacts,
        nst=nst_participants,
    )
    touchpoint = Touchpoint(
        date=date,
        kind=kind,
        channel=channel,
        duration_minutes=duration_minutes,
        author=author,
        other_attendees=other_attendees.strip(),
        summary=summary.strip(),
        internal_notes=internal_notes.strip(),
        rag=rag,
        rag_reason=rag_reason.strip(),
        status=Touchpoint.Status.COMPLETE if complete else Touchpoint.Status.DRAFT,
        completed_at=timezone.now() if complete else None,
    )

    related = {
        "vanguards": vanguards,
        "themes": themes,
        "nst_participants": nst_participants,
        "vanguard_contacts": vanguard_contacts,
    }
    if not actions and connection.vendor == "postgresql":  # one statement: all or nothing
        _insert_as_one_record(touchpoint, author, related)
        return touchpoint
    with transaction.atomic():
        _insert_as_one_record(touchpoint, author, related)
        _create_actions(touchpoint=touchpoint, author=author, vanguards=vanguards, actions=actions)
    return touchpoint


EDITABLE_FIELDS = (
    "date",
    "kind",
    "channel",
    "duration_minutes",
    "other_attendees",
    "summary",
    "internal_notes",
    "rag",
    "rag_reason",
)


def _people_change_reason(touchpoint, nst_participants, vanguard_contacts) -> str:
    """Participants and contacts are not in the history model, so changes go in its reason."""
    parts = []
    for label, manager, wanted in (
        ("NST participants", touchpoint.nst_participants, nst_participants),
        ("Vanguard contacts", touchpoint.vanguard_contacts, vanguard_contacts),
    ):
        before = sorted(str(user) for user in manager.all())
        after = sorted(str(user) for user in wanted)
        if before != after:
            parts.append(f"{label}: {', '.join(after) or 'none'}")
    return "; ".join(parts)


def touchpoint_update(
    *,
    touchpoint: Touchpoint,
    by: User,
    vanguards: Sequence[Vanguard],
    themes: Sequence[ProgrammeTheme] = (),
    nst_participants: Sequence[User] = (),
    vanguard_contacts: Sequence[User] = (),
    complete: bool = False,
    actions: Sequence[ActionDraft] = (),
    **fields,
) -> Touchpoint:
    """Edit a touchpoint (and add follow-up actions); `complete` also completes a draft."""
    if not permissions.can_edit_touchpoint(by, touchpoint):
        raise TouchpointError(
            "You can no longer edit this touchpoint. Ask the RM lead to make the change."
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot edit {', '.join(sorted(unknown))}")
    values = {name: getattr(touchpoint, name) for name in EDITABLE_FIELDS} | fields
    check_loggable(by, vanguards)
    vanguards = sorted(vanguards, key=lambda vanguard: vanguard.name)
    _check_fields(
        vanguards=vanguards,
        date=values["date"],
        kind=values["kind"],
        channel=values["channel"],
        duration_minutes=values["duration_minutes"],
        rag=values["rag"],
        rag_reason=values["rag_reason"],
        contacts=vanguard_contacts,
        nst=nst_participants,
    )
    for name, value in values.items():
        setattr(touchpoint, name, value.strip() if isinstance(value, str) else value)
    if complete and touchpoint.status == Touchpoint.Status.DRAFT:
        touchpoint.status = Touchpoint.Status.COMPLETE
        touchpoint.completed_at = timezone.now()
    touchpoint._change_reason = _people_change_reason(
        touchpoint, nst_participants, vanguard_contacts
    )

    def write_relations():
        touchpoint.vanguards.set(vanguards)
        touchpoint.themes.set(themes)
        touchpoint.nst_participants.set(nst_participants)
        touchpoint.vanguard_contacts.set(vanguard_contacts)

    with transaction.atomic():
        # Lock the row so two people saving at once write one after the other.
        Touchpoint.objects.select_for_update().filter(pk=touchpoint.pk).first()
        _save_as_one_change(touchpoint, by, write_relations)
        _create_actions(touchpoint=touchpoint, author=by, vanguards=vanguards, actions=actions)
    return touchpoint


def touchpoint_complete(*, touchpoint: Touchpoint, by: User) -> Touchpoint:
    """Mark a draft complete, stamping when: the contact-cadence clock counts from here."""
    if not permissions.can_edit_touchpoint(by, touchpoint):
        raise TouchpointError("You cannot complete this touchpoint.")
    with transaction.atomic():
        # Claim the draft with a conditional update so completing twice stamps it once.
        claimed = Touchpoint.objects.filter(
            pk=touchpoint.pk, status=Touchpoint.Status.DRAFT, archived_at__isnull=True
        ).update(status=Touchpoint.Status.COMPLETE, completed_at=timezone.now())
        if not claimed:
            raise TouchpointError("This touchpoint has already been completed.")
        touchpoint.refresh_from_db()
        touchpoint._history_user = by
        touchpoint.save()  # records the change in history
    return touchpoint


def touchpoint_archive(*, touchpoint: Touchpoint, by: User, reason: str) -> Touchpoint:
    """Archive a touchpoint with a reason. Touchpoints are never deleted."""
    if not permissions.can_archive_touchpoint(by, touchpoint):
        raise TouchpointError("You cannot archive this touchpoint.")
    reason = reason.strip()
    if not reason:
        raise TouchpointError("Enter why you are archiving this touchpoint", "reason")
    if len(reason) > 300:
        raise TouchpointError("The reason must be 300 characters or fewer", "reason")
    with transaction.atomic():
        claimed = Touchpoint.objects.filter(pk=touchpoint.pk, archived_at__isnull=True).update(
            archived_at=timezone.now(), archived_by=by, archive_reason=reason
        )
        if not claimed:
            raise TouchpointError("This touchpoint has already been archived.")
        touchpoint.refresh_from_db()
        touchpoint._history_user = by
        touchpoint.save()
    return touchpoint
