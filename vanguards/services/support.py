"""Support the NST offers: the support-offer menu, and vanguards' support requests from being
raised, through triage and delivery, to the vanguard's rating.

A request moves new → triaged → in progress → delivered → closed, or new → declined. Triage can
also redirect a request elsewhere: that records where in `redirect_note` and closes it, because
the vanguard's need was answered (by someone else), not refused, and "declined" requires a
reason for refusing. Every step claims the request with a conditional update on its expected
state, so a double-submitted form or two RMs acting at once change it only once.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme, User

from .. import permissions
from ..models import SupportOffer, SupportRequest, Touchpoint, Vanguard

Status = SupportRequest.Status


class SupportError(ServiceError):
    """A rule about support was broken; the message is safe to show to the user."""


# --- The support-offer menu --------------------------------------------------------------

OFFER_FIELDS = (
    "title",
    "description",
    "channel",
    "delivered_by",
    "for_emerging",
    "for_maturing",
    "for_leading",
    "scaffolded",
    "is_active",
)


def support_offer_save(
    *,
    actor: User,
    data: dict,
    themes: Iterable[ProgrammeTheme] = (),
    offer: SupportOffer | None = None,
) -> SupportOffer:
    """Add an offer to the menu or change one; titles are unique, and it suits at least one band."""
    offer = offer or SupportOffer()
    title = data["title"].strip()
    if SupportOffer.objects.exclude(pk=offer.pk).filter(title__iexact=title).exists():
        raise SupportError(
            f"The menu already has an offer called {title}. Enter a different title.", "title"
        )
    if not any(data.get(band) for band in ("for_emerging", "for_maturing", "for_leading")):
        raise SupportError("Select at least one maturity band the offer suits", "bands")
    for field in OFFER_FIELDS:
        if field in data:
            setattr(offer, field, data[field])
    offer.title = title
    offer._history_user = actor
    with transaction.atomic():
        offer.save()
        offer.themes.set(themes)
    return offer


# --- Raising a request --------------------------------------------------------------------


def support_request_raise(
    *,
    raised_by: User,
    vanguard: Vanguard,
    need: str,
    urgency: str,
    offer: SupportOffer | None = None,
    needed_by: datetime.date | None = None,
    today: datetime.date | None = None,
) -> SupportRequest:
    """A vanguard member asks for support, or NST staff ask on a vanguard's behalf."""
    today = today or timezone.localdate()
    if not permissions.can_raise_support_request_for(raised_by, vanguard):
        raise SupportError(f"You cannot raise support requests for {vanguard}.", "vanguard")
    if not need.strip():
        raise SupportError("Enter what support you need", "need")
    if offer is not None and not offer.is_active:
        raise SupportError(f"{offer} is no longer offered. Choose another offer, or none.", "offer")
    if needed_by is not None and needed_by < today:
        raise SupportError("The date you need it by must be today or in the future", "needed_by")
    support_request = SupportRequest(
        vanguard=vanguard,
        raised_by=raised_by,
        need=need.strip(),
        offer=offer,
        urgency=urgency,
        needed_by=needed_by,
    )
    support_request._history_user = raised_by
    support_request.save()
    return support_request


# --- Moving a request through its states --------------------------------------------------


def _claim(
    support_request: SupportRequest,
    *,
    by: User,
    expected: Iterable[str],
    already: str,
    **changes,
) -> SupportRequest:
    """Apply `changes` only if the request is still in one of the `expected` states and `by`
    may still triage it: the right follows today's cohort groups, so it is checked here, not
    only in the view (a task, command or stale form would otherwise act on a moved vanguard)."""
    if not permissions.can_triage_support_request(by, support_request):
        raise SupportError(f"You cannot act on support requests for {support_request.vanguard}.")
    with transaction.atomic():
        claimed = SupportRequest.objects.filter(
            pk=support_request.pk, status__in=list(expected)
        ).update(**changes)
        if not claimed:
            raise SupportError(already)
        support_request.refresh_from_db()
        support_request._history_user = by
        support_request.save()  # records who made the change in history
    return support_request


def _check_assignee(assignee: User | None, field: str = "assigned_to") -> None:
    if assignee is not None and not (assignee.is_active and permissions.is_nst(assignee)):
        raise SupportError(
            f"{assignee} is not in the National Support Team. Choose someone who is.", field
        )


def _triage(support_request: SupportRequest, *, by: User, status: str, **changes):
    """Record the triage decision on a new request; declining or redirecting also ends it."""
    now = timezone.now()
    if status != Status.TRIAGED:
        changes["closed_at"] = now
    return _claim(
        support_request,
        by=by,
        expected=[Status.NEW],
        already="This request has already been triaged.",
        status=status,
        triaged_at=now,
        triaged_by=by,
        **changes,
    )


