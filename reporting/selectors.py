"""Reads for the role-aware home page and, later, dashboards and reports."""

import datetime
from enum import StrEnum

from django.db.models import Count

from vanguards import permissions
from vanguards.models import Vanguard
from vanguards.selectors.cadence import programme_settings, rm_workloads, vanguard_cadence
from vanguards.selectors.registry import vanguards_for_list


class HomeScope(StrEnum):
    ALL = "all"
    OWN_GROUPS = "own_groups"  # an RM's cohort groups
    REGION = "region"
    OWN_VANGUARD = "own_vanguard"


def home_for(*, user, today: datetime.date | None = None) -> dict:
    """What the home page shows this user, in a fixed number of queries."""
    # Which vanguards the page is about (the presenter words the heading).
    scope = HomeScope.ALL
    if permissions.tracks_contact_cadence(user) and not permissions.can_oversee_rm_workloads(user):
        scope = HomeScope.OWN_GROUPS
    elif permissions.regional_lead_region_id(user):
        scope = HomeScope.REGION
    elif permissions.member_vanguard_id(user):
        scope = HomeScope.OWN_VANGUARD
    status_counts = dict(
        permissions.vanguards_visible_to(user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    context = {
        "scope": scope,
        "status_counts": [
            (label, status_counts.get(value, 0)) for value, label in Vanguard.Status.choices
        ],
        # Programme-wide counts mean nothing to a member, who sees one vanguard.
        "sees_many_vanguards": permissions.may_use_section(user, "vanguards"),
        "can_manage": permissions.can_manage_registry(user),
        "can_use_admin_site": permissions.may_use_section(user, "admin"),
        "cadence": None,
        "workloads": None,
    }
    if permissions.tracks_contact_cadence(user):
        context.update(_cadence_for(user=user, today=today))
    else:
        context["vanguards"] = list(vanguards_for_list(user=user))
    return context


def _cadence_for(*, user, today) -> dict:
    """An RM's vanguards with their contact cadence; for the RM lead, everyone's and each RM's
    workload. Queries: programme settings, the vanguards with their cadence (one query of
    subqueries), and for the lead the RMs with their open work."""
    cadence_days = programme_settings().contact_cadence_days
    cadence = vanguard_cadence(
        vanguards=permissions.cadence_vanguards(user), today=today, cadence_days=cadence_days
    )
    oversees = permissions.can_oversee_rm_workloads(user)
    return {
        "cadence": cadence,
        "overdue_count": sum(row.overdue for row in cadence),
        "cadence_days": cadence_days,
        "oversees_all": oversees,
        "workloads": rm_workloads(cadence=cadence) if oversees else None,
    }
