"""The expert and lived experience panels: the learning team keeps their members and records
their reviews against a version; the review shows on the version, marked as from its panel,
and only the NST sees who is on a panel."""

import datetime

import pytest

from learning.models import Panel, PanelMember, PanelReview
from learning.services import panels as services
from tests.factories import ToolkitVersionFactory, publish_toolkit_version
from tests.roles import OK, REDIRECT, each_role_gets

pytestmark = pytest.mark.django_db

KEEPERS_SAVE = {"admin_user": REDIRECT, "learning_user": REDIRECT}
NST_SEES = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}


@pytest.fixture
def members(db):
    return {
        "expert": PanelMember.objects.create(
            panel=Panel.EXPERT, full_name="Dr Ama Osei", expertise="Occupational health"
        ),
        "lived": PanelMember.objects.create(
            panel=Panel.LIVED_EXPERIENCE,
            full_name="Sam Rivers",
            expertise="Returned to work after long COVID",
        ),
    }


@pytest.fixture
def published(db):
    return publish_toolkit_version(ToolkitVersionFactory(number="0.1"))


def _review_data(member, panel="expert", **fields):
    return {
        "panel": panel,
        "reviewers": [member.pk],
        "reviewed_on_0": "3",
        "reviewed_on_1": "2",
        "reviewed_on_2": "2025",
        "summary": "Clear and practical.",
        "recommendations": "Add a checklist for line managers.",
        **fields,
    }


def test_the_learning_team_adds_changes_and_removes_a_panel_member(client, learning_user):
    client.force_login(learning_user)
    response = client.post(
        "/learning/panels/lived-experience/members/new/",
        {"full_name": "Jo Park", "expertise": "Stayed in work with MS"},
    )
    assert response.status_code == 302
    member = PanelMember.objects.get(full_name="Jo Park")
    assert member.panel == Panel.LIVED_EXPERIENCE and member.is_active

    again = client.post(
        "/learning/panels/lived-experience/members/new/",
        {"full_name": "jo park", "expertise": "Twice"},
    )
    assert "Jo Park is already on the lived experience panel" in again.content.decode()

    client.post(
        f"/learning/panels/members/{member.pk}/edit/",
        {"full_name": "Jo Park", "expertise": "Stayed in work with MS; peer mentor"},
    )
    member.refresh_from_db()
    assert member.expertise.endswith("peer mentor")
    assert not member.is_active  # the box was not ticked: they have left

    client.post(f"/learning/panels/members/{member.pk}/remove/")
    assert not PanelMember.objects.filter(pk=member.pk).exists()


def test_someone_who_reviewed_is_kept_as_having_left(learning_user, members, published):
    services.panel_review_record(
        actor=learning_user,
        version=published,
        panel=Panel.EXPERT,
        reviewers=[members["expert"]],
        reviewed_on=datetime.date(2025, 2, 3),
        summary="Good.",
    )
    services.panel_member_remove(actor=learning_user, member=members["expert"])
    members["expert"].refresh_from_db()
    assert members["expert"].is_active is False


def test_a_review_is_recorded_and_shown_on_the_version_as_from_its_panel(
    client, learning_user, member_a, members, published
):
    client.force_login(learning_user)
    response = client.post("/learning/toolkit/0.1/reviews/new/", _review_data(members["expert"]))
    assert response.status_code == 302
    review = PanelReview.objects.get()
    assert review.panel == Panel.EXPERT and list(review.reviewers.all()) == [members["expert"]]

    page = client.get("/learning/toolkit/0.1/").content.decode()
    assert "From the expert panel" in page
    assert "Add a checklist for line managers." in page
    assert "Reviewed by Dr Ama Osei" in page

    client.force_login(member_a)  # a vanguard member sees the review, not who gave it
    page = client.get("/learning/toolkit/0.1/").content.decode()
    assert "From the expert panel" in page
    assert "Dr Ama Osei" not in page


def test_reviewers_must_be_on_the_panel_that_gave_the_review(
    client, learning_user, members, published
):
    client.force_login(learning_user)
    response = client.post(
        "/learning/toolkit/0.1/reviews/new/", _review_data(members["lived"], panel="expert")
    )
    assert response.status_code == 200
    assert "Select reviewers from the panel that gave the review" in response.content.decode()
    assert not PanelReview.objects.exists()


def test_a_review_cannot_be_dated_in_the_future(learning_user, members, published):
    with pytest.raises(services.PanelError):
        services.panel_review_record(
            actor=learning_user,
            version=published,
            panel=Panel.EXPERT,
            reviewers=[members["expert"]],
            reviewed_on=datetime.date.today() + datetime.timedelta(days=2),
            summary="Good.",
        )


@each_role_gets(KEEPERS_SAVE)
def test_who_records_a_review(client, cast, members, published, role, expected):
    client.force_login(cast[role])
    response = client.post("/learning/toolkit/0.1/reviews/new/", _review_data(members["expert"]))
    assert response.status_code == expected
    assert PanelReview.objects.exists() is (expected == REDIRECT)


@each_role_gets(
    {
        "/learning/toolkit/0.1/reviews/new/": {"admin_user": OK, "learning_user": OK},
        "/learning/panels/members/{expert}/edit/": {"admin_user": OK, "learning_user": OK},
        "/learning/panels/members/{expert}/remove/": {"admin_user": OK, "learning_user": OK},
        "/learning/panels/members/999999/edit/": {},
    }
)
def test_pages(client, cast, members, published, url, role, expected):
    client.force_login(cast[role])
    url = url.format(expert=members["expert"].pk)
    assert client.get(url).status_code == expected


@each_role_gets(NST_SEES)
def test_who_sees_the_panels_members(client, cast, members, role, expected):
    client.force_login(cast[role])
    response = client.get("/learning/panels/")
    assert response.status_code == expected
    if expected == OK:
        assert "Sam Rivers" in response.content.decode()
