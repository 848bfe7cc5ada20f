"""Each vanguard's own and comparator areas (counterfactual._areas_by_vanguard), found in a few
set-based parts whose SQL does not grow with the vanguards: the same areas, in the same order,
as the rule it replaced (one part per vanguard, written here), on generated programmes with
partners matched on a current group or its theme, ended memberships, partners without an
area, organisations that are not partners, linked areas, another vanguard's area linked,
vanguards in no group, closed vanguards and vanguards with no area."""

import datetime
import random
from collections import defaultdict

import pytest
from django.db.models import IntegerField, Q, Value

from reporting.models import Area, ComparatorLink
from reporting.selectors.counterfactual import _areas_by_vanguard
from tests.factories import CohortGroupFactory, OrganisationFactory, VanguardFactory, join_group
from vanguards.models import CohortGroupMembership, Vanguard
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db


def _old_comparator_areas_q(vanguard, groups: set[int], themes: set[int]) -> Q:
    partners = Q(organisation__is_network_partner=True) & (
        Q(organisation__partner_cohort_groups__in=groups)
        | Q(organisation__partner_themes__in=themes)
    )
    return (partners | Q(links__vanguard=vanguard)) & Q(vanguard__isnull=True)


def _old_areas_by_vanguard(vanguards):
    """The rule as it was: the current groups, then one UNION part per vanguard."""
    groups, themes = defaultdict(set), defaultdict(set)
    for vanguard_id, group, theme in CohortGroupMembership.objects.filter(
        vanguard__in=[v.pk for v in vanguards], ended_on__isnull=True
    ).values_list("vanguard_id", "cohort_group_id", "cohort_group__theme_id"):
        groups[vanguard_id].add(group)
        if theme is not None:
            themes[vanguard_id].add(theme)
    parts = [
        Area.objects.filter(Q(vanguard=v) | _old_comparator_areas_q(v, groups[v.pk], themes[v.pk]))
        .annotate(for_vanguard=Value(v.pk, output_field=IntegerField()))
        .order_by()
        for v in vanguards
    ]
    found = parts[0].distinct() if len(parts) == 1 else parts[0].union(*parts[1:])
    areas = defaultdict(list)
    for area in sorted(found, key=lambda area: area.name):
        areas[area.for_vanguard].append(area)
    return areas


def _programme(seed: int) -> list[Vanguard]:
    rng = random.Random(seed)
    themes = [
        ProgrammeTheme.objects.create(name=f"Theme {seed}-{n}", slug=f"theme-{seed}-{n}")
        for n in range(3)
    ]
    groups = [
        CohortGroupFactory(name=f"Group {seed}-{n}", theme=rng.choice(themes)) for n in range(5)
    ]
    vanguards = []
    for _ in range(10):
        vanguard = VanguardFactory(
            status=rng.choice([Vanguard.Status.LIVE, Vanguard.Status.CLOSED])
        )
        # Some in no group; some moved, so an ended membership sits beside the current one.
        if rng.random() < 0.3:
            membership = join_group(vanguard, rng.choice(groups), datetime.date(2024, 4, 1))
            membership.ended_on = datetime.date(2025, 3, 31)
            membership.save()
        if rng.random() < 0.8:
            join_group(vanguard, rng.choice(groups))
        if rng.random() < 0.6:
            Area.objects.create(name=f"Area {seed} of {vanguard.name}", vanguard=vanguard)
        vanguards.append(vanguard)
    areas = list(Area.objects.filter(vanguard__in=vanguards))
    for n in range(12):
        organisation = OrganisationFactory(is_network_partner=rng.random() < 0.8)
        organisation.partner_cohort_groups.set(rng.sample(groups, rng.randint(0, 3)))
        organisation.partner_themes.set(rng.sample(themes, rng.randint(0, 2)))
        if rng.random() < 0.8:  # a partner may have no area
            areas.append(Area.objects.create(name=f"Partner {seed}-{n}", organisation=organisation))
    areas += [Area.objects.create(name=f"Other {seed}-{n}") for n in range(4)]
    # Admins' links, a few to areas that are also matched, and some to another vanguard's own
    # area (never a comparator).
    for vanguard in vanguards:
        for area in rng.sample(areas, rng.randint(0, 4)):
            if area.vanguard_id != vanguard.pk:
                ComparatorLink.objects.create(vanguard=vanguard, area=area)
    return vanguards


def _names(areas_by_vanguard, vanguards):
    return {v.pk: [area.name for area in areas_by_vanguard[v.pk]] for v in vanguards}


@pytest.mark.parametrize("seed", range(6))
def test_the_same_areas_as_one_part_per_vanguard(seed):
    vanguards = _programme(seed)
    found = _names(_areas_by_vanguard(vanguards), vanguards)
    assert found == _names(_old_areas_by_vanguard(vanguards), vanguards)
    assert sum(map(len, found.values())) > len(vanguards)  # the programme matched something
    # Asked for some vanguards, each finds its own, as when asked for all.
    some = vanguards[::3]
    assert _names(_areas_by_vanguard(some), some) == {v.pk: found[v.pk] for v in some}


def test_two_queries_however_many_vanguards(django_assert_num_queries):
    vanguards = _programme(0)
    # The (vanguard, area) pairs (one UNION of four parts), the areas.
    with django_assert_num_queries(2) as few:
        _areas_by_vanguard(vanguards[:2])
    with django_assert_num_queries(2) as many:
        _areas_by_vanguard(vanguards)
    # The SQL grows only by the vanguards' ids, not by a part per vanguard.
    assert few.captured_queries[0]["sql"].count("UNION") == 3
    assert many.captured_queries[0]["sql"].count("UNION") == 3
