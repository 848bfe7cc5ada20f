"""Reads for vanguards and the registry. Each selector owns its joins and query count."""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.validators import slug_re
from django.db.models import F, FilteredRelation, Min, Q, QuerySet

from workwell.kept import kept

from .. import permissions
from ..models import (
    CohortGroupMembership,
    HistoricalCohortGroupMembership,
    HistoricalPartnership,
    HistoricalVanguard,
    Partnership,
    Vanguard,
    VanguardMember,
)

# Sections that apps above vanguards add to the vanguard profile (reporting's delivery
# strands), registered from their AppConfig.ready(): vanguards cannot import them. Each takes
# (user, vanguard) keyword-only and returns its section's markup, in a fixed number of queries.
PROFILE_SECTIONS: list[Callable[..., str]] = []


def profile_sections(*, user, vanguard: Vanguard) -> list[str]:
    return [provider(user=user, vanguard=vanguard) for provider in PROFILE_SECTIONS]


def vanguards_for_list(*, user) -> QuerySet[Vanguard]:
    """Vanguards the user may see, with region, lead organisation, group and RM in one query.

    The current group and its RM through one join on the current membership (a vanguard has
    at most one: `membership_one_current_group_per_vanguard`), not a subquery per column:
    three subqueries cost three times the building and the planning."""
    current = FilteredRelation(
        "group_memberships", condition=Q(group_memberships__ended_on__isnull=True)
    )
    return (
        permissions.vanguards_visible_to(user)
        .select_related("region", "lead_organisation")
        .annotate(
            current=current,
            cohort_group_name=F("current__cohort_group__name"),
            cohort_group_slug=F("current__cohort_group__slug"),
            relationship_manager_name=F("current__cohort_group__relationship_manager__full_name"),
        )
        .order_by("name")
    )


def vanguards_with_current_group(vanguards: QuerySet[Vanguard]) -> list:
    """`vanguards` (a permission rule's queryset) by name as rows of (pk, name, group_pk,
    group_name, relationship_manager_id), their current cohort group's or None: one query,
    what a form choosing among many vanguards lists them and their groups from."""
    current = FilteredRelation(
        "group_memberships", condition=Q(group_memberships__ended_on__isnull=True)
    )
    rows = vanguards.annotate(current=current).order_by("name")  # names are unique
    return list(
        rows.values_list(
            "pk",
            "name",
            "current__cohort_group_id",
            "current__cohort_group__name",
            "current__cohort_group__relationship_manager_id",
            named=True,
        )
    )


def loggable_vanguard_named(*, user, slug: str | None) -> Vanguard | None:
    """The vanguard a "log a touchpoint" or "add an action" link names (`?vanguard=<slug>`), if
    the user may log for it. Anything that is not a slug (a crafted address, a NUL byte that
    PostgreSQL would refuse) names no vanguard rather than reaching the database."""
    if not slug or not slug_re.match(slug):
        return None
    return permissions.loggable_vanguards(user).filter(slug=slug).first()


# What the profile's heading and summary show of a vanguard besides its own fields.
PROFILE_RELATED = ("region", "lead_organisation")


@functools.cache
def _profile_reads() -> tuple[QuerySet, QuerySet, QuerySet]:
    """The profile's cohort-group memberships, partnerships and people, of every vanguard:
    built once per process (they hold nothing of a request) and filtered to one vanguard per
    request, since working out their joins and columns cost more than running them. Never
    evaluated here: read only through the filters that copy them."""
    # Only the columns the page shows (the RM's name, not their whole account): each column
    # selected is compiled and converted, and the people's accounts are most of their row.
    memberships = (
        CohortGroupMembership.objects.select_related(
            "cohort_group__theme", "cohort_group__relationship_manager"
        )
        .only(
            "vanguard_id",
            "started_on",
            "ended_on",
            "cohort_group__name",
            "cohort_group__theme__name",
            "cohort_group__relationship_manager__full_name",
            "cohort_group__relationship_manager__email",
        )
        .order_by("-started_on")
    )
    partnerships = Partnership.objects.select_related("organisation")
    people = (
        VanguardMember.objects.filter(user__is_active=True)
        .select_related("user")
        .only("title", "vanguard_id", "user__full_name", "user__email")
    )
    return memberships, partnerships, people


