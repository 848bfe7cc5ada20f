"""Who may see, raise, triage and rate support requests (DESIGN.md §3), for every view and role.

Request A is vanguard A's (the RM's group, the regional lead's region); request B is vanguard
B's (the RM lead's group). Anything a role may not see or do answers 404."""

import pytest

from tests.factories import SupportRequestFactory
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme
from vanguards.models import SupportRequest
from vanguards.services import support as services

Status = SupportRequest.Status


@pytest.fixture
def requests(cast, vanguard_a, vanguard_b):
    return {
        "a": SupportRequestFactory(vanguard=vanguard_a, raised_by=cast["member_a"], need="Need A"),
        "b": SupportRequestFactory(vanguard=vanguard_b, raised_by=cast["member_b"], need="Need B"),
    }


PAGES = {
    "/support-requests/": in_the_programme(OK),
    "/support-requests/?_export=csv": in_the_programme(OK),
    "/support-requests/?_export=xlsx": in_the_programme(OK),
    "/support-requests/new/": {
        "admin_user": OK,
        "rm": OK,
        "rm_lead": OK,
        "member_a": OK,
        "member_b": OK,
    },
    "/support-requests/{a}/": in_the_programme(OK, "member_b"),
    "/support-requests/{b}/": in_the_programme(OK, "regional_lead", "member_a"),
    "/support-requests/999999/": {},
}


@pytest.mark.django_db
@each_role_gets(PAGES)
def test_pages_answer_each_role(client, cast, requests, url, role, expected):
    client.force_login(cast[role])
    response = client.get(url.format(a=requests["a"].pk, b=requests["b"].pk))
    assert response.status_code == expected


# Triage and every later NST step of request A: its RM, the RM lead and admins.
NST_STEP = {"admin_user": REDIRECT, "rm": REDIRECT, "rm_lead": REDIRECT}


def _to(support_request, status, by):
    """Walk a request forward to `status` through the services."""
    order = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.DELIVERED]
    steps = [
        lambda: services.support_request_accept(
            support_request=support_request, by=by, assigned_to=by
        ),
        lambda: services.support_request_start(support_request=support_request, by=by),
        lambda: services.support_request_deliver(
            support_request=support_request, by=by, notes="Done"
        ),
    ]
    for step in steps[: order.index(status)]:
        step()


STEPS = [
    ("triage", Status.NEW, {"triage-decision": "accept"}, Status.TRIAGED),
    ("start", Status.TRIAGED, {"start-assigned_to": "{rm}"}, Status.IN_PROGRESS),
    ("assign", Status.IN_PROGRESS, {"assign-assigned_to": "{rm}"}, Status.IN_PROGRESS),
    ("deliver", Status.IN_PROGRESS, {"delivery-delivery_notes": "Done"}, Status.DELIVERED),
    ("close", Status.DELIVERED, {}, Status.CLOSED),
]


@pytest.mark.django_db
@each_role_gets(NST_STEP)
@pytest.mark.parametrize(("step", "start", "data", "end"), STEPS, ids=[s[0] for s in STEPS])
def test_only_the_rm_the_lead_and_admins_move_a_request(
    client, cast, requests, role, expected, step, start, data, end
):
    support_request = requests["a"]
    _to(support_request, start, cast["rm"])
    before = SupportRequest.objects.get(pk=support_request.pk).history.count()
    client.force_login(cast[role])
    data = {key: value.format(rm=cast["rm"].pk) for key, value in data.items()}
    response = client.post(f"/support-requests/{support_request.pk}/{step}/", data)
    assert response.status_code == expected
    after = SupportRequest.objects.get(pk=support_request.pk)
    if expected == REDIRECT:
        assert after.status == end and after.history.count() == before + 1
    else:
        assert after.status == start and after.history.count() == before


RATE = {"member_a": REDIRECT}


@pytest.mark.django_db
@each_role_gets(RATE)
def test_only_the_vanguards_members_rate_delivered_support(client, cast, requests, role, expected):
    support_request = requests["a"]
    _to(support_request, Status.DELIVERED, cast["rm"])
    client.force_login(cast[role])
    response = client.post(f"/support-requests/{support_request.pk}/rate/", {"rating-rating": "3"})
    assert response.status_code == expected
    rating = SupportRequest.objects.get(pk=support_request.pk).rating
    assert rating == (3 if expected == REDIRECT else None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/support-requests/"),
        ("get", "/support-requests/new/"),
        ("get", "/support-requests/{a}/"),
        ("post", "/support-requests/{a}/triage/"),
        ("post", "/support-requests/{a}/start/"),
        ("post", "/support-requests/{a}/assign/"),
        ("post", "/support-requests/{a}/deliver/"),
        ("post", "/support-requests/{a}/close/"),
        ("post", "/support-requests/{a}/rate/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, requests, method, url):
    response = getattr(client, method)(url.format(a=requests["a"].pk))
    assert response.status_code == REDIRECT
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_readers_see_no_forms(client, cast, requests):
    for role in ("programme_lead", "regional_lead", "learning_user", "member_a"):
        client.force_login(cast[role])
        html = client.get(f"/support-requests/{requests['a'].pk}/").content.decode()
        assert "Triage this request" not in html, role
    client.force_login(cast["rm"])
    assert (
        "Triage this request"
        in client.get(f"/support-requests/{requests['a'].pk}/").content.decode()
    )
