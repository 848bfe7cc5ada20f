"""Network partners (non-vanguard ICBs in the Learning and Change Network) and the vanguards
each is matched with: those whose target cohort (their cohort group) or theme (their group's)
the partner shares. The NST uses the matches to pair partners with vanguards addressing
similar challenges."""

import functools
from dataclasses import dataclass, field

from django.db.models import QuerySet, Value

from workwell.kept import kept

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


@functools.cache
def _partner_links() -> tuple[QuerySet, QuerySet]:
    """Network partners' links to cohort groups and to themes, as (partner, name, whether by
    cohort) rows: built once per process (nothing of a request in them) and filtered to one
    group and theme per request. Never evaluated here."""
    return tuple(
        links.filter(organisation__is_network_partner=True)
        .annotate(shares_cohort=Value(by_cohort))
        .values_list("organisation_id", "organisation__name", "shares_cohort")
        for links, by_cohort in (
            (Organisation.partner_cohort_groups.through.objects.all(), True),
            (Organisation.partner_themes.through.objects.all(), False),
        )
    )


def vanguard_partner_matches(
    *, vanguard: Vanguard, memberships: list[CohortGroupMembership]
) -> list[MatchedPartner]:
    """The partners matched with one vanguard, from its cohort-group memberships (the profile
    has them): one query, none when it is in no group or the partners of its group and theme
    are kept. Only for those who may see the vanguard's matches (`permissions.profile_rights`).

    A vanguard is in at most one group at a time (`membership_one_current_group_per_vanguard`),
    so a partner shares that group, its theme or both: the partners linked to each, read from
    the two link tables in one UNION with their names, in name order, rather than the
    partners with every group and theme of theirs prefetched (three queries)."""
    current = next((membership for membership in memberships if membership.is_current), None)
    if current is None:
        return []
    group = current.cohort_group
    # Shared, read only, by every vanguard of the group until a partner or its links change
    # (workwell/kept.py): the links are read by the group and theme alone, and the names shown
    # of them come from the memberships.
    shared = kept(
        "vanguards.partners_sharing",
        (group.pk, group.theme_id),
        lambda: _partners_sharing(group.pk, group.theme_id),
    )
    return [
        MatchedPartner(
            Organisation(pk=pk, name=name),  # what the profile shows of the partner
            [
                PartnerMatch(
                    vanguard,
                    [group.name] if cohort else [],
                    [group.theme.name] if theme else [],
                )
            ],
        )
        for pk, name, cohort, theme in shared
    ]


def _partners_sharing(group_id: int, theme_id: int) -> list[tuple[int, str, bool, bool]]:
    """The partners linked to the cohort group or the theme, in name order, as (pk, name,
    whether they share the group, whether the theme). One query."""
    cohort_links, theme_links = _partner_links()
    rows = (
        cohort_links.filter(cohortgroup=group_id)
        .union(theme_links.filter(programmetheme=theme_id), all=True)
        .order_by("organisation__name", "organisation_id")
    )
    shared: dict[int, tuple[str, bool, bool]] = {}
    for pk, name, shares_cohort in rows:
        _, cohort, theme = shared.get(pk, (name, False, False))
        shared[pk] = (name, cohort or shares_cohort, theme or not shares_cohort)
    return [(pk, name, cohort, theme) for pk, (name, cohort, theme) in shared.items()]
