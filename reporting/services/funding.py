from django.db import transaction

from workwell.errors import ServiceError

from ..models import FundingRule

MAX_ARREARS_QUARTERS = 4  # a year: later than that is not "quarterly in arrears"


class FundingError(ServiceError):
    pass


@transaction.atomic
def set_funding_rule(*, by, guaranteed_percent: int, arrears_quarters: int) -> FundingRule:
    """Change the programme's funding rule (the one row, pk=1); history keeps who changed it
    and what it was. Admins only: the view checks vanguards.permissions.can_set_funding_rule."""
    if not 0 <= guaranteed_percent <= 100:
        raise FundingError(
            "Enter the guaranteed share as a percentage from 0 to 100", "guaranteed_percent"
        )
    if not 0 <= arrears_quarters <= MAX_ARREARS_QUARTERS:
        raise FundingError(
            "Enter the quarters in arrears as a whole number from 0 to 4", "arrears_quarters"
        )
    rule = FundingRule.objects.select_for_update().filter(pk=1).first() or FundingRule(pk=1)
    rule.guaranteed_percent = guaranteed_percent
    rule.arrears_quarters = arrears_quarters
    rule._history_user = by
    rule.save()
    return rule
