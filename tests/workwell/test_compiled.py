"""Querysets compiled once per process (workwell/compiled.py) give the instances iterating the
queryset gives: the same rows, in the same order, every field's value converted as Django
converts it (a JSON column, timestamps, booleans), and nothing left to read later."""

import datetime

import pytest
from django.utils import timezone

from reporting.models import QuarterlyReturn, QuarterlySnapshot
from tests.factories import VanguardFactory
from vanguards.models import ProgrammeSettings, Vanguard
from workwell.compiled import Compiled

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


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Vanguard.objects.select_related("region"),
        lambda: Vanguard.objects.only("name"),
        lambda: Vanguard.objects.values("name"),
        lambda: Vanguard.objects.values_list("name"),
    ],
)
def test_only_whole_instances_of_one_table(queryset):
    with pytest.raises(ValueError):
        Compiled(queryset())
