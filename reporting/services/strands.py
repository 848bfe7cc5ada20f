"""Admins keep each vanguard's delivery plan: its strands."""

from django.db import IntegrityError, transaction

from vanguards import permissions
from vanguards.models import Vanguard

from ..models import DeliveryStrand
from .returns import ReturnError

STRAND_FIELDS = (
    "name",
    "participant_target",
    "funding_allocation",
    "in_work_share_target",
    "start_date",
    "end_date",
)


def strand_save(
    *, actor, vanguard: Vanguard, data: dict, strand: DeliveryStrand | None = None
) -> DeliveryStrand:
    """Add a strand to the vanguard's delivery plan, or change one (history keeps each version)."""
    if not permissions.can_keep_delivery_plans(actor):
        raise ReturnError("Only admins can change a vanguard's delivery strands.")
    if strand is not None and strand.vanguard_id != vanguard.pk:
        raise ReturnError("This strand belongs to another vanguard.")
    if data["end_date"] < data["start_date"]:
        raise ReturnError(
            "The end date must be the same as or after the start date", field="end_date"
        )
    if strand is None:
        # New strands go last, after contingency too: admins add them in the order planned.
        last = vanguard.strands.order_by("-position").values_list("position", flat=True).first()
        strand = DeliveryStrand(vanguard=vanguard, position=0 if last is None else last + 1)
    for field in STRAND_FIELDS:
        setattr(strand, field, data[field])
    try:
        with transaction.atomic():
            strand.save()
    except IntegrityError as error:
        raise ReturnError(
            f"{vanguard.name} already has a strand called {data['name']}: choose another name",
            field="name",
        ) from error
    return strand
