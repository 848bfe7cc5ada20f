"""Setting when a quarter's returns are due (admins). History keeps every change."""

import datetime

from django.db import transaction

from workwell.dates import Quarter, date_input_example, govuk_date, is_working_day
from workwell.errors import ServiceError
from workwell.models import User

from ..models import ReturnPeriod

# A due date later than this after the quarter ends would leave the programme without figures
# for most of the next quarter.
LATEST_AFTER_QUARTER = datetime.timedelta(days=92)


class ReturnOperationsError(ServiceError):
    """A rule about due dates or bulk uploads was broken; the message is safe to show."""


def return_period_set(*, actor: User, quarter: Quarter, due_on: datetime.date) -> ReturnPeriod:
    """Set or change when `quarter`'s returns are due: a working day after the quarter ends,
    within three months of its end."""
    if due_on <= quarter.end:
        example = date_input_example(quarter.end + datetime.timedelta(days=30))
        raise ReturnOperationsError(
            f"The due date must be after the quarter ends on {govuk_date(quarter.end)}, "
            f"for example {example}",
            "due_on",
        )
    if due_on > quarter.end + LATEST_AFTER_QUARTER:
        raise ReturnOperationsError(
            "The due date must be within 3 months of the quarter ending, on or before "
            f"{govuk_date(quarter.end + LATEST_AFTER_QUARTER)}",
            "due_on",
        )
    if not is_working_day(due_on):
        raise ReturnOperationsError(
            f"{govuk_date(due_on)} is a weekend or bank holiday: choose a working day",
            "due_on",
        )
    with transaction.atomic():
        period = (
            ReturnPeriod.objects.select_for_update()
            .filter(year=quarter.year, number=quarter.number)
            .first()
        )
        if period is None:
            period = ReturnPeriod(year=quarter.year, number=quarter.number)
        elif period.due_on == due_on:
            return period  # nothing changed: no history row
        period.due_on = due_on
        period._history_user = actor
        period.save()
    return period
