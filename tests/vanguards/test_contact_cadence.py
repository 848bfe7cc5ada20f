"""Contact cadence: last contact, next due (around weekends and bank holidays), never-contacted
vanguards, drafts and archived touchpoints, open work, and a fixed query count."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
)
from vanguards.models import Action, ProgrammeSettings, SupportRequest, Touchpoint, Vanguard
from vanguards.selectors import cadence
from vanguards.selectors.cadence import (
    contact_due_on,
    contact_overdue_vanguards,
    overdue_contacts,
    programme_settings,
    rm_workloads,
    vanguard_cadence,
    vanguards_with_recent_contact,
)
from workwell.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True, params=["few", "many"])
def contacts_path(request, monkeypatch):
    """Every test both ways last contacts are read: a few vanguards' newest each through its
    own links, and more vanguards' from the recent contacts first (cadence.FEW_VANGUARDS)."""
    if request.param == "many":
        monkeypatch.setattr(cadence, "FEW_VANGUARDS", 0)
    return request.param


def cadence_of(vanguard, today):
    (row,) = vanguard_cadence(vanguards=Vanguard.objects.filter(pk=vanguard.pk), today=today)
    return row


@pytest.mark.parametrize(
    ("last_contact", "next_due", "why"),
    [
        (D(2026, 3, 2), D(2026, 3, 16), "a Monday plus 14 days is a Monday"),
        (D(2026, 3, 7), D(2026, 3, 23), "a Saturday plus 14 days moves to the Monday"),
        (D(2025, 12, 11), D(2025, 12, 29), "Christmas Day, Boxing Day and a weekend"),
        (D(2026, 3, 20), D(2026, 4, 7), "Good Friday, the Easter weekend and Easter Monday"),
        (D(2026, 3, 23), D(2026, 4, 7), "Easter Monday"),
        (D(2026, 4, 20), D(2026, 5, 5), "the early May bank holiday"),
    ],
)
def test_next_due_moves_off_weekends_and_bank_holidays(last_contact, next_due, why):
    assert contact_due_on(last_contact, 14) == next_due, why


def test_contact_is_overdue_the_working_day_after_it_was_due(vanguard_a):
    TouchpointFactory(vanguards=[vanguard_a], date=D(2025, 12, 11))
    due = cadence_of(vanguard_a, D(2025, 12, 29))  # moved from Christmas Day
    assert (due.last_contact, due.next_due, due.days_since) == (
        D(2025, 12, 11),
        D(2025, 12, 29),
        18,
    )
    assert not due.overdue
    # On Christmas Day itself the contact is not late yet: nobody is expected to call then.
    assert not cadence_of(vanguard_a, D(2025, 12, 25)).overdue
    late = cadence_of(vanguard_a, D(2025, 12, 30))
    assert late.overdue and late.days_since == 19


def test_a_vanguard_never_contacted_is_overdue_at_once(vanguard_a):
    # Even one that has not started yet: RMs are in touch from onboarding.
    vanguard_a.start_date = D(2026, 9, 1)
    vanguard_a.save()
    row = cadence_of(vanguard_a, D(2026, 3, 2))
    assert row.never_contacted and row.overdue
    assert (row.last_contact, row.days_since, row.next_due) == (None, None, None)


def test_drafts_and_archived_touchpoints_are_not_contacts(vanguard_a, rm):
    TouchpointFactory(vanguards=[vanguard_a], date=D(2026, 2, 2))
    TouchpointFactory(
        vanguards=[vanguard_a],
        date=D(2026, 3, 2),
        status=Touchpoint.Status.DRAFT,
        completed_at=None,
    )
    TouchpointFactory(
        vanguards=[vanguard_a],
        date=D(2026, 3, 3),
        archived_at=timezone.now(),
        archived_by=rm,
        archive_reason="Logged against the wrong vanguard",
    )
    row = cadence_of(vanguard_a, D(2026, 3, 4))
    assert row.last_contact == D(2026, 2, 2)
    assert row.overdue  # due 16 February; the draft and the archived one do not reset the clock


