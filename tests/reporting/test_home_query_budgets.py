"""The homes that list vanguards as cards (admin, programme lead, regional lead, learning team)
and the network partner's home cost the same number of queries however many vanguards,
returns and programme plan milestones there are. (The RM's, the RM lead's and the member's
budgets are in test_rm_home.py and test_member_home.py.)"""

import datetime

import pytest
from django.utils import timezone

from reporting.models import ReturnPeriod
from reporting.selectors.dashboard import default_quarter
from reporting.services.snapshots import snapshot_request
from tests.factories import CohortGroupFactory, VanguardFactory, join_group, make_plan_activity
from workwell.dates import Quarter


def _more(count: int, *, today: datetime.date):
    """`count` more vanguards, each in a cohort group, a quarter more of returns being
    chased, and a programme plan milestone past its date."""
    for _ in range(count):
        join_group(VanguardFactory(), CohortGroupFactory())
        make_plan_activity(target_date=today - datetime.timedelta(days=40))
    quarter = Quarter.containing(today).previous()
    while ReturnPeriod.objects.filter(year=quarter.year, number=quarter.number).exists():
        quarter = quarter.previous()
    ReturnPeriod.objects.create(
        year=quarter.year, number=quarter.number, due_on=quarter.end + datetime.timedelta(days=30)
    )


# 1 session, 2 user, 3 the vanguards the user may see (region, lead organisation, current
# group and its RM joined; the status tiles count them), then each role's blocks:
BUDGETS = {
    # 4 the last closed quarter's snapshot (the headline figures), 5 the disclosure
    # threshold (programme settings), 6-7 the returns chased (the periods, the quarters of
    # the returns of the vanguards read at 3, by vanguard and status), 8 the programme plan's
    # milestones that may be overdue or at risk (their linked toolkit version and event joined).
    "admin_user": 8,
    # 4 the snapshot, 5 the disclosure threshold.
    "programme_lead": 5,
    # 4 the region they lead (for the vanguards they may see).
    "regional_lead": 4,
    # 4 the programme plan's milestones.
    "learning_user": 4,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", BUDGETS)
def test_a_card_home_costs_the_same_however_many_vanguards(
    client, cast, role, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_request(quarter=default_quarter(today), by=cast["admin_user"])
    client.force_login(cast[role])
    for more in (1, 6):
        _more(more, today=today)
        with django_assert_max_num_queries(BUDGETS[role]):
            assert client.get("/").status_code == 200
