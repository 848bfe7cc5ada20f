"""Who gets each quarterly return page, per role (tests/roles.py). Vanguard A is in the RM's
cohort group and the regional lead's region; B is in the RM lead's group, in London. The
programme lead and regional leads see a return once signed off; members their own."""

import pytest

from reporting.models import QuarterlyReturn
from tests.roles import NOT_FOUND, OK, REDIRECT, each_role_gets

from .conftest import fill_return, make_return, return_url

pytestmark = pytest.mark.django_db
Status = QuarterlyReturn.Status

SEES_A_DRAFT = {"admin_user": OK, "rm": OK, "rm_lead": OK, "member_a": OK}
SEES_A_SIGNED_OFF = {**SEES_A_DRAFT, "programme_lead": OK, "regional_lead": OK}


@pytest.fixture
def returns_a(vanguard_a, strands_a, strands_b, period):
    return fill_return(make_return(vanguard_a), strands_a[:2])


def _get(client, user, url, strands_a):
    client.force_login(user)
    return client.get(url.format(strand=strands_a[0].pk)).status_code


@each_role_gets(
    {
        "/reporting/returns/alpha/2025-q1/": SEES_A_DRAFT,
        "/reporting/returns/alpha/2025-q1/check/": SEES_A_DRAFT,
        "/reporting/returns/alpha/2025-q1/history/": SEES_A_DRAFT,
        "/reporting/returns/alpha/2025-q1/strands/{strand}/": {"member_a": OK},
        "/reporting/returns/alpha/2025-q1/narrative/": {"member_a": OK},
        "/reporting/returns/alpha/2025-q1/strands/{strand}/correct/": {},
        "/reporting/returns/alpha/2024-q4/": {},  # no due date set for that quarter
        "/reporting/returns/bravo/2025-q1/": {"admin_user": OK, "rm_lead": OK, "member_b": OK},
        "/reporting/returns/bravo/2025-q1/check/": {},  # not started
    }
)
def test_return_in_progress(client, cast, returns_a, strands_a, url, role, expected):
    assert _get(client, cast[role], url, strands_a) == expected


@each_role_gets(
    {
        "/reporting/returns/alpha/2025-q1/": SEES_A_SIGNED_OFF,
        "/reporting/returns/alpha/2025-q1/check/": SEES_A_SIGNED_OFF,
        "/reporting/returns/alpha/2025-q1/history/": SEES_A_SIGNED_OFF,
        "/reporting/returns/alpha/2025-q1/strands/{strand}/": {},  # locked
        "/reporting/returns/alpha/2025-q1/narrative/": {},
        "/reporting/returns/alpha/2025-q1/strands/{strand}/correct/": {"admin_user": OK},
    }
)
def test_accepted_return(client, cast, returns_a, strands_a, url, role, expected):
    QuarterlyReturn.objects.filter(pk=returns_a.pk).update(status=Status.ACCEPTED)
    assert _get(client, cast[role], url, strands_a) == expected


@each_role_gets(
    {
        "admin_user": REDIRECT,
        "rm": REDIRECT,
        "rm_lead": REDIRECT,
        "member_a": REDIRECT,
        "programme_lead": REDIRECT,
        "regional_lead": REDIRECT,
    }
)
def test_who_accepts(client, cast, returns_a, role, expected):
    """Everyone who sees the signed-off return is answered; only the RM, the RM lead and
    admins accept it (the others are told they cannot)."""
    QuarterlyReturn.objects.filter(pk=returns_a.pk).update(status=Status.SUBMITTED)
    client.force_login(cast[role])
    response = client.post(return_url(returns_a.vanguard, "accept/"))
    assert response.status_code == expected
    returns_a.refresh_from_db()
    accepted = role in ("admin_user", "rm", "rm_lead")
    assert (returns_a.status == Status.ACCEPTED) is accepted


@each_role_gets({"member_a": REDIRECT, "admin_user": REDIRECT, "rm": REDIRECT, "rm_lead": REDIRECT})
def test_only_members_start_a_return(client, cast, vanguard_a, strands_a, period, role, expected):
    client.force_login(cast[role])
    response = client.post(return_url(vanguard_a, "start/"))
    assert response.status_code == expected
    started = QuarterlyReturn.objects.filter(vanguard=vanguard_a).exists()
    assert started is (role == "member_a")


def test_another_vanguards_return_is_not_found_even_by_post(client, member_b, returns_a):
    client.force_login(member_b)
    for step in ("start/", "sign-off/", "accept/", "query/"):
        assert client.post(return_url(returns_a.vanguard, step)).status_code == NOT_FOUND
