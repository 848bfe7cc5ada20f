"""The roles-and-visibility contract of DESIGN.md §3 for every route that exists: each role,
signed in, gets the page (200), a 404 for another vanguard's objects or for pages outside its
role, and anonymous visitors are sent to sign in. Later issues add their routes here."""

import pytest

OK, NOT_FOUND, FORBIDDEN = 200, 404, 403

ROLES = [
    "admin_user",
    "programme_lead",
    "regional_lead",
    "rm",
    "rm_lead",
    "learning_user",
    "member_a",
    "member_b",
]

# Vanguard A is in the RM's cohort group and the regional lead's region (North West);
# vanguard B is in London, in the RM lead's group. Columns follow ROLES.
MATRIX = {
    "/": [OK, OK, OK, OK, OK, OK, OK, OK],
    "/vanguards/": [OK, OK, OK, OK, OK, OK, OK, OK],
    "/vanguards/?_export=csv": [OK, OK, OK, OK, OK, OK, OK, OK],
    "/vanguards/alpha/": [OK, OK, OK, OK, OK, OK, OK, NOT_FOUND],
    "/vanguards/bravo/": [OK, OK, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK],
    "/vanguards/no-such-vanguard/": [NOT_FOUND] * 8,
    "/vanguards/alpha/edit/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/bravo/edit/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/new/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/invite/": [OK] + [NOT_FOUND] * 7,
    # Reference data (organisation edit pages are addressed by id: test_organisations.py).
    "/vanguards/organisations/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/organisations/?_export=csv": [OK] + [NOT_FOUND] * 7,
    "/vanguards/organisations/new/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/groups/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/groups/new/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/groups/alpha-group/edit/": [OK] + [NOT_FOUND] * 7,
    "/vanguards/groups/no-such-group/edit/": [NOT_FOUND] * 8,
    "/admin/": [OK] + [FORBIDDEN] * 7,
    "/accessibility/": [OK] * 8,
    # Relationship management (record-level answers: tests/vanguards/test_*_permissions.py).
    "/touchpoints/": [OK] * 8,
    "/touchpoints/new/": [OK, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/actions/": [OK] * 8,
    "/actions/new/": [OK, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "/support-requests/": [OK] * 8,
    "/support-requests/new/": [OK, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK, OK],
    "/learning/offers/": [OK] * 8,
    "/learning/offers/new/": [
        OK,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
    ],
    # Maturity (record-level answers: tests/maturity/test_assessment_permissions.py).
    "/maturity/": [OK] * 8,
    "/maturity/framework/": [OK] * 8,
    "/maturity/assessments/": [OK] * 8,
    "/maturity/cycles/new/": [OK] + [NOT_FOUND] * 7,
    "/maturity/vanguards/alpha/": [OK, OK, OK, OK, OK, OK, OK, NOT_FOUND],
    "/maturity/vanguards/bravo/": [OK, OK, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK],
}

CASES = [
    pytest.param(url, role, expected[index], id=f"{role}:{url}")
    for url, expected in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_role_gets_expected_answer(client, cast, url, role, expected):
    client.force_login(cast[role])
    response = client.get(url, follow=url == "/admin/")
    assert response.status_code == expected


PUBLIC = {"/accessibility/", "/healthz"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url in MATRIX if url not in PUBLIC])
def test_anonymous_visitors_are_sent_to_sign_in(client, cast, url):
    response = client.get(url, follow=True)
    # The Django admin's own login page hands over to allauth's, so it ends there too.
    final_url, status = response.redirect_chain[-1]
    assert status == 302
    assert final_url.startswith("/accounts/login/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_not_found_page_uses_the_portal_layout(client, cast):
    client.force_login(cast["member_a"])
    response = client.get("/vanguards/bravo/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "WorkWell National Support Portal" in html
    assert "Bravo Vanguard" not in html  # existence does not leak


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("admin_user", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
        ("programme_lead", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
        ("rm", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
        ("learning_user", {"Alpha Vanguard", "Bravo Vanguard"}, set()),
        ("regional_lead", {"Alpha Vanguard"}, {"Bravo Vanguard"}),
        ("member_a", {"Alpha Vanguard"}, {"Bravo Vanguard"}),
        ("member_b", {"Bravo Vanguard"}, {"Alpha Vanguard"}),
    ],
)
def test_list_and_export_show_only_visible_vanguards(client, cast, role, visible, hidden):
    client.force_login(cast[role])
    for url in ("/vanguards/", "/vanguards/?_export=csv"):
        body = client.get(url).content.decode()
        assert all(name in body for name in visible)
        assert not any(name in body for name in hidden)
