"""The RM lead's daily digest of overdue concerns: at most one per person per day."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from vanguards import permissions
from vanguards.services.digest import DigestOutcome
from workwell.models import User

from ..models import ConcernDigestSent
from ..selectors.concerns import overdue_concerns


def concern_digest_send(*, user: User, today: datetime.date | None = None) -> DigestOutcome:
    """Email an RM lead the concerns they can see that are overdue, unless there are none or
    today's has gone already. Concerns about the recipient are never in it (the visibility
    rule hides them)."""
    today = today or timezone.localdate()
    if not user.is_active or not permissions.can_oversee_rm_workloads(user):
        return DigestOutcome.NOTHING_TO_REPORT
    concerns = overdue_concerns(user=user, today=today)
    if not concerns:
        return DigestOutcome.NOTHING_TO_REPORT
    try:
        with transaction.atomic():
            # Claim today's digest first: a second run, even a concurrent one, waits on the
            # unique (user, sent_on) index and then fails here, so one email goes. A failed
            # send rolls the claim back, so a retry can still send.
            ConcernDigestSent.objects.create(user=user, sent_on=today)
            count = len(concerns)
            context = {
                "user": user,
                "today": today,
                "concerns": concerns,
                "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
            }
            send_mail(
                subject=f"WorkWell: {count} concern{'s' if count != 1 else ''} overdue",
                message=render_to_string("feedback/email/concern_digest.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
    except IntegrityError:
        return DigestOutcome.ALREADY_SENT
    return DigestOutcome.SENT
