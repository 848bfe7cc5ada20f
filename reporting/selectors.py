"""Reads for the role-aware home page and, later, dashboards and reports."""

from django.db.models import Count

from vanguards import permissions
from vanguards.models import Vanguard
from vanguards.selectors.registry import vanguards_for_list
from workwell.models import Role


def home_for(*, user) -> dict:
    """What the home page shows this user, in a fixed number of queries."""
    role = user.role
    vanguards = vanguards_for_list(user=user)
    heading = "Vanguards"
    if user.is_rm and role != Role.RM_LEAD:
        vanguards = vanguards.filter(pk__in=permissions.rm_vanguard_ids(user))
        heading = "Your vanguards"
    elif role == Role.REGIONAL_LEAD:
        heading = "Vanguards in your region"
    elif role == Role.MEMBER:
        heading = "Your vanguard"
    status_counts = dict(
        permissions.vanguards_visible_to(user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "heading": heading,
        "vanguards": list(vanguards),
        "status_counts": [
            (label, status_counts.get(value, 0)) for value, label in Vanguard.Status.choices
        ],
        "can_manage": permissions.can_manage_registry(user),
    }