def test_a_contact__long_ago_is_found_past_recent_drafts_and_archived_touchpoints(
    vanguard_a, vanguard_b, rm
):
    # The recent contacts are read first (the last cadence and a week); Alpha's last contact
    # is months before that, behind a recent draft and archived touchpoint, so it is looked
    # up apart. Bravo has contacts on both sides: the newest wins.
    TouchpointFactory(vanguards=[vanguard_a, vanguard_b], date=D(2025, 11, 3))
    TouchpointFactory(vanguards=[vanguard_a], date=D(2025, 10, 1))
    TouchpointFactory(
        vanguards=[vanguard_a],
        date=D(2026, 3, 2),
        status=Touchpoint.Status.DRAFT,
        completed_at=None,
    )
    TouchpointFactory(vanguards=[vanguard_a], date=D(2026, 3, 3), archived_at=timezone.now())
    TouchpointFactory(vanguards=[vanguard_b], date=D(2026, 2, 27))
    rows = vanguard_cadence(vanguards=Vanguard.objects.all(), today=D(2026, 3, 4))
    assert {row.vanguard.name: (row.last_contact, row.overdue) for row in rows} == {
        "Alpha Vanguard": (D(2025, 11, 3), True),
        "Bravo Vanguard": (D(2026, 2, 27), False),
    }


def test_only_drafts_and_archived_touchpoints_mean_never_contacted(vanguard_a, rm):
    TouchpointFactory(vanguards=[vanguard_a], status=Touchpoint.Status.DRAFT, completed_at=None)
    TouchpointFactory(vanguards=[vanguard_a], archived_at=timezone.now(), archived_by=rm)
    assert cadence_of(vanguard_a, timezone.localdate()).never_contacted


def test_a_cohort_touchpoint_is_contact_with_every_vanguard_in_it(vanguard_a, vanguard_b):
    TouchpointFactory(vanguards=[vanguard_a, vanguard_b], date=D(2026, 3, 2))
    TouchpointFactory(vanguards=[vanguard_b], date=D(2026, 2, 9))
    rows = vanguard_cadence(vanguards=Vanguard.objects.all(), today=D(2026, 3, 4))
    assert {row.vanguard.name: row.last_contact for row in rows} == {
        "Alpha Vanguard": D(2026, 3, 2),
        "Bravo Vanguard": D(2026, 3, 2),
    }


def test_the_programme_setting_sets_the_cadence(vanguard_a):
    assert programme_settings().contact_cadence_days == 14  # the default before anyone saves
    ProgrammeSettings.objects.create(pk=1, contact_cadence_days=7)
    TouchpointFactory(vanguards=[vanguard_a], date=D(2026, 3, 2))
    row = cadence_of(vanguard_a, D(2026, 3, 10))
    assert row.next_due == D(2026, 3, 9)
    assert row.overdue


def test_closed_vanguards_need_no_contact(vanguard_a):
    vanguard_a.status = Vanguard.Status.CLOSED
    vanguard_a.save()
    row = cadence_of(vanguard_a, D(2026, 3, 2))
    assert not row.overdue and row.next_due is None
    assert contact_overdue_vanguards(vanguards=Vanguard.objects.all(), today=D(2026, 3, 2)) == []


def test_counts_open_actions_and_open_support_requests(vanguard_a, vanguard_b, rm):
    ActionFactory.create_batch(2, vanguard=vanguard_a)
    ActionFactory(vanguard=vanguard_a, status=Action.Status.DONE)
    ActionFactory(vanguard=vanguard_a, status=Action.Status.CANCELLED, cancel_reason="Duplicate")
    ActionFactory(vanguard=vanguard_b)
    for status in ("new", "triaged", "in_progress", "delivered", "closed"):
        SupportRequestFactory(vanguard=vanguard_a, status=status)
    SupportRequestFactory(
        vanguard=vanguard_a, status=SupportRequest.Status.DECLINED, decline_reason="Out of scope"
    )
    # Touchpoints joined to the same vanguards must not multiply the counts.
    TouchpointFactory.create_batch(3, vanguards=[vanguard_a])
    rows = {row.vanguard.name: row for row in vanguard_cadence(vanguards=Vanguard.objects.all())}
    assert (rows["Alpha Vanguard"].open_actions, rows["Alpha Vanguard"].open_support_requests) == (
        2,
        3,
    )
    assert (rows["Bravo Vanguard"].open_actions, rows["Bravo Vanguard"].open_support_requests) == (
        1,
        0,
    )


