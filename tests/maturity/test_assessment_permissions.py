"""Who may see, edit, moderate and reopen self-assessments (DESIGN.md §3): drafts are the
vanguard's and its RM's alone; submitted and agreed ones are seen like the vanguard's profile.
Also the assessments list: what each role sees, filters, pagination and a query budget."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maturity.models import SelfAssessment
from maturity.selectors.framework import framework_current
from maturity.services.assessments import assessment_save_draft
from tests.conftest import CAST
from tests.factories import (
    AssessmentCycleFactory,
    CohortGroupFactory,
    VanguardFactory,
    join_group,
    make_assessment,
    make_framework,
)
from tests.roles import NOT_FOUND, OK, REDIRECT, each_role_gets, in_the_programme
from vanguards import permissions

from .workflow import agree, submit


def test_the_status_names_match_the_model():
    # vanguards cannot import maturity, so permissions keeps its own copy of the names.
    assert permissions.ASSESSMENT_DRAFT == SelfAssessment.Status.DRAFT
    assert permissions.ASSESSMENT_SUBMITTED == SelfAssessment.Status.SUBMITTED
    assert permissions.ASSESSMENT_AGREED == SelfAssessment.Status.AGREED


# Vanguard A: the RM's group, the regional lead's region; the RM lead looks after vanguard B's
# group, not A's, so drafts and moderation of A are not theirs (DESIGN.md §3: "own groups").
# Who may open vanguard A's assessment in each status; every role not named gets 404.
VIEW = {
    "draft": {"admin_user": OK, "rm": OK, "member_a": OK},
    "submitted": in_the_programme(OK, "member_b"),
    "agreed": in_the_programme(OK, "member_b"),
}
# Who may edit, moderate and see the moderation of vanguard A's assessment in each status.
EDIT = {"draft": {"member_a"}, "submitted": set(), "agreed": set()}
MODERATE = {"draft": set(), "submitted": {"rm"}, "agreed": set()}
SEE_MODERATION = {
    "draft": {"admin_user", "rm"},
    "submitted": {"admin_user", "rm", "rm_lead", "learning_user"},
    "agreed": set(CAST) - {"member_b", "network_partner"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "submitted", "agreed"])
@pytest.mark.parametrize("role", CAST)
def test_predicates_follow_the_visibility_table(cast, vanguard_a, status, role):
    user = cast[role]
    may_view = VIEW[status].get(role) == OK
    assert permissions.can_view_assessment(user, vanguard_a, status) is may_view
    assert permissions.can_edit_assessment(user, vanguard_a, status) is (role in EDIT[status])
    assert permissions.can_moderate_assessment(user, vanguard_a, status) is (
        role in MODERATE[status]
    )
    assert permissions.can_see_moderation(user, vanguard_a, status) is (
        role in SEE_MODERATION[status]
    )
    assert permissions.can_reopen_assessment(user) is (role in ("admin_user", "rm_lead"))


@each_role_gets(VIEW["draft"])
def test_drafts_are_the_vanguards_and_its_rms_alone(client, cast, draft_a, role, expected):
    client.force_login(cast[role])
    assert client.get(f"/maturity/assessments/{draft_a.pk}/").status_code == expected


@each_role_gets(VIEW["submitted"])
def test_submitted_assessments_are_seen_like_the_vanguards_profile(
    client, cast, draft_a, role, expected
):
    submitted = submit(draft_a, cast["member_a"])
    client.force_login(cast[role])
    assert client.get(f"/maturity/assessments/{submitted.pk}/").status_code == expected


def test_a_regional_lead_sees_only_their_regions_submitted_assessments(
    client, cast, draft_b, member_b
):
    submitted_b = submit(draft_b, member_b)  # London, not the North West
    client.force_login(cast["regional_lead"])
    assert client.get(f"/maturity/assessments/{submitted_b.pk}/").status_code == NOT_FOUND


def test_the_rm_sees_drafts_of_their_own_groups_only(client, rm, rm_lead, draft_a, draft_b):
    client.force_login(rm)
    assert client.get(f"/maturity/assessments/{draft_b.pk}/").status_code == NOT_FOUND
    client.force_login(rm_lead)  # the RM lead too: their own groups' drafts only
    assert client.get(f"/maturity/assessments/{draft_b.pk}/").status_code == OK
    assert client.get(f"/maturity/assessments/{draft_a.pk}/").status_code == NOT_FOUND


@each_role_gets({"rm": OK})
def test_only_the_rm_opens_the_moderation_page(client, cast, draft_a, role, expected):
    submitted = submit(draft_a, cast["member_a"])
    client.force_login(cast[role])
    assert client.get(f"/maturity/assessments/{submitted.pk}/moderate/").status_code == expected


@each_role_gets({"admin_user": REDIRECT, "rm_lead": REDIRECT})
def test_only_admins_and_the_rm_lead_reopen(client, cast, draft_a, role, expected):
    agreed = agree(submit(draft_a, cast["member_a"]), cast["rm"])
    client.force_login(cast[role])
    response = client.post(f"/maturity/assessments/{agreed.pk}/reopen/", {"reason": "No"})
    assert response.status_code == expected
    agreed.refresh_from_db()
    assert (agreed.status == SelfAssessment.Status.AGREED) is (expected == NOT_FOUND)


def test_members_cannot_post_to_another_vanguards_or_a_moderators_page(
    client, cast, draft_a, draft_b
):
    client.force_login(cast["member_a"])
    assert client.post(f"/maturity/assessments/{draft_b.pk}/", {"revision": 0}).status_code == 404
    client.force_login(cast["rm"])  # may read vanguard A's draft, may not fill it in
    assert client.post(f"/maturity/assessments/{draft_a.pk}/", {"revision": 0}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/maturity/framework/",
        "/maturity/assessments/",
        "/maturity/assessments/1/",
        "/maturity/assessments/1/moderate/",
        "/maturity/cycles/new/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- The list ----------------------------------------------------------------------------


def names_in_list(client, query="") -> set[str]:
    html = client.get(f"/maturity/assessments/{query}").content.decode()
    return {name for name in ("Alpha Vanguard", "Bravo Vanguard") if name in html}


def test_the_list_shows_each_role_what_it_may_see(client, cast, draft_a, draft_b):
    # Both drafts: only admins, each vanguard's RM (the RM lead keeps B's group) and members.
    expected = {
        "admin_user": {"Alpha Vanguard", "Bravo Vanguard"},
        "programme_lead": set(),
        "regional_lead": set(),
        "rm": {"Alpha Vanguard"},
        "rm_lead": {"Bravo Vanguard"},
        "learning_user": set(),
        "member_a": {"Alpha Vanguard"},
        "member_b": {"Bravo Vanguard"},
    }
    for role, names in expected.items():
        client.force_login(cast[role])
        assert names_in_list(client) == names, role
    submit(draft_b, cast["member_b"])
    for role, names in {
        "programme_lead": {"Bravo Vanguard"},
        "regional_lead": set(),  # Bravo is in London
        "rm": {"Alpha Vanguard", "Bravo Vanguard"},
        "learning_user": {"Bravo Vanguard"},
        "member_a": {"Alpha Vanguard"},
    }.items():
        client.force_login(cast[role])
        assert names_in_list(client) == names, role


def test_the_list_filters_by_cycle_and_status(client, admin_user, cast, open_cycle, draft_a):
    submit(draft_a, cast["member_a"])
    older = AssessmentCycleFactory(framework=make_framework(2), name="Older cycle")
    make_assessment(cast["member_b"].vanguard_membership.vanguard, older, [2, 2])
    client.force_login(admin_user)
    assert names_in_list(client, "?status=submitted") == {"Alpha Vanguard"}
    assert names_in_list(client, f"?cycle={older.pk}") == {"Bravo Vanguard"}
    assert names_in_list(client, f"?cycle={open_cycle.pk}&status=draft") == {"Bravo Vanguard"}
    html = client.get(f"/maturity/assessments/?cycle={older.pk}&status=draft").content.decode()
    assert "No self-assessments match these filters" in html
    response = client.get("/maturity/assessments/?status=lost")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_list_is_paginated(client, admin_user, db):
    cycle = AssessmentCycleFactory(framework=make_framework(1))
    for number in range(30):
        make_assessment(VanguardFactory(name=f"Vanguard {number:02d}"), cycle, [2])
    client.force_login(admin_user)
    first = client.get("/maturity/assessments/").content.decode()
    second = client.get("/maturity/assessments/?page=2").content.decode()
    assert "30 self-assessments." in first
    assert "govuk-pagination" in first
    assert "Vanguard 00" in first and "Vanguard 29" not in first
    assert "Vanguard 29" in second


def test_an_empty_list_says_why(client, programme_lead):
    client.force_login(programme_lead)
    html = client.get("/maturity/assessments/").content.decode()
    assert "There are no self-assessments for you to see yet" in html


def test_list_query_budget_does_not_grow_with_assessments_or_cycles(
    client, rm, django_assert_max_num_queries
):
    group = CohortGroupFactory(relationship_manager=rm)
    framework = make_framework(4)
    cycle = AssessmentCycleFactory(framework=framework)
    for _ in range(2):
        vanguard = VanguardFactory()
        join_group(vanguard, group)
        make_assessment(vanguard, cycle, [2, 3, 3, 4], status=SelfAssessment.Status.DRAFT)
    client.force_login(rm)
    for more_cycles in (0, 5):
        for _ in range(more_cycles):
            cycle = AssessmentCycleFactory(framework=framework)
            for _ in range(4):
                vanguard = VanguardFactory()
                join_group(vanguard, group)
                make_assessment(vanguard, cycle, [1, 2, 3, 4])
        # 1 session, 2 user, 3 the paginator's count (the RM's own-group drafts as a subquery), 4
        # the cycle choices of the filter form, 5 one page of assessments (vanguard, cycle and
        # framework joined in), 6 their scores, in one prefetch.
        with django_assert_max_num_queries(6):
            assert client.get("/maturity/assessments/").status_code == 200


@each_role_gets(VIEW["draft"])
def test_evidence_files_follow_their_assessment(client, cast, draft_a, role, expected):
    score = draft_a.scores.first()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan", "application/pdf")
    assessment_save_draft(
        assessment=draft_a,
        actor=cast["member_a"],
        revision=0,
        answers={},
        files={score.dimension_id: pdf},
    )
    evidence = score.files.get()
    client.force_login(cast[role])
    url = f"/maturity/assessments/{draft_a.pk}/files/{evidence.pk}/"
    assert client.get(url).status_code == expected
    # A file id from another assessment is not found through this one.
    assert (
        client.get(f"/maturity/assessments/{draft_a.pk}/files/{evidence.pk + 999}/").status_code
        == 404
    )


@each_role_gets(
    {
        "/maturity/framework/{current}/": in_the_programme(OK),
        "/maturity/framework/999999/": {},
    }
)
def test_every_role_reads_published_framework_versions(client, cast, url, role, expected):
    client.force_login(cast[role])
    assert client.get(url.format(current=framework_current().pk)).status_code == expected
