"""The reported figures behind the dashboards, snapshots and reports: sums of the received
(signed-off or accepted) quarterly returns, per vanguard, for one quarter and to date."""

import functools

from django.db.models import Q, QuerySet, Sum

from workwell.dates import Quarter

from ..models import QuarterlyReturn, StrandReturn
from ..models.returns import FIGURES

RECEIVED = (QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.ACCEPTED)


def up_to(quarter: Quarter, prefix: str = "") -> Q:
    """Rows of `quarter` and every quarter before it (`prefix` reaches the year/number)."""
    return Q(**{f"{prefix}year__lt": quarter.year}) | Q(
        **{f"{prefix}year": quarter.year, f"{prefix}number__lte": quarter.number}
    )


@functools.lru_cache(maxsize=8)
def _figures_query(quarter: Quarter) -> QuerySet:
    # Built once per quarter per process (as plans.selectors builds the homes' queries once a
    # day): building the thirty sums, half of them filtered, cost more Python calls than
    # reading the rows. Every call reads a fresh clone, never the kept queryset itself.
    this_quarter = Q(quarterly_return__year=quarter.year, quarterly_return__number=quarter.number)
    sums = {}
    for field, _ in FIGURES:
        sums[f"{field}_quarter"] = Sum(field, filter=this_quarter, default=0)
        sums[f"{field}_to_date"] = Sum(field, default=0)
    return (
        StrandReturn.objects.filter(
            up_to(quarter, "quarterly_return__"), quarterly_return__status__in=RECEIVED
        )
        .values("quarterly_return__vanguard_id")
        .annotate(**sums)
        .order_by()
    )


def return_figures(*, quarter: Quarter) -> dict[int, dict]:
    """{vanguard id: {"<figure>_quarter": sum in `quarter`, "<figure>_to_date": sum to the end
    of `quarter`}} over received returns; vanguards with none are absent. One query."""
    figures = {}
    for row in _figures_query(quarter).all():
        figures[row.pop("quarterly_return__vanguard_id")] = row
    return figures
