"""Reads for touchpoints: the list, one touchpoint's page and its change history."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import capfirst

from workwell.dates import govuk_date
from workwell.models import ProgrammeTheme, User

from .. import permissions
from ..models import Touchpoint, Vanguard

# What the list page's columns read of a touchpoint (TouchpointTable): the page fetches only
# these; an export, every column.
PAGE_COLUMNS = ("date", "kind", "rag", "status", "archived_at", "author__full_name")


def touchpoints_for_list(*, user, for_export: bool = False) -> QuerySet[Touchpoint]:
    """Touchpoints the user may see, with author, the action count and, `for_export`, every
    column, the vanguards (`visible_vanguards`, by name) and the themes (`theme_list`); the
    page shows no themes, reads only PAGE_COLUMNS, and its rows' vanguards' names in the query
    of its rows (`vanguard_name_list`, annotated on the page's rows only).

    One query per page of rows (an export: plus one for vanguards and one for themes), however
    many rows.
    Only vanguards the user may see are listed, and only actions they may see are counted, so
    a cohort session does not give away the others. The vanguards and themes are lists, not
    related managers: Django makes a manager and a filtered queryset per row for those.
    """
    # Counted per row shown (a subquery), not by a join and GROUP BY over every touchpoint the
    # user sees, so the page stays an index scan of its rows however many there are.
    visible_actions = (
        permissions.actions_visible_to(user)
        .filter(touchpoint=OuterRef("pk"))
        .order_by()
        .values("touchpoint")
        .annotate(count=Count("pk"))
        .values("count")
    )
    queryset = (
        permissions.touchpoints_visible_to(user)
        .select_related("author")
        .annotate(action_count=Coalesce(Subquery(visible_actions), 0))
        .order_by("-date", "-pk")
    )
    if not for_export:
        return queryset.only(*PAGE_COLUMNS)
    visible_vanguards = permissions.vanguards_visible_to(user).only("name").order_by("name")
    themes = ProgrammeTheme.objects.only("name", "order")
    return queryset.prefetch_related(
        Prefetch("vanguards", visible_vanguards, to_attr="visible_vanguards"),
        Prefetch("themes", themes, to_attr="theme_list"),
    )


def vanguard_name_list(user) -> ArraySubquery:
    """The names of a touchpoint's vanguards that the user may see, by name, as an array: what
    `vanguard_names` reads, for the page's rows' own query (`Table.page_annotations`) rather
    than a query of its own. Not on the list's queryset: its count would compute it for every
    touchpoint."""
    return ArraySubquery(
        permissions.vanguards_visible_to(user)
        .filter(touchpoints=OuterRef("pk"))
        .order_by("name")
        .values("name")
    )


def vanguard_names(*, user, touchpoint_ids) -> dict[int, list[str]]:
    """The names of the vanguards on each of the touchpoints (by id) that the user may see, by
    name: one query of (touchpoint, name) rows, where a prefetch made a vanguard instance for
    each."""
    names: dict[int, list[str]] = {}
    rows = (
        permissions.vanguards_visible_to(user)
        .filter(touchpoints__in=touchpoint_ids)
        .order_by("name")
        .values_list("touchpoints", "name")
    )
    for touchpoint_id, name in rows:
        names.setdefault(touchpoint_id, []).append(name)
    return names


def touchpoint_page(*, user, touchpoint: Touchpoint) -> dict:
    """What the touchpoint page shows the user, trimmed to what they may see."""
    visible = permissions.vanguards_visible_to(user)
    vanguards = list(touchpoint.vanguards.filter(pk__in=visible.values("pk")).order_by("name"))
    contacts = list(
        touchpoint.vanguard_contacts.filter(
            vanguard_membership__vanguard__in=visible.values("pk")
        ).select_related("vanguard_membership__vanguard")
    )
    actions = list(
        permissions.actions_visible_to(user, touchpoint.actions.all()).select_related(
            "owner", "vanguard"
        )
    )
    return {
        "vanguards": vanguards,
        "contacts": contacts,
        "participants": list(touchpoint.nst_participants.all()),
        "themes": list(touchpoint.themes.all()),
        "actions": actions,
        "history": touchpoint_history(user=user, touchpoint=touchpoint),
        "show_internal_notes": permissions.can_see_internal_notes(user),
    }


# --- History -------------------------------------------------------------------------------

# Fields whose old and new values are too long to show; the history says they changed.
LONG_TEXT_FIELDS = {"summary", "internal_notes", "other_attendees"}
# Stamps that the headline of a change already explains (completed, archived).
QUIET_FIELDS = {"status", "completed_at", "archived_at", "archived_by", "archive_reason", "author"}
LABELS = {"duration_minutes": "Duration in minutes"}


def _date(value) -> str:
    return govuk_date(value) or "none"


def _names(rows, key, names: dict[int, str]) -> str:
    shown = sorted(names[row[key]] for row in rows if row[key] in names)
    hidden = sum(1 for row in rows if row[key] not in names)
    if hidden:
        shown.append(f"{hidden} other vanguard{'s' if hidden > 1 else ''}")
    return ", ".join(shown) or "none"


def _describe(change, names: dict[str, dict[int, str]]) -> str:
    field = Touchpoint._meta.get_field(change.field)
    label = LABELS.get(change.field) or capfirst(field.verbose_name)
    if change.field == "vanguards":
        return f"Vanguards: {_names(change.new, 'vanguard', names['vanguards'])}"
    if change.field == "themes":
        return f"Themes: {_names(change.new, 'programmetheme', names['themes'])}"
    if change.field in LONG_TEXT_FIELDS:
        return f"{label} changed"
    if field.choices:
        choices = dict(field.choices)
        return f"{label}: {choices.get(change.old, '')} to {choices.get(change.new, '')}"
    if change.field == "date":
        return f"Date: {_date(change.old)} to {_date(change.new)}"
    return f"{label}: {change.old or 'none'} to {change.new or 'none'}"


def _headline(record, previous) -> str:
    if previous is None:
        return "Logged as a draft" if record.status == Touchpoint.Status.DRAFT else "Logged"
    if record.archived_at and not previous.archived_at:
        return f"Archived: {record.archive_reason}"
    if record.status != previous.status:
        return "Completed"
    return "Changed"


def touchpoint_history(*, user, touchpoint: Touchpoint) -> list[dict]:
    """Each change to the touchpoint, newest first: who, when, and what changed.

    Diffs come from django-simple-history (`diff_against`), which reads the many-to-many rows
    of each record: a few queries per change, fine for one record's page. Internal notes
    changes are left out for users who may not see the notes.
    """
    records = list(touchpoint.history.select_related("history_user").order_by("history_date"))
    excluded = ["internal_notes"] if not permissions.can_see_internal_notes(user) else []
    names = {
        "vanguards": dict(permissions.vanguards_visible_to(user).values_list("pk", "name")),
        "themes": dict(ProgrammeTheme.objects.values_list("pk", "name")),
    }
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=excluded)
            changes = [
                _describe(change, names)
                for change in delta.changes
                if change.field not in QUIET_FIELDS
            ]
        # The reason names the people who took part, from every vanguard on the touchpoint.
        if record.history_change_reason and permissions.is_nst(user):
            changes.append(record.history_change_reason)
        headline = _headline(record, previous)
        if previous is None or changes or headline != "Changed":
            entries.append(
                {
                    "headline": headline,
                    "who": record.history_user or "the system",
                    "when": record.history_date,
                    "changes": changes,
                }
            )
        previous = record
    return entries[::-1]


# --- Choices for the form ------------------------------------------------------------------


def nst_users() -> QuerySet[User]:
    return permissions.nst_staff().order_by("full_name", "email")


def recent_colleagues(user, *, since) -> QuerySet:
    """The ids (`user_id`) of the NST people who wrote or took part in touchpoints that `user`
    wrote or took part in, dated on or after `since`: one query of three parts, each led by an
    index (the author's touchpoints; the person's links), not an OR across the join, which
    reads every touchpoint since `since` (41 ms for the RM lead at national scale)."""
    links = Touchpoint.nst_participants.through.objects
    taken_part = links.filter(user=user, touchpoint__date__gte=since).values("touchpoint_id")
    with_their_authors = links.filter(touchpoint__author=user, touchpoint__date__gte=since)
    with_them = links.filter(touchpoint_id__in=taken_part)
    their_authors = Touchpoint.objects.filter(pk__in=taken_part).order_by()
    return (
        with_their_authors.values_list("user_id")
        .union(with_them.values_list("user_id"))
        .union(their_authors.values_list("author_id"))
    )


def vanguard_people(vanguards: QuerySet[Vanguard]) -> QuerySet[User]:
    """Active members of the given vanguards, with their vanguard, for choice labels."""
    return (
        User.objects.filter(
            is_active=True,
            vanguard_membership__vanguard__in=vanguards.values("pk"),
        )
        .select_related("vanguard_membership__vanguard")
        .order_by("vanguard_membership__vanguard__name", "full_name", "email")
    )
