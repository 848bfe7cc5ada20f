"""seed_demo builds the demo programme once: running it twice creates nothing new."""

import pytest
from django.core.management import CommandError, call_command

from vanguards.models import CohortGroup, CohortGroupMembership, Region, Vanguard, VanguardMember
from workwell.models import Role, User

DEMO_SIGN_INS = [
    "admin@example.com",
    "lead@example.com",
    "regional.northwest@example.com",
    "rm.lead@example.com",
    "rm1@example.com",
    "learning@example.com",
]


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Vanguard, CohortGroup, CohortGroupMembership, VanguardMember)
    } | {"history": Vanguard.history.count()}


@pytest.mark.django_db
def test_seed_demo_builds_the_programme(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Vanguard.objects.count() == 15
    assert CohortGroup.objects.count() == 4
    # every region has at least one vanguard, and every vanguard is in a group with an SRO
    assert not Region.objects.filter(vanguards__isnull=True).exists()
    assert CohortGroupMembership.objects.filter(ended_on=None).count() == 15
    for vanguard in Vanguard.objects.all():
        assert User.objects.get(email=f"sro.{vanguard.slug}@example.com").role == Role.MEMBER
    for email in DEMO_SIGN_INS:
        assert User.objects.get(email=email).check_password(settings.DEMO_PASSWORD)
    group_sizes = [group.memberships.count() for group in CohortGroup.objects.all()]
    assert all(3 <= size <= 5 for size in group_sizes)


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_new(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")
    assert not Vanguard.objects.exists()
    call_command("seed_demo", "--force")
    assert Vanguard.objects.count() == 15
