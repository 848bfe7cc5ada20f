"""Regional-lead feedback: one per lead per quarter, changed by a second submission until the
quarter ends, ratings outside 1 to 5 refused with nothing typed lost, and the leadership's list
(filters, and a query count that does not grow with the feedback)."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import RegionalFeedback
from feedback.services.regional import RegionalFeedbackError, regional_feedback_submit
from tests.factories import VanguardFactory, make_regional_lead
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

URL = "/feedback/regional/new/"
LIST = "/feedback/regional/"


def test_a_second_submission_in_the_quarter_changes_the_first(client, regional_lead, vanguard_a):
    client.force_login(regional_lead)
    first = {
        "rating": "4",
        "observations": "Good sessions",
        f"vanguard_{vanguard_a.pk}_rating": "5",
    }
    assert client.post(URL, first).status_code == 302
    second = {"rating": "2", "observations": "Fewer visits lately"}
    assert client.post(URL, second).status_code == 302
    feedback = RegionalFeedback.objects.get()
    assert (feedback.rating, feedback.observations) == (2, "Fewer visits lately")
    assert feedback.quarter == Quarter.containing(timezone.localdate())
    assert not feedback.vanguard_ratings.exists()
    page = client.get(URL)
    assert "Change your feedback" in page.content.decode()


def test_a_new_quarter_starts_a_new_piece_of_feedback(regional_lead):
    day = datetime.date(2026, 6, 30)
    regional_feedback_submit(author=regional_lead, rating=3, today=day)
    regional_feedback_submit(author=regional_lead, rating=5, today=day + datetime.timedelta(1))
    assert sorted(RegionalFeedback.objects.values_list("number", "rating")) == [(1, 3), (2, 5)]


@pytest.mark.parametrize("rating", ["0", "6", "very", ""])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_typed_is_lost(
    client, regional_lead, vanguard_a, rating
):
    client.force_login(regional_lead)
    data = {"rating": rating, "observations": "Typed before the mistake"}
    page = client.post(URL, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "Select how satisfied you are" in html
    assert "Typed before the mistake" in html
    assert not RegionalFeedback.objects.exists()


def test_a_vanguard_comment_without_a_rating_is_refused(client, regional_lead, vanguard_a):
    client.force_login(regional_lead)
    data = {"rating": "4", f"vanguard_{vanguard_a.pk}_comment": "Keen to do more"}
    html = client.post(URL, data).content.decode()
    assert "or remove your comment on it" in html
    assert "Keen to do more" in html
    assert not RegionalFeedback.objects.exists()


def test_a_vanguard_outside_the_region_cannot_be_rated(client, regional_lead, vanguard_b):
    client.force_login(regional_lead)
    assert f"vanguard_{vanguard_b.pk}_rating" not in client.get(URL).content.decode()
    with pytest.raises(RegionalFeedbackError, match="only rate the vanguards in your region"):
        regional_feedback_submit(
            author=regional_lead, rating=4, vanguard_ratings={vanguard_b.pk: (4, "")}
        )


@pytest.mark.parametrize("rating", [0, 6, True, "4"])
def test_the_service_refuses_ratings_outside_1_to_5(regional_lead, rating):
    with pytest.raises(RegionalFeedbackError, match="from 1 to 5"):
        regional_feedback_submit(author=regional_lead, rating=rating)


def test_only_regional_leads_give_regional_feedback(member_a):
    with pytest.raises(RegionalFeedbackError):
        regional_feedback_submit(author=member_a, rating=4)


def _feedback_from(count: int, day: datetime.date):
    for index in range(count):
        lead = make_regional_lead("london", full_name=f"Lead {index}")
        vanguard = VanguardFactory(region=lead.regional_lead.region)
        regional_feedback_submit(
            author=lead, rating=4, vanguard_ratings={vanguard.pk: (3, "ok")}, today=day
        )


def test_the_list_filters_by_quarter_and_region(client, rm_lead, regional_lead):
    regional_feedback_submit(author=regional_lead, rating=2, today=datetime.date(2026, 5, 1))
    _feedback_from(1, datetime.date(2026, 8, 1))
    client.force_login(rm_lead)
    assert "Reg Northwest" in client.get(LIST).content.decode()
    html = client.get(LIST, {"quarter": "2026-2"}).content.decode()
    assert "Lead 0" in html and "Reg Northwest" not in html
    north_west = regional_lead.regional_lead.region_id
    html = client.get(LIST, {"region": north_west}).content.decode()
    assert "Reg Northwest" in html and "Lead 0" not in html
    html = client.get(LIST, {"quarter": "1999-9"}).content.decode()
    assert "Choose a quarter from the list" in html


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_costs_the_same_whatever_its_length(
    client, rm_lead, count, django_assert_max_num_queries
):
    _feedback_from(count, datetime.date(2026, 5, 1))
    client.force_login(rm_lead)
    # Session, user, the filter's quarters, the filter's regions, the feedback with author and
    # region, the vanguard ratings with their vanguards.
    with django_assert_max_num_queries(6):
        page = client.get(LIST)
    assert page.content.decode().count('class="govuk-summary-card__title"') == count
