"""The RM lead's home counts and lists only the vanguards overdue for contact
(cadence.overdue_contacts, overdue_cadence_rows) and each RM's workload from them: the same
vanguards, in the same order, with the same rows and counts as building every vanguard's
cadence row (vanguard_cadence) finds, whatever the last contacts around weekends and bank
holidays, drafts, archived touchpoints, closed and never-contacted vanguards."""

import datetime
from collections import Counter

import pytest

from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
)
from vanguards.models import CohortGroupMembership, Touchpoint, Vanguard
from vanguards.selectors import cadence
from vanguards.selectors.cadence import (
    contact_due_on,
    overdue_cadence_rows,
    overdue_contacts,
    overdue_cutoff,
    rm_workloads,
    vanguard_cadence,
    vanguards_with_recent_contact,
)
from workwell.models import Role

pytestmark = pytest.mark.django_db

# Days around weekends, Christmas and Easter (2026: Good Friday 3 April, Easter Monday 6 April).
TODAYS = [
    datetime.date(2026, 1, 12),
    datetime.date(2026, 1, 13),
    datetime.date(2026, 4, 7),
    datetime.date(2026, 4, 21),
    datetime.date(2026, 6, 15),
]


@pytest.mark.parametrize("cadence_days", [7, 14, 30])
def test_the_cutoff_is_the_last_contact_that_leaves_a_vanguard_overdue(cadence_days):
    for today in TODAYS:
        cutoff = overdue_cutoff(today=today, cadence_days=cadence_days)
        for back in range(cadence_days + 30):
            last = today - datetime.timedelta(days=back)
            overdue = today > contact_due_on(last, cadence_days)
            assert overdue == (last <= cutoff), (today, last)


def _programme(today: datetime.date) -> None:
    """Vanguards in four RMs' groups (one RM has left; one vanguard is in none) last
    contacted on each of the 40 days before today, some closed, some never contacted, some
    with only a draft or an archived touchpoint lately, with open work."""
    rms = [UserFactory(role=Role.RM) for _ in range(3)]
    groups = [CohortGroupFactory(relationship_manager=rm) for rm in rms]
    # An RM who has left: their group still counts until it is handed over.
    groups.append(
        CohortGroupFactory(relationship_manager=UserFactory(role=Role.RM, is_active=False))
    )
    for back in range(0, 40, 2):
        vanguard = VanguardFactory()
        join_group(vanguard, groups[back % len(groups)])
        date = today - datetime.timedelta(days=back)
        TouchpointFactory(vanguards=[vanguard], date=date - datetime.timedelta(days=60))
        TouchpointFactory(vanguards=[vanguard], date=date)
        if back % 3 == 0:
            TouchpointFactory(vanguards=[vanguard], date=today, status=Touchpoint.Status.DRAFT)
        if back % 5 == 0:
            ActionFactory(vanguard=vanguard)
            SupportRequestFactory(vanguard=vanguard)
        if back % 7 == 0:
            vanguard.status = Vanguard.Status.CLOSED
            vanguard.save()
    archived = TouchpointFactory(vanguards=[VanguardFactory()], date=today)
    Touchpoint.objects.filter(pk=archived.pk).update(
        archived_at=datetime.datetime.now(datetime.UTC)
    )
    for group in groups[:2]:
        join_group(VanguardFactory(), group)  # never contacted
    VanguardFactory()  # in no group, never contacted


def _overdue(vanguards, today):
    read = vanguards_with_recent_contact(today=today, cadence_days=14)
    return overdue_contacts(list(read.filter(pk__in=vanguards.values("pk"))), cadence_days=14)


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize("few", [True, False])
def test_the_overdue_ones_are_what_every_vanguards_cadence_finds(today, few, monkeypatch):
    if not few:  # vanguard_cadence's other way of reading last contacts
        monkeypatch.setattr(cadence, "FEW_VANGUARDS", 0)
    _programme(today)
    every = vanguard_cadence(vanguards=Vanguard.objects.all(), today=today, cadence_days=14)
    expected = [row for row in every if row.overdue]

    overdue = _overdue(Vanguard.objects.all(), today)

    assert len(expected) >= 5  # never contacted, lapsed, around the cutoff
    assert [(row.vanguard_id, row.last_contact) for row in overdue] == [
        (row.vanguard.pk, row.last_contact) for row in expected
    ]
    assert overdue_cadence_rows(overdue[2:5], today=today, cadence_days=14) == expected[2:5]
    # Each RM's workload as it was counted from every vanguard's cadence row (the other RMs
    # the factories made have none, and show with nothing).
    mine = Counter(row.relationship_manager_id for row in every)
    late = Counter(row.relationship_manager_id for row in expected)
    vanguards = list(vanguards_with_recent_contact(today=today, cadence_days=14))
    found = rm_workloads(vanguards=vanguards, overdue=overdue, size=100)
    counted = {w.relationship_manager.pk: (w.vanguards, w.overdue_contacts) for w in found.rows}
    assert found.total == len(counted)
    assert {pk: counted[pk] for pk in counted if pk in mine} == {
        pk: (mine[pk], late[pk]) for pk in mine if pk is not None
    }
    assert {counted[pk] for pk in counted if pk not in mine} == {(0, 0)}
    # The caseloads as the rule they replace counted them: each RM's current memberships.
    memberships = Counter(
        CohortGroupMembership.objects.filter(ended_on__isnull=True).values_list(
            "cohort_group__relationship_manager", flat=True
        )
    )
    assert {pk: vanguards for pk, (vanguards, _) in counted.items()} == {
        pk: memberships.get(pk, 0) for pk in counted
    }


def test_the_workloads_come_a_page_at_a_time_by_name():
    today = datetime.date(2026, 6, 15)
    _programme(today)
    # No group yet: listed, with nothing; first by name whatever names the factory makes up.
    UserFactory(role=Role.RM, full_name="Aaa Idle")
    UserFactory(role=Role.PROGRAMME_LEAD)  # keeps no group: not listed
    vanguards = list(vanguards_with_recent_contact(today=today, cadence_days=14))
    overdue = overdue_contacts(vanguards, cadence_days=14)
    every = rm_workloads(vanguards=vanguards, overdue=overdue, size=100)
    names = [str(w.relationship_manager) for w in every.rows]
    assert names[0] == "Aaa Idle" and every.total == len(names) >= 5

    pages = [rm_workloads(vanguards=vanguards, overdue=overdue, number=n, size=2) for n in (1, 2)]
    assert [page.number for page in pages] == [1, 2]
    assert {page.total for page in pages} == {every.total}
    assert [w for page in pages for w in page.rows] == every.rows[:4]
    # Past the last page: the last, as Django's paginator shows it.
    past = rm_workloads(vanguards=vanguards, overdue=overdue, number=99, size=2)
    last = (every.total + 1) // 2
    assert (past.number, past.rows) == (last, every.rows[(last - 1) * 2 :])


def test_only_the_vanguards_asked_about():
    today = datetime.date(2026, 6, 15)
    _programme(today)
    some = Vanguard.objects.filter(pk__in=Vanguard.objects.order_by("pk").values("pk")[:10])
    expected = [
        row.vanguard.pk
        for row in vanguard_cadence(vanguards=some, today=today, cadence_days=14)
        if row.overdue
    ]
    overdue = _overdue(some, today)
    assert expected and [row.vanguard_id for row in overdue] == expected
