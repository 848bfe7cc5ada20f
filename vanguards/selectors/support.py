"""Reads for support requests: the list with its triage clock, one request's page and timeline.

Every clock here takes `today`, so tests pin the date instead of mocking the clock.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from workwell.dates import nth_working_day_back, working_days_between
from workwell.models import User

from .. import permissions
from ..models import SupportOffer, SupportRequest, Touchpoint
from .cadence import programme_settings  # one reader of the settings row, re-exported

Status = SupportRequest.Status
# States in which the request is finished; its clock stops when it was closed.
FINISHED = (Status.CLOSED, Status.DECLINED)


# --- The triage clock ---------------------------------------------------------------------


def triage_cutoff(*, today: datetime.date, limit: int) -> datetime.date:
    """The earliest raise date that is still inside the triage limit on `today`.

    A request raised on day R has waited working_days_between(R, today) working days: those
    after R up to today. It is late when that exceeds `limit`, which is exactly when R falls
    before the (limit + 1)th working day counting back from today (today included). Working
    this out once lets the list filter late requests in the database.
    """
    return nth_working_day_back(today, limit + 1)


def flagged_q(*, today: datetime.date, limit: int) -> Q:
    """Requests still new after `limit` working days."""
    return Q(status=Status.NEW, raised_at__date__lt=triage_cutoff(today=today, limit=limit))


def is_flagged(support_request: SupportRequest, *, today: datetime.date, limit: int) -> bool:
    return support_request.status == Status.NEW and (
        working_days_between(timezone.localdate(support_request.raised_at), today) > limit
    )


def working_days_open(support_request: SupportRequest, *, today: datetime.date) -> int:
    """Working days since the request was raised, stopping when it was closed or declined."""
    request = support_request
    return days_open(request.status, request.raised_at, request.closed_at, today=today)


def days_open(status: str, raised_at, closed_at, *, today: datetime.date) -> int:
    """`working_days_open` from the values (a list page's rows are values, not requests)."""
    end = today
    if status in FINISHED and closed_at:
        end = timezone.localdate(closed_at)
    return working_days_between(timezone.localdate(raised_at), end)


# --- The list -----------------------------------------------------------------------------


def support_requests_for_list(
    *,
    user,
    today: datetime.date | None = None,
    limit: int | None = None,
    with_people: bool = False,
) -> QuerySet[SupportRequest]:
    """Requests the user may see, with vanguard and assignee joined and the flag worked out;
    `with_people` (the export and the request's page; the list does not show them) also joins
    the offer asked for and who raised it."""
    today = today or timezone.localdate()
    limit = programme_settings().support_request_triage_working_days if limit is None else limit
    requests = (
        permissions.support_requests_visible_to(user)
        .select_related("vanguard", "assigned_to")
        .annotate(
            is_flagged=Case(
                When(flagged_q(today=today, limit=limit), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-raised_at", "-pk")
    )
    return requests.select_related("offer", "raised_by") if with_people else requests


def nst_people() -> QuerySet[User]:
    """Active NST staff: who a request can be assigned to."""
    return permissions.nst_staff().order_by("full_name", "email")


def active_offers() -> QuerySet[SupportOffer]:
    return SupportOffer.objects.filter(is_active=True).order_by("title")


def active_offer(pk_text: str) -> SupportOffer | None:
    """The offer a "Request this support" link names, if it is still on the menu."""
    if not (pk_text.isdigit() and len(pk_text) < 10):  # ids are 32-bit integers
        return None
    return active_offers().filter(pk=int(pk_text)).first()


# --- One request --------------------------------------------------------------------------


def delivery_touchpoint_choices(*, support_request: SupportRequest) -> QuerySet[Touchpoint]:
    """Completed touchpoints with the request's vanguard since it was raised, newest first."""
    return Touchpoint.objects.filter(
        vanguards=support_request.vanguard_id,
        status=Touchpoint.Status.COMPLETE,
        archived_at__isnull=True,
        date__gte=timezone.localdate(support_request.raised_at),
    ).order_by("-date", "-pk")


def support_request_detail(*, user, pk: int, today: datetime.date | None = None) -> dict:
    """Everything a request's page shows; 404 when the user may not see it."""
    today = today or timezone.localdate()
    permissions.get_support_request_or_404(user, pk)
    limit = programme_settings().support_request_triage_working_days
    support_request = (
        support_requests_for_list(user=user, today=today, limit=limit, with_people=True)
        .select_related("triaged_by")
        .get(pk=pk)
    )
    touchpoints = permissions.touchpoints_visible_to(
        user, support_request.touchpoints.order_by("date")
    )
    return {
        "support_request": support_request,
        "limit": limit,
        "flagged": support_request.is_flagged,
        "working_days": working_days_open(support_request, today=today),
        "touchpoints": list(touchpoints),
        "timeline": support_request_timeline(support_request=support_request),
    }


def _step(record, previous) -> list[str]:
    """What one history record changed, in the words the vanguard reads."""
    if previous is None:
        return ["Raised"]
    steps = []
    if record.status != previous.status:
        steps.append(_status_step(record))
    elif record.assigned_to_id != previous.assigned_to_id and record.assigned_to_id:
        steps.append(f"Assigned to {record.assigned_to}")
    if record.rating is not None and previous.rating is None:
        steps.append(f"Rated {record.rating} out of 5")
    return steps


def _status_step(record) -> str:
    if record.status == Status.TRIAGED:
        assigned = f" and assigned to {record.assigned_to}" if record.assigned_to_id else ""
        return f"Accepted{assigned}"
    if record.status == Status.DECLINED:
        return f"Declined: {record.decline_reason}"
    if record.status == Status.CLOSED and record.redirect_note:
        return f"Redirected and closed: {record.redirect_note}"
    if record.status == Status.IN_PROGRESS:
        return f"Work started: {record.assigned_to} is delivering it"
    if record.status == Status.DELIVERED:
        return "Delivered"
    return Status(record.status).label


@dataclass(frozen=True)
class SupportStep:
    """One step in a request's life: what happened, when and who did it (None: the system)."""

    text: str
    when: datetime.datetime
    who: User | None


def support_request_timeline(*, support_request: SupportRequest) -> list[SupportStep]:
    """Each step the request has taken, oldest first, from its history: what, when and who."""
    records = list(
        support_request.history.select_related("history_user", "raised_by", "assigned_to").order_by(
            "history_date", "history_id"
        )
    )
    timeline, previous = [], None
    for record in records:
        for text in _step(record, previous):
            timeline.append(SupportStep(text, record.history_date, record.history_user))
        previous = record
    return timeline
