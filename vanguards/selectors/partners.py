"""Network partners (non-vanguard ICBs in the Learning and Change Network) and the vanguards
each is matched with: those whose target cohort (their cohort group) or theme (their group's)
the partner shares. The NST uses the matches to pair partners with vanguards addressing
similar challenges."""

from dataclasses import dataclass, field

from django.db.models import Exists, Q, QuerySet

from .. import permissions
from ..models import CohortGroupMembership, Organisation, Vanguard


@dataclass
class PartnerMatch:
    vanguard: Vanguard
    shared_cohorts: list[str] = field(default_factory=list)  # cohort group names
    shared_themes: list[str] = field(default_factory=list)


@dataclass
class MatchedPartner:
    partner: Organisation
    matches: list[PartnerMatch]


def network_partners() -> QuerySet[Organisation]:
    """Every partner organisation with its target cohorts, themes and people (3 queries)."""
    return (
        Organisation.objects.filter(is_network_partner=True)
        .prefetch_related("partner_cohort_groups", "partner_themes")
        .order_by("name")
    )


def _current_memberships(vanguards: QuerySet[Vanguard]) -> list[CohortGroupMembership]:
    return list(
        CohortGroupMembership.objects.filter(ended_on__isnull=True, vanguard__in=vanguards)
        .select_related("vanguard", "cohort_group__theme")
        .order_by("vanguard__name")
    )


def _matches(partner: Organisation, memberships) -> list[PartnerMatch]:
    groups = {group.pk for group in partner.partner_cohort_groups.all()}
    themes = {theme.pk for theme in partner.partner_themes.all()}
    found: dict[int, PartnerMatch] = {}
    for membership in memberships:
        group = membership.cohort_group
        shares_cohort, shares_theme = group.pk in groups, group.theme_id in themes
        if not (shares_cohort or shares_theme):
            continue
        match = found.setdefault(membership.vanguard_id, PartnerMatch(membership.vanguard))
        if shares_cohort:
            match.shared_cohorts.append(group.name)
        if shares_theme and group.theme.name not in match.shared_themes:
            match.shared_themes.append(group.theme.name)
    return list(found.values())


def partner_matches(*, user) -> list[MatchedPartner]:
    """Every partner with the vanguards it is matched with whose matches the user may see.
    Four queries, however many partners and vanguards."""
    memberships = _current_memberships(permissions.partner_match_vanguards(user))
    return [
        MatchedPartner(partner, _matches(partner, memberships)) for partner in network_partners()
    ]


def vanguard_partner_matches(
    *, user, vanguard: Vanguard, memberships: list[CohortGroupMembership]
) -> list[MatchedPartner]:
    """The partners matched with one vanguard, from its cohort-group memberships (the profile
    has them), if the user may see its matches: one query, and two more when there are any."""
    current = [membership for membership in memberships if membership.is_current]
    if not current:
        return []
    groups = {membership.cohort_group_id for membership in current}
    themes = {membership.cohort_group.theme_id for membership in current}
    may_see = permissions.partner_match_vanguards(user).filter(pk=vanguard.pk)
    partners = (
        network_partners()
        .filter(Exists(may_see))
        .filter(Q(partner_cohort_groups__in=groups) | Q(partner_themes__in=themes))
        .distinct()
    )
    return [MatchedPartner(partner, _matches(partner, current)) for partner in partners]
