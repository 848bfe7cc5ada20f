"""The cohort-group filter shared by the vanguard and touchpoint lists."""

from django.db.models import QuerySet

from workwell.filters import ModelChoiceFilter

from ..models import CohortGroup, Vanguard


def cohort_group_filter() -> ModelChoiceFilter:
    """A "Cohort group" choice by slug; the FilterSet's `filter_cohort_group` applies it."""
    return ModelChoiceFilter(
        label="Cohort group",
        queryset=CohortGroup.objects.all(),
        to_field_name="slug",
        empty_label="All groups",
        method="filter_cohort_group",
        kept_on=(CohortGroup,),
    )


def current_member_ids(group: CohortGroup) -> QuerySet:
    """Ids of the vanguards in `group` now (a membership not ended): a subquery, so filtering
    on it adds no duplicate rows."""
    return Vanguard.objects.filter(
        group_memberships__cohort_group=group, group_memberships__ended_on__isnull=True
    ).values("pk")
