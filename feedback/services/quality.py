from django.db import transaction

from workwell.dates import Quarter

from ..models import QualityTarget


@transaction.atomic
def set_quality_target(
    *, by, indicator: str, quarter: Quarter, onwards: bool, target: int
) -> QualityTarget:
    """Set (or replace) an indicator's target for a quarter, or from it onwards. Admins only:
    the view checks vanguards.permissions.can_set_quality_targets."""
    row, _ = QualityTarget.objects.update_or_create(
        indicator=indicator,
        year=quarter.year,
        number=quarter.number,
        defaults={"onwards": onwards, "target": target},
    )
    return row
