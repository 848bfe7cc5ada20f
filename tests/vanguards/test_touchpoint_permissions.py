"""Who may see and do what with touchpoints (DESIGN.md §3), for every touchpoint view, and
the visibility of internal notes for each role on every page that shows touchpoints."""

import pytest

from tests.conftest import CAST
from tests.factories import TouchpointFactory, make_member
from vanguards.models import Touchpoint

NOTES = "SRO stretched; watch capacity."
ROLES = CAST
NST = {"admin_user", "rm", "rm_lead", "learning_user"}


@pytest.fixture
def alpha_touchpoint(cast, vanguard_a):
    return TouchpointFactory(author=cast["rm"], vanguards=[vanguard_a], internal_notes=NOTES)


@pytest.fixture
def alpha_draft(cast, vanguard_a):
    return TouchpointFactory(
        author=cast["rm"],
        vanguards=[vanguard_a],
        status=Touchpoint.Status.DRAFT,
        completed_at=None,
    )


def status_for(client, user, url, method="get"):
    client.force_login(user)
    return getattr(client, method)(url).status_code


# --- Anonymous ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/touchpoints/", "get"),
        ("/touchpoints/new/", "get"),
        ("/touchpoints/{pk}/", "get"),
        ("/touchpoints/{pk}/edit/", "get"),
        ("/touchpoints/{pk}/archive/", "get"),
        ("/touchpoints/{pk}/complete/", "post"),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, alpha_touchpoint, path, method):
    url = path.format(pk=alpha_touchpoint.pk)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# --- Each view, each role -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_may_open_the_list(client, cast, role):
    assert status_for(client, cast[role], "/touchpoints/") == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_user", 200),
        ("programme_lead", 200),
        ("regional_lead", 200),  # Alpha is in the North West
        ("rm", 200),
        ("rm_lead", 200),
        ("learning_user", 200),
        ("member_a", 200),
        ("member_b", 404),
    ],
)
def test_detail_of_a_touchpoint(client, cast, alpha_touchpoint, role, expected):
    assert status_for(client, cast[role], f"/touchpoints/{alpha_touchpoint.pk}/") == expected


@pytest.mark.parametrize("role", ROLES)
def test_detail_of_another_regions_touchpoint(client, cast, vanguard_b, role):
    bravo = TouchpointFactory(author=cast["rm_lead"], vanguards=[vanguard_b])
    expected = 404 if role in {"regional_lead", "member_a"} else 200
    assert status_for(client, cast[role], f"/touchpoints/{bravo.pk}/") == expected


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_for_the_nst_only(client, cast, alpha_draft, role):
    expected = 200 if role in NST else 404
    assert status_for(client, cast[role], f"/touchpoints/{alpha_draft.pk}/") == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_log_touchpoints(client, cast, role):
    expected = 200 if role in {"admin_user", "rm", "rm_lead"} else 404
    assert status_for(client, cast[role], "/touchpoints/new/") == expected
    list_page = client.get("/touchpoints/").content.decode()
    assert ('href="/touchpoints/new/"' in list_page) is (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_a_recent_touchpoint(client, cast, alpha_touchpoint, role):
    expected = 200 if role in {"admin_user", "rm", "rm_lead"} else 404  # rm is the author
    url = f"/touchpoints/{alpha_touchpoint.pk}/edit/"
    assert status_for(client, cast[role], url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_archive(client, cast, alpha_touchpoint, role):
    expected = 200 if role in {"admin_user", "rm", "rm_lead"} else 404
    url = f"/touchpoints/{alpha_touchpoint.pk}/archive/"
    assert status_for(client, cast[role], url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_complete_a_draft(client, cast, alpha_draft, role):
    expected = 302 if role in {"admin_user", "rm", "rm_lead"} else 404
    url = f"/touchpoints/{alpha_draft.pk}/complete/"
    assert status_for(client, cast[role], url, method="post") == expected
    alpha_draft.refresh_from_db()
    assert (alpha_draft.status == Touchpoint.Status.COMPLETE) is (expected == 302)


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_visible_touchpoints(client, cast, vanguard_a, vanguard_b, role):
    TouchpointFactory(vanguards=[vanguard_a], summary="About Alpha")
    TouchpointFactory(vanguards=[vanguard_b], summary="About Bravo")
    client.force_login(cast[role])
    text = client.get("/touchpoints/?_export=csv").content.decode()
    sees_bravo = role not in {"regional_lead", "member_a"}
    sees_alpha = role != "member_b"
    assert ("About Alpha" in text) is sees_alpha
    assert ("About Bravo" in text) is sees_bravo


# --- Internal notes -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [role for role in ROLES if role != "member_b"])
def test_internal_notes_on_the_touchpoint_page_are_for_the_nst_only(
    client, cast, alpha_touchpoint, role
):
    client.force_login(cast[role])
    html = client.get(f"/touchpoints/{alpha_touchpoint.pk}/").content.decode()
    assert (NOTES in html) is (role in NST)
    assert ("Internal notes" in html) is (role in NST)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "member_b"])
def test_internal_notes_are_never_on_the_list_page(client, cast, alpha_touchpoint, role):
    client.force_login(cast[role])
    html = client.get("/touchpoints/").content.decode()
    assert f'href="/touchpoints/{alpha_touchpoint.pk}/"' in html  # the touchpoint is listed…
    assert NOTES not in html  # …but never its notes


@pytest.mark.parametrize("role", [role for role in ROLES if role != "member_b"])
def test_internal_notes_are_never_on_the_vanguard_timeline(client, cast, alpha_touchpoint, role):
    client.force_login(cast[role])
    html = client.get("/vanguards/alpha/").content.decode()
    assert alpha_touchpoint.summary in html  # the touchpoint is there…
    assert NOTES not in html  # …but never its notes


def test_a_member_sees_only_their_own_vanguard_on_a_cohort_session(
    client, cast, vanguard_a, vanguard_b
):
    bravo_sro = make_member(vanguard_b, full_name="Bella Bravo")
    cohort = TouchpointFactory(vanguards=[vanguard_a, vanguard_b])
    cohort.vanguard_contacts.set([cast["member_a"], bravo_sro])
    client.force_login(cast["member_a"])
    html = client.get(f"/touchpoints/{cohort.pk}/").content.decode()
    assert "Alpha Vanguard" in html and cast["member_a"].full_name in html
    assert "Bravo Vanguard" not in html and "Bella Bravo" not in html
    export = client.get("/touchpoints/?_export=csv").content.decode()
    assert "Bravo Vanguard" not in export
