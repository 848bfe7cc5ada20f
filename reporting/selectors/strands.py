"""Reads for a vanguard's delivery plan: the profile's section and a strand's history."""

import datetime
from decimal import Decimal

from vanguards.models import Vanguard
from workwell.dates import govuk_date

from ..models import DeliveryStrand

STRAND_FIELDS = {
    "name": "name",
    "participant_target": "participant target",
    "funding_allocation": "funding allocation",
    "in_work_share_target": "in-work share target",
    "start_date": "start date",
    "end_date": "end date",
}


def strands_of(*, vanguard: Vanguard) -> list[DeliveryStrand]:
    """The vanguard's delivery strands in the plan's order. One query (the model's ordering
    leads with the vanguard, which for one vanguard is a join to its name for nothing)."""
    return list(DeliveryStrand.objects.filter(vanguard=vanguard).order_by("position", "pk"))


def _describe(field: str, value) -> str:
    if value in (None, ""):
        return "nothing"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}".removesuffix(".00")
    if isinstance(value, datetime.date):
        return govuk_date(value)
    return str(value)


def strand_history(*, strand: DeliveryStrand) -> list[dict]:
    """Every version of the strand, newest first: when, who and what changed. One query."""
    records = list(strand.history.select_related("history_user").order_by("history_date"))
    entries, previous = [], None
    for record in records:
        if previous is None:
            what = ["Added"]
        else:
            delta = record.diff_against(previous, included_fields=list(STRAND_FIELDS))
            what = [
                f"Changed the {STRAND_FIELDS[c.field]} from {_describe(c.field, c.old)} "
                f"to {_describe(c.field, c.new)}"
                for c in delta.changes
            ]
        if what:
            entries.append({"when": record.history_date, "who": record.history_user, "what": what})
        previous = record
    return entries[::-1]
