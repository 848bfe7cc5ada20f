"""A dashboard's last contacts on or before its day (cadence.last_contacts with `as_of`): the
contacts of the cadence before the day, then each vanguard not found there read through its own
links. The same dates as the rule it replaced (each vanguard's newest completed, unarchived
touchpoint on or before the day, written here over every touchpoint), on generated histories
with contacts on, just after and around the window's edges, drafts, archived touchpoints,
touchpoints for several vanguards, closed and never-contacted vanguards, for few vanguards and
many."""

import datetime
import random

import pytest
from django.utils import timezone

from tests.factories import TouchpointFactory, UserFactory, VanguardFactory
from vanguards.models import Touchpoint, Vanguard
from vanguards.selectors import cadence
from vanguards.selectors.cadence import RECENT_CONTACT_SLACK_DAYS, last_contacts
from workwell.models import Role

pytestmark = pytest.mark.django_db

CADENCE_DAYS = 14
AS_OF = datetime.date(2026, 3, 31)  # a quarter's last day
WINDOW_START = AS_OF - datetime.timedelta(days=CADENCE_DAYS + RECENT_CONTACT_SLACK_DAYS)


def _old_last_contacts(as_of) -> dict[int, datetime.date | None]:
    """The rule as it was: each vanguard's newest completed, unarchived contact by the day."""
    found = dict.fromkeys(Vanguard.objects.values_list("pk", flat=True))
    for vanguard_id, date in Touchpoint.objects.filter(
        status=Touchpoint.Status.COMPLETE, archived_at__isnull=True, date__lte=as_of
    ).values_list("vanguards", "date"):
        if vanguard_id is not None and (found[vanguard_id] is None or date > found[vanguard_id]):
            found[vanguard_id] = date
    return found


def _histories(seed: int) -> list[int]:
    rng = random.Random(seed)
    author = UserFactory(role=Role.RM)
    vanguards = [VanguardFactory() for _ in range(14)]
    for vanguard in rng.sample(vanguards, 3):
        vanguard.status = Vanguard.Status.CLOSED
        vanguard.save()
    edges = [
        AS_OF,
        AS_OF + datetime.timedelta(days=1),
        WINDOW_START,
        WINDOW_START - datetime.timedelta(days=1),
    ]
    # The first never contacted; the second only long ago (and a draft since), the third on
    # the day itself; the rest at random.
    old = AS_OF - datetime.timedelta(days=300)
    TouchpointFactory(vanguards=[vanguards[1]], date=old, author=author)
    TouchpointFactory(
        vanguards=[vanguards[1]], date=AS_OF, author=author, status=Touchpoint.Status.DRAFT
    )
    TouchpointFactory(vanguards=[vanguards[2]], date=AS_OF, author=author)
    for vanguard in vanguards[3:]:
        for _ in range(rng.randint(0, 4)):
            date = rng.choice(edges + [AS_OF - datetime.timedelta(days=rng.randint(-30, 400))])
            linked = [vanguard] + rng.sample(vanguards, rng.choice([0, 0, 1]))
            touchpoint = TouchpointFactory(
                vanguards=linked,
                date=date,
                author=author,
                status=rng.choice([Touchpoint.Status.COMPLETE] * 4 + [Touchpoint.Status.DRAFT]),
            )
            if rng.random() < 0.15:
                Touchpoint.objects.filter(pk=touchpoint.pk).update(archived_at=timezone.now())
    return [vanguard.pk for vanguard in vanguards]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("few", [True, False], ids=["few", "many"])
def test_the_same_last_contacts_as_every_touchpoint_by_the_day(seed, few, monkeypatch):
    if few:  # each vanguard's newest through its own links, not the window
        monkeypatch.setattr(cadence, "FEW_VANGUARDS", 100)
    ids = _histories(seed)
    for as_of in (AS_OF, WINDOW_START, AS_OF + datetime.timedelta(days=1)):
        expected = _old_last_contacts(as_of)
        found = last_contacts(ids, today=as_of, cadence_days=CADENCE_DAYS, as_of=as_of)
        assert {pk: found.get(pk) for pk in ids} == expected, as_of
        assert None not in found.values()  # never contacted: absent
    # Found in the window, found only through a vanguard's own links, and never contacted.
    dates = _old_last_contacts(AS_OF).values()
    assert None in dates
    assert {date >= WINDOW_START for date in dates if date} == {True, False}


def test_two_queries_however_long_the_history(django_assert_num_queries):
    ids = _histories(0)
    # The window's contacts, then the newest of each vanguard not found there.
    with django_assert_num_queries(2):
        last_contacts(ids, today=AS_OF, cadence_days=CADENCE_DAYS, as_of=AS_OF)
