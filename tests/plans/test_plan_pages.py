"""The plan page and its forms through HTTP: each timeline kind stored and shown without a
made-up date, clear errors, status changes (dropped needs a reason), comments, history, a
milestone done when its toolkit version is published, the timeline SVG with its table, and a
query budget that does not grow with the activities."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Activity, PlanComment
from tests.factories import (
    EventFactory,
    ToolkitVersionFactory,
    make_plan_activity,
    publish_toolkit_version,
)

pytestmark = pytest.mark.django_db
PLAN = "/plans/vanguards/alpha/"
T, P, S = Activity.Timeline, Activity.Precision, Activity.Status


@pytest.fixture
def theme(vanguard_a):
    return make_plan_activity(vanguard_a).theme


def _date(name, day, month, year):
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def _post(client, theme, url=f"{PLAN}activities/new/", **fields):
    data = {"theme": theme.pk, "description": "Test the model", "lead": "Commissioning", **fields}
    return client.post(url, data)


@pytest.mark.parametrize(
    ("fields", "stored", "shown"),
    [
        (
            {"timeline": "date", **_date("target_date", "", "6", "2023")},
            {"target_date": datetime.date(2023, 6, 1), "precision": P.MONTH},
            "June 2023",
        ),
        (
            {"timeline": "date", **_date("target_date", "27", "3", "2026")},
            {"target_date": datetime.date(2026, 3, 27), "precision": P.DAY},
            "27 March 2026",
        ),
        (
            {
                "timeline": "range",
                **_date("starts_on", "", "9", "2024"),
                **_date("ends_on", "", "3", "2025"),
            },
            {"starts_on": datetime.date(2024, 9, 1), "ends_on": datetime.date(2025, 3, 1)},
            "September 2024 to March 2025",
        ),
        (
            {"timeline": "quarter", "quarter": "2025-3"},
            {"quarter_year": 2025, "quarter_number": 3, "target_date": None},
            "2025/26 Q3",
        ),
        (
            {"timeline": "condition", "condition": "When post is recruited to"},
            {"condition": "When post is recruited to", "latest_date": None, "target_date": None},
            "When post is recruited to",
        ),
    ],
)
def test_a_member_adds_an_activity_with_each_kind_of_timeline(
    client, member_a, theme, fields, stored, shown
):
    client.force_login(member_a)
    # Fields of the kinds not chosen are ignored, never stored.
    response = _post(client, theme, **{"condition": "left over", **fields})
    assert response.status_code == 302
    activity = Activity.objects.get(description="Test the model")
    assert activity.number == 2
    for name, value in stored.items():
        assert getattr(activity, name) == value
    if fields["timeline"] != "condition":
        assert activity.condition == ""
    page = client.get(PLAN).content.decode()
    assert shown in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"timeline": "date"}, "Enter the target date"),
        (
            {"timeline": "range", **_date("ends_on", "", "3", "2025")},
            "Enter when the activity starts",
        ),
        ({"timeline": "quarter"}, "Choose the financial quarter"),
        ({"timeline": "condition"}, "Enter what the activity waits for"),
        ({}, "Choose how the plan gives the timeline"),
        (
            {
                "timeline": "range",
                **_date("starts_on", "1", "9", "2024"),
                **_date("ends_on", "", "3", "2025"),
            },
            "Give both dates to the day, or both as a month and a year",
        ),
        (
            {"timeline": "date", **_date("target_date", "31", "2", "2025")},
            "Enter a real date",
        ),
    ],
)
def test_clear_errors_and_nothing_saved(client, member_a, theme, fields, message):
    client.force_login(member_a)
    response = _post(client, theme, **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Activity.objects.filter(description="Test the model").exists()


def test_dropping_needs_a_reason_and_the_reason_is_shown(client, member_a, vanguard_a):
    activity = make_plan_activity(vanguard_a)
    client.force_login(member_a)
    url = f"{PLAN}activities/{activity.pk}/status/"
    response = client.post(url, {"status": "dropped"})
    assert "Enter why the activity was dropped" in response.content.decode()
    response = client.post(url, {"status": "dropped", "dropped_reason": "Merged into 1.2"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.dropped_reason) == (S.DROPPED, "Merged into 1.2")
    assert "Merged into 1.2" in client.get(PLAN).content.decode()


def test_the_rm_comments_and_the_member_answers(client, rm, member_a, vanguard_a):
    activity = make_plan_activity(vanguard_a)
    client.force_login(rm)
    client.post(f"{PLAN}comments/", {"text": "Can the ICB help?", "activity": activity.pk})
    client.force_login(member_a)
    page = client.get(PLAN).content.decode()
    assert "Can the ICB help?" in page
    assert "Rita Manager" in page
    assert 'action="/plans/vanguards/alpha/comments/"' in page  # members answer
    client.post(f"{PLAN}comments/", {"text": "Yes: we asked them", "activity": activity.pk})
    comment = PlanComment.objects.get(text="Yes: we asked them")
    assert comment.author == member_a
    history = client.get(f"{PLAN}history/").content.decode()
    assert "Added comment on activity 1.1" in history
    assert comment.history.get().history_user == member_a


def test_every_change_is_in_the_history_with_who_made_it(client, member_a, vanguard_a, theme):
    client.force_login(member_a)
    _post(client, theme, timeline="condition", condition="When funded")
    activity = Activity.objects.get(description="Test the model")
    client.post(f"{PLAN}activities/{activity.pk}/status/", {"status": "at_risk"})
    records = list(activity.history.order_by("history_date"))
    assert [r.status for r in records] == [S.NOT_STARTED, S.AT_RISK]
    assert {r.history_user for r in records} == {member_a}
    page = client.get(f"{PLAN}history/").content.decode()
    assert "Mem Alpha" in page
    assert "Changed activity 1.2" in page
    assert "Added activity 1.2" in page
    row = page.split("Changed activity 1.2")[1].split("</tr>")[0]
    assert "status: Not started → At risk" in row and "action" not in row  # only what changed


def test_the_history_says_each_fields_old_and_new_value(client, member_a, vanguard_a, theme):
    client.force_login(member_a)
    activity = Activity.objects.get()
    _post(
        client,
        theme,
        url=f"{PLAN}activities/{activity.pk}/",
        description="Engage the providers",
        timeline="condition",
        condition="When funded",
    )
    row = client.get(f"{PLAN}history/").content.decode().split("Changed activity 1.1")[1]
    row = row.split("</tr>")[0]
    assert "action: “Initial engagement with current providers” → “Engage the providers”" in row
    assert "timeline: June 2023 → When funded" in row


def test_history_page_budget_does_not_grow_with_changes(
    client, member_a, vanguard_a, theme, django_assert_max_num_queries
):
    client.force_login(member_a)
    activity = Activity.objects.get()
    for changes in (1, 10):
        for status in [S.IN_PROGRESS, S.AT_RISK] * changes:
            client.post(f"{PLAN}activities/{activity.pk}/status/", {"status": status})
        # 1 session, 2 user, 3 membership, 4 the vanguard, 5 the plan, 6 theme history,
        # 7 activity history, 8 comment history (who joined each time; no linked milestone
        # on a vanguard's plan, so no query for their names).
        with django_assert_max_num_queries(8):
            assert "Changed activity 1.1" in client.get(f"{PLAN}history/").content.decode()


def test_a_milestone_is_done_when_its_toolkit_version_is_published(client, admin_user):
    version = ToolkitVersionFactory(number="7.0")
    milestone = make_plan_activity(
        None, theme_title="Learning and dissemination", toolkit_version=version
    )
    assert milestone.current_status == S.NOT_STARTED
    client.force_login(admin_user)
    # It cannot be marked done by hand while the version is not published.
    response = client.post(
        f"/plans/programme/activities/{milestone.pk}/status/", {"status": "done"}
    )
    assert "is delivered" in response.content.decode()
    publish_toolkit_version(version)
    milestone = Activity.objects.select_related("toolkit_version").get(pk=milestone.pk)
    assert milestone.current_status == S.DONE
    assert milestone.status == S.NOT_STARTED  # derived, not copied
    assert milestone.is_overdue(datetime.date(2030, 1, 1)) is False


def test_a_milestone_is_done_once_its_event_has_taken_place(admin_user):
    past = timezone.now() - datetime.timedelta(days=3)
    event = EventFactory(created_by=admin_user, starts_at=past)
    milestone = make_plan_activity(None, event=event)
    assert milestone.current_status == S.DONE


def test_the_timeline_svg_and_its_table(client, programme_lead, vanguard_a):
    make_plan_activity(vanguard_a, description="Dated one")
    make_plan_activity(
        vanguard_a,
        description="Waiting one",
        timeline=T.CONDITION,
        target_date=None,
        condition="When post is recruited to",
    )
    make_plan_activity(
        vanguard_a,
        description="Range one",
        timeline=T.RANGE,
        target_date=None,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2025, 3, 1),
        status=S.AT_RISK,
    )
    client.force_login(programme_lead)
    html = client.get(PLAN).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert "Today" in svg
    assert "<rect" in svg  # the range
    assert "<polygon" in svg  # the target date
    assert "Not started, overdue" in svg  # status in words, not colour alone
    assert ">1.3<" in svg and "At risk, overdue" in svg
    assert ">1.2<" not in svg  # conditional ones are listed apart
    assert "3 activities: 0 done, 2 overdue and 1 at risk" in svg
    assert "Waiting on a condition (not on the timeline)" in html
    assert "1.2: When post is recruited to" in html
    table = html[html.index('<table class="govuk-table') :]
    for words in ("June 2023", "When post is recruited to", "September 2024 to March 2025"):
        assert words in table


def test_plan_page_query_budget_does_not_grow_with_activities(
    client, member_a, vanguard_a, django_assert_max_num_queries
):
    client.force_login(member_a)
    for count in (1, 20):
        while Activity.objects.count() < count:
            activity = make_plan_activity(vanguard_a)
        client.post(f"{PLAN}comments/", {"text": "x"})  # a member's answer, one more each time
        # 1 session, 2 user, 3 membership and vanguard, 4 the vanguard (plan_vanguards), 5 the
        # plan (get or create), 6 themes, 7 their activities (toolkit version and event joined),
        # 8 comments (author and activity joined); the comment form's choices are the
        # activities in hand.
        with django_assert_max_num_queries(8):
            assert client.get(PLAN).status_code == 200
    assert activity.number == 20


def test_the_table_beside_the_chart_names_each_action(client, member_a, vanguard_a):
    make_plan_activity(vanguard_a, description="Recruit the advisers for every practice in town")
    client.force_login(member_a)
    html = client.get(PLAN).content.decode()
    table = html.split("Every activity, with its timeline and status")[1].split("</table>")[0]
    assert ">Action</th>" in table
    assert "Recruit the advisers for every practice in town" in table
