"""The relationship managers' daily digest email: at most one per person per day."""

import datetime
from collections.abc import Callable
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from workwell.models import User

from .. import permissions
from ..models import DigestSent
from ..selectors.cadence import RmDigest, rm_digest_for


class DigestOutcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    NOTHING_TO_REPORT = "nothing to report"


def rm_digest_send(*, user: User, today: datetime.date | None = None) -> DigestOutcome:
    """Email `user` their digest of overdue contacts and actions coming due, unless there is
    nothing to report or it has already gone today."""
    today = today or timezone.localdate()
    if not user.is_active or not permissions.tracks_contact_cadence(user):
        return DigestOutcome.NOTHING_TO_REPORT
    digest = rm_digest_for(user=user, today=today)
    if digest.is_empty:
        return DigestOutcome.NOTHING_TO_REPORT
    return send_once_a_day(
        claim=lambda: DigestSent.objects.create(user=user, sent_on=today),
        send=lambda: _send(user=user, digest=digest, today=today),
    )


def send_once_a_day(*, claim: Callable[[], object], send: Callable[[], None]) -> DigestOutcome:
    """Claim today's email (`claim` creates the row unique per person and day), then `send`.

    A second run, even a concurrent one, waits on the unique index and then fails to claim, so
    only one email goes. If sending fails the claim rolls back with it, and a retry can still
    send.
    """
    try:
        with transaction.atomic():
            claim()
            send()
    except IntegrityError:
        return DigestOutcome.ALREADY_SENT
    return DigestOutcome.SENT


def _subject(digest: RmDigest) -> str:
    parts = []
    if digest.overdue_contacts:
        count = len(digest.overdue_contacts)
        parts.append(f"{count} contact{'s' if count != 1 else ''} overdue")
    if digest.actions:
        count = len(digest.actions)
        parts.append(f"{count} action{'s' if count != 1 else ''} due")
    return "Your WorkWell digest: " + " and ".join(parts)


def _send(*, user: User, digest: RmDigest, today: datetime.date) -> None:
    context = {
        "user": user,
        "today": today,
        "digest": digest,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    send_mail(
        subject=_subject(digest),
        message=render_to_string("vanguards/email/digest.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
