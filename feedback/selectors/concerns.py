"""Reads for concerns and complaints: the clocks, the lists and one concern's page.

Every clock takes `today`, so tests pin the date instead of mocking the clock. The quality plan
reads `acknowledged_in_time` and `responded_in_time` from the dates stored on each concern.
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When, Window
from django.utils import timezone

from vanguards import permissions
from vanguards.models import CohortGroupMembership
from vanguards.selectors.cadence import programme_settings
from workwell.dates import add_working_days
from workwell.kept import kept, rows_of
from workwell.models import User

from ..models import Concern

State = Concern.State
Stage = Concern.Stage

# NHS complaints regulations: acknowledge within 3 working days.
ACKNOWLEDGE_WORKING_DAYS = 3
# A response nobody replies to closes the concern this many working days later.
AUTO_CLOSE_WORKING_DAYS = 10
# States in which the NST owes the raiser a response.
AWAITING_RESPONSE = (State.ACKNOWLEDGED, State.INVESTIGATING)
OPEN_STATES = (State.RAISED, State.ACKNOWLEDGED, State.INVESTIGATING, State.RESPONDED)


# --- Clocks (working days: workwell.dates) -----------------------------------------------


def response_target() -> int:
    """Working days the NST has to respond (a programme setting admins change; default 20)."""
    return programme_settings().concern_response_working_days


def acknowledge_due(raised_on: datetime.date) -> datetime.date:
    return add_working_days(raised_on, ACKNOWLEDGE_WORKING_DAYS)


def respond_due(started_on: datetime.date, target: int) -> datetime.date:
    """The response is due `target` working days after the concern was raised (or reopened)."""
    return add_working_days(started_on, target)


def auto_close_due(responded_on: datetime.date) -> datetime.date:
    return add_working_days(responded_on, AUTO_CLOSE_WORKING_DAYS)


def overdue_q(*, today: datetime.date) -> Q:
    """Not acknowledged by its date, or acknowledged and not responded to by its date."""
    return Q(state=State.RAISED, acknowledge_by__lt=today) | Q(
        state__in=AWAITING_RESPONSE, respond_by__lt=today
    )


def is_overdue(concern: Concern, *, today: datetime.date) -> bool:
    if concern.state == State.RAISED:
        return concern.acknowledge_by < today
    return concern.state in AWAITING_RESPONSE and concern.respond_by < today


def acknowledged_in_time(concern: Concern) -> bool | None:
    """None while neither acknowledged nor late; for the quality plan's indicator."""
    if concern.acknowledged_at is None:
        return None
    return timezone.localdate(concern.acknowledged_at) <= concern.acknowledge_by


def responded_in_time(concern: Concern) -> bool | None:
    if concern.responded_at is None:
        return None
    return timezone.localdate(concern.responded_at) <= concern.respond_by


# --- Routing -------------------------------------------------------------------------------


def current_rm(vanguard_id: int | None) -> User | None:
    """The relationship manager of the vanguard's current cohort group, if it has one."""
    if vanguard_id is None:
        return None
    membership = (
        CohortGroupMembership.objects.filter(vanguard=vanguard_id, ended_on__isnull=True)
        .select_related("cohort_group__relationship_manager")
        .first()
    )
    return membership.cohort_group.relationship_manager if membership else None


def rm_lead() -> User | None:
    return permissions.rm_leads().order_by("pk").first()


def programme_director() -> User | None:
    director = programme_settings().programme_director_id  # the kept settings are read only
    return User.objects.filter(pk=director).first() if director else None


def relationship_managers_to_name() -> QuerySet[User]:
    """The people a concern can be about: active relationship managers and the RM lead."""
    return permissions.cohort_group_keepers().order_by("full_name", "email")


# --- Lists ---------------------------------------------------------------------------------


def concerns_for_list(*, user, today: datetime.date | None = None) -> QuerySet[Concern]:
    """Concerns the user may see, newest first, with who raised it, the vanguard, the handler
    and the person it is about joined and the overdue flag worked out in the database."""
    today = today or timezone.localdate()
    return (
        permissions.concerns_visible_to(user, Concern.objects.all())
        .select_related("raised_by", "vanguard", "region", "handler", "about_rm")
        .annotate(
            is_overdue=Case(
                When(overdue_q(today=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-raised_at", "-pk")
    )


def overdue_concerns(*, user, today: datetime.date | None = None) -> list[Concern]:
    """The user's visible overdue concerns, oldest due first: the RM lead's home and digest."""
    today = today or timezone.localdate()
    return list(
        concerns_for_list(user=user, today=today)
        .filter(overdue_q(today=today))
        .order_by("acknowledge_by", "respond_by", "pk")
    )


@dataclass(frozen=True)
class OverdueConcerns:
    """The first of the user's overdue concerns, and how many there are in all."""

    concerns: list[Concern]
    total: int


def overdue_concerns_to_list(
    *, user, today: datetime.date | None = None, limit: int
) -> OverdueConcerns:
    """The first `limit` of overdue_concerns, with only what the RM lead's home shows of each
    (its kind, vanguard or region, handler and dates): the same concerns in the same order,
    and how many there are, in one query; shared, read only, until a concern (or a name it
    shows) changes (workwell/kept.py)."""
    today = today or timezone.localdate()
    concerns = permissions.concerns_visible_to(user, _overdue_to_list_on(today).all())[:limit]
    found = kept("concerns.overdue_to_list", rows_of(concerns), lambda: list(concerns))
    return OverdueConcerns(concerns=found, total=found[0].total if found else 0)


@functools.lru_cache(maxsize=4)
def _overdue_to_list_on(today: datetime.date) -> QuerySet:
    """Built once a day per process (the day is its only value); the permission rule is
    applied per request to a fresh clone (the count over them all is taken after it)."""
    return (
        Concern.objects.filter(overdue_q(today=today))
        .select_related("vanguard", "region", "handler")
        .only(
            "kind",
            "state",
            "acknowledge_by",
            "respond_by",
            "vanguard__name",
            "region__name",
            "handler__full_name",
            "handler__email",
        )
        .annotate(total=Window(Count("*")))
        .order_by("acknowledge_by", "respond_by", "pk")
    )


def concerns_to_close_automatically(*, today: datetime.date) -> QuerySet[Concern]:
    """Responded concerns whose raiser has not replied for 10 working days."""
    return Concern.objects.filter(state=State.RESPONDED, auto_close_on__lte=today)


def concern_digest_recipients(*, today: datetime.date) -> list[int]:
    """RM leads who have overdue concerns to hear about today."""
    leads = permissions.rm_leads().order_by("pk")
    return [lead.pk for lead in leads if overdue_concerns(user=lead, today=today)]


# --- One concern ---------------------------------------------------------------------------


def concern_detail(*, user, pk: int) -> Concern:
    """The concern with its thread (each step and message, oldest first); 404 if not visible."""
    queryset = Concern.objects.select_related(
        "raised_by", "vanguard", "region", "handler", "about_rm"
    ).prefetch_related("entries__author")
    return permissions.get_concern_or_404(user, queryset, pk)
