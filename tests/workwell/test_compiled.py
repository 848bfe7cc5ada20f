"""Querysets compiled once per process (workwell/compiled.py) give the instances iterating the
queryset gives: the same rows, in the same order, every field's value converted as Django
converts it (a JSON column, timestamps, booleans), and nothing left to read later."""

import datetime

import pytest
from django.utils import timezone

from reporting.models import QuarterlyReturn, QuarterlySnapshot
from tests.factories import UserFactory, VanguardFactory
from vanguards.models import ProgrammeSettings, Vanguard, VanguardMember
from workwell.compiled import ARGUMENT, Compiled
from workwell.models import Role

pytestmark = pytest.mark.django_db


def _values(instances) -> list[dict]:
    return [
        {key: value for key, value in vars(instance).items() if key != "_state"}
        for instance in instances
    ]


def _same(queryset):
    compiled = Compiled(queryset)
    found, expected = compiled(), list(queryset.all())
    assert [type(instance) for instance in found] == [type(instance) for instance in expected]
    assert _values(found) == _values(expected)
    assert all(not instance._state.adding for instance in found)
    return found


def test_the_same_instances_as_the_queryset(admin_user):
    vanguards = [VanguardFactory(), VanguardFactory()]
    for number, vanguard in enumerate(vanguards, start=1):
        QuarterlyReturn.objects.create(
            vanguard=vanguard,
            year=2025,
            number=number,
            status=QuarterlyReturn.Status.SUBMITTED,
            narrative_complete=bool(number % 2),
            signed_off_at=timezone.now(),
        )
    QuarterlySnapshot.objects.create(
        year=2025, number=1, revision=1, figures={"vanguards": {"1": [1.5, None]}}
    )
    ProgrammeSettings.objects.create(pk=1, contact_cadence_days=21, programme_director=admin_user)

    found = _same(QuarterlyReturn.objects.filter(year=2025).order_by("-number"))
    assert [row.number for row in found] == [2, 1]
    assert isinstance(found[0].signed_off_at, datetime.datetime)
    snapshot = _same(QuarterlySnapshot.objects.filter(year=2025))[0]
    assert snapshot.figures == {"vanguards": {"1": [1.5, None]}}
    settings = _same(ProgrammeSettings.objects.filter(pk=1)[:1])[0]
    assert settings.contact_cadence_days == 21
    assert settings.programme_director_id == admin_user.pk
    assert _same(Vanguard.objects.filter(pk=-1)) == []


def test_each_read_runs_the_statement_again(django_assert_num_queries):
    compiled = Compiled(Vanguard.objects.order_by("name"))
    assert compiled() == []
    vanguard = VanguardFactory()
    with django_assert_num_queries(1):
        assert [found.pk for found in compiled()] == [vanguard.pk]


def test_related_instances_as_select_related_gives_them(django_assert_num_queries):
    vanguards = [VanguardFactory(), VanguardFactory()]
    found = _same(Vanguard.objects.select_related("region").order_by("pk"))
    expected = list(Vanguard.objects.select_related("region").order_by("pk"))
    with django_assert_num_queries(0):
        regions = [vanguard.region for vanguard in found]
    assert _values(regions) == _values(vanguard.region for vanguard in expected)
    assert [vanguard.pk for vanguard in found] == [vanguard.pk for vanguard in vanguards]


def test_arguments_are_given_at_each_read(django_assert_num_queries):
    vanguards = [VanguardFactory(), VanguardFactory()]
    users = [UserFactory(role=Role.MEMBER) for _ in vanguards]
    for user, vanguard in zip(users, vanguards, strict=True):
        VanguardMember.objects.create(user=user, vanguard=vanguard, title="sro")
    links = VanguardMember.objects.select_related("vanguard").filter(user_id=ARGUMENT)
    compiled = Compiled(links.order_by("pk")[:1], arguments=1)
    for user, vanguard in zip(users, vanguards, strict=True):
        with django_assert_num_queries(1):
            (link,) = compiled(user.pk)
            assert (link.user_id, link.vanguard.name) == (user.pk, vanguard.name)
    assert compiled(-1) == []
    with pytest.raises(TypeError):
        compiled()


def test_an_argument_for_a_text_column_is_given_as_text(django_assert_num_queries):
    alpha, bravo = VanguardFactory(slug="alpha"), VanguardFactory(slug="bravo")
    by_slug = Compiled(
        Vanguard.objects.select_related("region").filter(slug=str(ARGUMENT)), arguments=1
    )
    for vanguard in (alpha, bravo):
        with django_assert_num_queries(1):
            (found,) = by_slug(vanguard.slug)
            assert (found.pk, found.region.name) == (vanguard.pk, vanguard.region.name)
    assert by_slug("nowhere") == []


def test_an_argument_must_be_one_parameter():
    with pytest.raises(ValueError):
        Compiled(Vanguard.objects.filter(pk=1), arguments=1)
    both = Vanguard.objects.filter(pk=ARGUMENT) | Vanguard.objects.filter(region_id=ARGUMENT)
    with pytest.raises(ValueError):
        Compiled(both, arguments=1)


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Vanguard.objects.only("name"),
        lambda: Vanguard.objects.values("name"),
        lambda: Vanguard.objects.values_list("name"),
    ],
)
def test_only_whole_instances(queryset):
    with pytest.raises(ValueError):
        Compiled(queryset())