def test_most_urgent_first_and_only_overdue_in_the_overdue_list(rm):
    group = CohortGroupFactory(relationship_manager=rm)
    names = ["On time", "Lapsed long ago", "Never contacted", "Lapsed lately"]
    made = {name: VanguardFactory(name=name) for name in names}
    for vanguard in made.values():
        join_group(vanguard, group)
    TouchpointFactory(vanguards=[made["On time"]], date=D(2026, 3, 2))
    TouchpointFactory(vanguards=[made["Lapsed long ago"]], date=D(2026, 1, 5))
    TouchpointFactory(vanguards=[made["Lapsed lately"]], date=D(2026, 2, 9))
    today = D(2026, 3, 4)
    rows = vanguard_cadence(vanguards=Vanguard.objects.all(), today=today)
    assert [row.vanguard.name for row in rows] == [
        "Never contacted",
        "Lapsed long ago",
        "Lapsed lately",
        "On time",
    ]
    overdue = contact_overdue_vanguards(vanguards=Vanguard.objects.all(), today=today)
    assert [row.vanguard.name for row in overdue] == [
        "Never contacted",
        "Lapsed long ago",
        "Lapsed lately",
    ]
    assert {row.relationship_manager_name for row in rows} == {rm.full_name}


def test_workloads_count_each_rms_vanguards_overdue_contacts_and_open_work(
    vanguard_a, vanguard_b, rm, rm_lead
):
    idle_rm = UserFactory(role=Role.RM, full_name="Ian Idle")
    TouchpointFactory(vanguards=[vanguard_b], date=timezone.localdate(), author=rm_lead)
    ActionFactory.create_batch(2, owner=rm, vanguard=vanguard_a)
    ActionFactory(owner=rm, vanguard=vanguard_a, status=Action.Status.DONE)
    SupportRequestFactory(vanguard=vanguard_b, assigned_to=rm_lead, status="in_progress")
    SupportRequestFactory(vanguard=vanguard_b, assigned_to=rm_lead, status="closed")
    read = vanguards_with_recent_contact(today=timezone.localdate(), cadence_days=14)
    vanguards = list(read)
    overdue = overdue_contacts(vanguards, cadence_days=14)
    workloads = {
        w.relationship_manager.full_name: (
            w.vanguards,
            w.overdue_contacts,
            w.open_actions,
            w.open_support_requests,
        )
        for w in rm_workloads(vanguards=vanguards, overdue=overdue, size=25).rows
    }
    assert workloads == {
        rm.full_name: (1, 1, 2, 0),
        rm_lead.full_name: (1, 0, 0, 1),
        idle_rm.full_name: (0, 0, 0, 0),
    }


def test_cadence_takes_the_same_queries_however_many_vanguards_and_touchpoints(
    rm, django_assert_num_queries
):
    group = CohortGroupFactory(relationship_manager=rm)

    def add_vanguards(count):
        for _ in range(count):
            vanguard = VanguardFactory()
            join_group(vanguard, group)
            TouchpointFactory.create_batch(3, vanguards=[vanguard])
            ActionFactory(vanguard=vanguard)
            SupportRequestFactory(vanguard=vanguard)

    add_vanguards(1)
    # The programme setting, then the vanguards with their open work as subqueries, then
    # their last contacts of the last cadence and (4) the older ones of those with none.
    with django_assert_num_queries(3):
        vanguard_cadence(vanguards=Vanguard.objects.all())
    add_vanguards(10)
    join_group(VanguardFactory(), group)  # never contacted
    lapsed = VanguardFactory()
    TouchpointFactory(vanguards=[lapsed], date=datetime.date(2024, 1, 8))
    with django_assert_num_queries(4):
        rows = vanguard_cadence(vanguards=Vanguard.objects.all())
    assert len(rows) == 13
    assert {row.vanguard.pk: row.last_contact for row in rows}[lapsed.pk] == datetime.date(
        2024, 1, 8
    )
