"""seed_demo builds the demo programme once: running it twice creates nothing new."""

import re

import pytest
from django.core.management import CommandError, call_command

from vanguards.management.demo_touchpoints import OVERDUE_SRO_ACTION
from vanguards.models import CohortGroup, CohortGroupMembership, Region, Vanguard, VanguardMember
from workwell.models import Role, User

DEMO_SIGN_INS = [
    "admin@example.com",
    "lead@example.com",
    "regional.northwest@example.com",
    "rm.lead@example.com",
    "rm1@example.com",
    "learning@example.com",
    "partner@example.com",
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


@pytest.mark.django_db
def test_the_example_sro_has_every_kind_of_task_on_their_home(settings, client):
    """The README's example sign-in shows the member's to-do list with real work in it: their
    self-assessment, delivered support to rate, and an overdue action of their own."""
    settings.DEBUG = True
    call_command("seed_demo")
    client.force_login(User.objects.get(email="sro.greater-manchester@example.com"))
    html = client.get("/").content.decode()
    items = re.findall(r'<li class="govuk-task-list__item.*?</li>', html, re.S)
    titles = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)) for item in items]

    def shown(start: str) -> list[str]:
        return [title for title in titles if title.strip().startswith(start)]

    assessment = shown("Complete your self-assessment") or shown("See your self-assessment")
    assert assessment, titles
    assert not any("Completed" in title for title in assessment)
    assert shown("Rate the support"), titles
    assert any(OVERDUE_SRO_ACTION in title and "Overdue" in title for title in titles), titles