def support_request_accept(
    *, support_request: SupportRequest, by: User, assigned_to: User | None = None
) -> SupportRequest:
    """Triage: accept the request (new → triaged), optionally assigning it."""
    _check_assignee(assigned_to)
    changes = {"assigned_to": assigned_to} if assigned_to else {}
    return _triage(support_request, by=by, status=Status.TRIAGED, **changes)


def support_request_decline(
    *, support_request: SupportRequest, by: User, reason: str
) -> SupportRequest:
    """Triage: decline the request with a reason the vanguard will see (new → declined)."""
    if not reason.strip():
        raise SupportError("Enter why the request is declined", "note")
    return _triage(support_request, by=by, status=Status.DECLINED, decline_reason=reason.strip())


def support_request_redirect(
    *, support_request: SupportRequest, by: User, note: str
) -> SupportRequest:
    """Triage: point the vanguard to help elsewhere, and close the request (new → closed)."""
    if not note.strip():
        raise SupportError("Enter where the request has been redirected", "note")
    return _triage(support_request, by=by, status=Status.CLOSED, redirect_note=note.strip())


def support_request_assign(
    *, support_request: SupportRequest, by: User, assigned_to: User
) -> SupportRequest:
    """Give an accepted request to an NST member (or to someone else) before it is delivered."""
    _check_assignee(assigned_to)
    return _claim(
        support_request,
        by=by,
        expected=[Status.TRIAGED, Status.IN_PROGRESS],
        already="Only accepted requests that are not yet delivered can be reassigned.",
        assigned_to=assigned_to,
    )


def support_request_start(
    *, support_request: SupportRequest, by: User, assigned_to: User | None = None
) -> SupportRequest:
    """Start work on an accepted request (triaged → in progress); it needs someone assigned."""
    assigned_to = assigned_to or support_request.assigned_to
    if assigned_to is None:
        raise SupportError("Choose who will deliver the support", "assigned_to")
    _check_assignee(assigned_to)
    return _claim(
        support_request,
        by=by,
        expected=[Status.TRIAGED],
        already="Work on this request has already started.",
        status=Status.IN_PROGRESS,
        assigned_to=assigned_to,
    )


def support_request_deliver(
    *,
    support_request: SupportRequest,
    by: User,
    notes: str,
    touchpoints: Iterable[Touchpoint] = (),
) -> SupportRequest:
    """Record how the support was delivered and the touchpoints that delivered it."""
    if not notes.strip():
        raise SupportError("Enter how the support was delivered", "delivery_notes")
    touchpoint_ids = {touchpoint.pk for touchpoint in touchpoints}
    # Touchpoints the vanguard can see, held since the request was raised.
    valid = set(
        Touchpoint.objects.filter(
            pk__in=touchpoint_ids,
            vanguards=support_request.vanguard_id,
            status=Touchpoint.Status.COMPLETE,
            archived_at__isnull=True,
            date__gte=timezone.localdate(support_request.raised_at),
        ).values_list("pk", flat=True)
    )
    if valid != touchpoint_ids:
        raise SupportError(
            f"Select only completed touchpoints with {support_request.vanguard} held since the "
            "request was raised",
            "touchpoints",
        )
    with transaction.atomic():
        support_request = _claim(
            support_request,
            by=by,
            expected=[Status.IN_PROGRESS],
            already="This request has already been delivered.",
            status=Status.DELIVERED,
            delivery_notes=notes.strip(),
            delivered_at=timezone.now(),
        )
        support_request.touchpoints.set(touchpoint_ids)
    return support_request


def support_request_close(*, support_request: SupportRequest, by: User) -> SupportRequest:
    """Close a delivered request (delivered → closed); the vanguard can no longer rate it."""
    return _claim(
        support_request,
        by=by,
        expected=[Status.DELIVERED],
        already="This request has already been closed.",
        status=Status.CLOSED,
        closed_at=timezone.now(),
    )


def support_request_rate(
    *, support_request: SupportRequest, by: User, rating: int, comment: str = ""
) -> SupportRequest:
    """The vanguard rates delivered support from 1 to 5, once."""
    if rating not in range(1, 6):
        raise SupportError("Choose a rating from 1 to 5", "rating")
    with transaction.atomic():
        claimed = SupportRequest.objects.filter(
            pk=support_request.pk, status=Status.DELIVERED, rating__isnull=True
        ).update(rating=rating, rating_comment=comment.strip())
        if not claimed:
            raise SupportError("This support has already been rated, or can no longer be rated.")
        support_request.refresh_from_db()
        support_request._history_user = by
        support_request.save()
    return support_request
