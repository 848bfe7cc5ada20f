"""Reads for the registry's reference data: organisations and cohort groups, as admins list them.

Counts are annotated so a page of rows is one query, however many vanguards there are.
"""

from django.db.models import Count, Q, QuerySet

from ..models import CohortGroup, Organisation


def organisations_for_list() -> QuerySet[Organisation]:
    """Every organisation with how many vanguards it leads and is a partner in."""
    # Two counts over two joins multiply rows, so each counts distinct vanguards.
    return Organisation.objects.annotate(
        led_count=Count("led_vanguards", distinct=True),
        partner_count=Count("partnerships__vanguard", distinct=True),
    ).order_by("name")


def cohort_groups_for_list() -> QuerySet[CohortGroup]:
    """Every cohort group with its theme, relationship manager and number of current vanguards."""
    return (
        CohortGroup.objects.select_related("theme", "relationship_manager")
        .annotate(
            current_vanguard_count=Count(
                "memberships", filter=Q(memberships__ended_on__isnull=True)
            )
        )
        .order_by("name")
    )
