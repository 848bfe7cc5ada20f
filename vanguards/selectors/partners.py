"""Network partners (non-vanguard ICBs in the Learning and Change Network) and the vanguards
each is matched with: those whose target cohort (their cohort group) or theme (their group's)
the partner shares. The NST uses the matches to pair partners with vanguards addressing
similar challenges."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

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


def partner_matches(*, user, vanguard: Vanguard | None = None) -> list[MatchedPartner]:
    """Each partner with the vanguards it is matched with that the user may see matches of
    (one vanguard's, given `vanguard`). Four queries, however many partners and vanguards."""
    vanguards = permissions.partner_match_vanguards(user)
    if vanguard is not None:
        vanguards = vanguards.filter(pk=vanguard.pk)
    memberships = _current_memberships(vanguards)
    partners = network_partners()
    matched = [MatchedPartner(partner, _matches(partner, memberships)) for partner in partners]
    if vanguard is not None:
        return [item for item in matched if item.matches]
    return matched