def vanguard_profile(*, vanguard: Vanguard) -> dict:
    """The vanguard's groups, partners, people and last change, as the profile shows them:
    four queries, or one when kept. The same for everyone who may see the vanguard's profile
    (the view has asked), so kept by the vanguard alone until a table they read is written
    (the registry's, its history and the accounts: rarely, against the timeline's touchpoints).
    The lists are shared: read them, never change them."""
    return dict(kept("vanguards.profile", vanguard.pk, lambda: _profile(vanguard.pk)))


def _profile(vanguard_id: int) -> dict:
    memberships, partnerships, people = (
        list(query.filter(vanguard_id=vanguard_id)) for query in _profile_reads()
    )
    current = next((m for m in memberships if m.is_current), None)
    return {
        "current_membership": current,
        "memberships": memberships,
        "partnerships": partnerships,
        "people": people,
        "last_change": vanguard_last_change(vanguard_id=vanguard_id),
    }


@dataclass(frozen=True)
class LastChange:
    history_date: datetime.datetime
    by: str | None  # who made it, as their account reads (`str(user)`); None for the system


@functools.cache
def _change_columns() -> tuple[tuple[QuerySet, str], ...]:
    """Each history table's (date, who) and the column naming its vanguard: built once per
    process, as `_profile_reads`. The history models' own managers, not `Model.history`, which
    builds a manager class on every access."""
    return tuple(
        (history.values_list("history_date", "history_user__full_name", "history_user__email"), key)
        for history, key in (
            (HistoricalVanguard.objects.all(), "id"),
            (HistoricalPartnership.objects.all(), "vanguard_id"),
            (HistoricalCohortGroupMembership.objects.all(), "vanguard_id"),
        )
    )


def vanguard_last_change(*, vanguard_id: int) -> LastChange | None:
    """The newest change to the vanguard's profile: its own record, its partners or its cohort
    group membership (deleted partners keep their history rows). One query: the newest of the
    three history tables' (date, who) in one UNION, each with its user's name and email joined."""
    histories = [columns.filter(**{key: vanguard_id}) for columns, key in _change_columns()]
    newest = histories[0].union(*histories[1:], all=True).order_by("-history_date")[:1]
    for when, full_name, email in newest:
        # What `User.__str__` gives; both None when the system made the change.
        by = None if full_name is None and email is None else (full_name or email)
        return LastChange(history_date=when, by=by)
    return None


def current_cohort_group(*, vanguard: Vanguard):
    membership = (
        vanguard.group_memberships.filter(ended_on__isnull=True)
        .select_related("cohort_group")
        .first()
    )
    return membership.cohort_group if membership else None


@dataclass
class PersonChange:
    when: object
    who: object  # the user who made the change, or None for the system
    what: list[str]


PERSON_FIELDS = {"full_name": "Name", "email": "Email address", "role": "Role"}


def _person_changes(record, previous) -> list[str]:
    if previous is None:
        return ["Account created" if record.history_type == "+" else "Account details recorded"]
    changes = [
        f"{label} changed from {getattr(previous, name)} to {getattr(record, name)}"
        for name, label in PERSON_FIELDS.items()
        if getattr(previous, name) != getattr(record, name)
    ]
    if previous.is_active != record.is_active:
        changes.append("Account switched on" if record.is_active else "Account switched off")
    return changes


def _membership_changes(record, previous) -> list[str]:
    if previous is None:
        return [f"Linked to {record.vanguard} as {record.get_title_display()}"]
    changes = []
    if previous.vanguard_id != record.vanguard_id:
        changes.append(f"Moved from {previous.vanguard} to {record.vanguard}")
    if previous.title != record.title:
        changes.append(
            f"Title changed from {previous.get_title_display()} to {record.get_title_display()}"
        )
    return changes


def person_history(*, user) -> list[PersonChange]:
    """Changes to a person's account (name, email, role, on or off) and vanguard link (vanguard,
    title), newest first, each with who made it. Two queries."""
    streams = (
        (user.history.select_related("history_user"), _person_changes),
        (
            VanguardMember.history.filter(user_id=user.pk).select_related(
                "history_user", "vanguard"
            ),
            _membership_changes,
        ),
    )
    entries = []
    for records, describe in streams:
        previous = None
        for record in records.order_by("history_date", "history_id"):
            what = describe(record, previous)
            if what:
                entries.append(PersonChange(record.history_date, record.history_user, what))
            previous = record
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def first_start() -> datetime.date | None:
    """The day the first vanguard started, None with no vanguards: where the quarters the
    dashboards and the funding page offer begin. Kept until a vanguard changes (one query)."""
    return kept(
        "registry.first_start",
        "the vanguards' first start",
        lambda: Vanguard.objects.aggregate(first=Min("start_date"))["first"],
    )
