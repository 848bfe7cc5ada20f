"""Who may see and do what with touchpoints (DESIGN.md §3), for every touchpoint view, and
the visibility of internal notes for each role on every page that shows touchpoints."""

import pytest

from tests.factories import TouchpointFactory, make_member
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme
from vanguards.models import Touchpoint

NOTES = "SRO stretched; watch capacity."
NST = {"admin_user", "rm", "rm_lead", "learning_user"}
LOGGERS = {"admin_user": OK, "rm": OK, "rm_lead": OK}  # who logs, edits and archives


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


@each_role_gets(in_the_programme(OK))
def test_everyone_signed_in_may_open_the_list(client, cast, role, expected):
    assert status_for(client, cast[role], "/touchpoints/") == expected


@each_role_gets(in_the_programme(OK, "member_b"))  # Alpha is in the regional lead's North West
def test_detail_of_a_touchpoint(client, cast, alpha_touchpoint, role, expected):
    assert status_for(client, cast[role], f"/touchpoints/{alpha_touchpoint.pk}/") == expected


@each_role_gets(in_the_programme(OK, "regional_lead", "member_a"))
def test_detail_of_another_regions_touchpoint(client, cast, vanguard_b, role, expected):
    bravo = TouchpointFactory(author=cast["rm_lead"], vanguards=[vanguard_b])
    assert status_for(client, cast[role], f"/touchpoints/{bravo.pk}/") == expected


@each_role_gets(dict.fromkeys(NST, OK))
def test_drafts_are_for_the_nst_only(client, cast, alpha_draft, role, expected):
    assert status_for(client, cast[role], f"/touchpoints/{alpha_draft.pk}/") == expected


@each_role_gets(LOGGERS)
def test_who_may_log_touchpoints(client, cast, role, expected):
    assert status_for(client, cast[role], "/touchpoints/new/") == expected
    list_page = client.get("/touchpoints/").content.decode()
    assert ('href="/touchpoints/new/"' in list_page) is (expected == OK)


@each_role_gets(LOGGERS)  # the RM is the author
def test_who_may_edit_a_recent_touchpoint(client, cast, alpha_touchpoint, role, expected):
    url = f"/touchpoints/{alpha_touchpoint.pk}/edit/"
    assert status_for(client, cast[role], url) == expected


@each_role_gets(LOGGERS)
def test_who_may_archive(client, cast, alpha_touchpoint, role, expected):
    url = f"/touchpoints/{alpha_touchpoint.pk}/archive/"
    assert status_for(client, cast[role], url) == expected


@each_role_gets(dict.fromkeys(LOGGERS, REDIRECT))
def test_who_may_complete_a_draft(client, cast, alpha_draft, role, expected):
    url = f"/touchpoints/{alpha_draft.pk}/complete/"
    assert status_for(client, cast[role], url, method="post") == expected
    alpha_draft.refresh_from_db()
    assert (alpha_draft.status == Touchpoint.Status.COMPLETE) is (expected == REDIRECT)


@each_role_gets(in_the_programme(OK))
def test_the_list_shows_only_visible_touchpoints(
    client, cast, vanguard_a, vanguard_b, role, expected
):
    TouchpointFactory(vanguards=[vanguard_a], summary="About Alpha")
    TouchpointFactory(vanguards=[vanguard_b], summary="About Bravo")
    client.force_login(cast[role])
    response = client.get("/touchpoints/?_export=csv")
    assert response.status_code == expected
    text = response.content.decode()
    sees_bravo = expected == OK and role not in {"regional_lead", "member_a"}
    sees_alpha = expected == OK and role != "member_b"
    assert ("About Alpha" in text) is sees_alpha
    assert ("About Bravo" in text) is sees_bravo


# --- Internal notes -----------------------------------------------------------------------


@each_role_gets(in_the_programme(OK, "member_b"))
def test_internal_notes_on_the_touchpoint_page_are_for_the_nst_only(
    client, cast, alpha_touchpoint, role, expected
):
    client.force_login(cast[role])
    response = client.get(f"/touchpoints/{alpha_touchpoint.pk}/")
    assert response.status_code == expected
    html = response.content.decode()
    assert (NOTES in html) is (role in NST)
    assert ("Internal notes" in html) is (role in NST)


@each_role_gets(in_the_programme(OK))
def test_internal_notes_are_never_on_the_list_page(client, cast, alpha_touchpoint, role, expected):
    client.force_login(cast[role])
    response = client.get("/touchpoints/")
    assert response.status_code == expected
    html = response.content.decode()
    # The touchpoint is listed to everyone who may see it…
    listed = expected == OK and role != "member_b"
    assert (f'href="/touchpoints/{alpha_touchpoint.pk}/"' in html) is listed
    assert NOTES not in html  # …but never its notes


@each_role_gets(in_the_programme(OK, "member_b"))
def test_internal_notes_are_never_on_the_vanguard_timeline(
    client, cast, alpha_touchpoint, role, expected
):
    client.force_login(cast[role])
    response = client.get("/vanguards/alpha/")
    assert response.status_code == expected
    html = response.content.decode()
    assert (alpha_touchpoint.summary in html) is (expected == OK)  # the touchpoint is there…
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
