"""The demo pulse survey: four closed quarters, some groups under the threshold, free text in
the programme's words, this quarter's survey open in a quarter's last month, safe to rerun."""

import datetime

import pytest

from feedback.management.demo_pulse import seed_pulse
from feedback.models import PulseInvitation, PulseResponse, PulseSurvey
from feedback.selectors.disclosure import WITHHELD
from feedback.selectors.results import quarter_results
from vanguards.management.demo import seed_registry
from workwell.dates import Quarter
from workwell.models import User

LAST_MONTH = datetime.date(2026, 12, 10)  # in 2026/27 Q3's last month
MID_QUARTER = datetime.date(2026, 11, 10)


@pytest.fixture
def registry(db):
    return seed_registry()


def test_four_closed_quarters_and_no_open_survey_mid_quarter(registry):
    seed_pulse(registry, today=MID_QUARTER)
    surveys = PulseSurvey.objects.all()
    assert [survey.quarter for survey in surveys] == [
        Quarter(2026, 2),
        Quarter(2026, 1),
        Quarter(2025, 4),
        Quarter(2025, 3),
    ]
    assert set(surveys.values_list("status", flat=True)) == {"closed"}
    for survey in surveys:
        asked = PulseInvitation.objects.filter(survey=survey).count()
        answered = PulseResponse.objects.filter(survey=survey).count()
        assert asked == 15 and 0 < answered < asked


def test_some_groups_are_under_the_threshold_and_some_are_not(registry):
    seed_pulse(registry, today=MID_QUARTER)
    lead = User.objects.get(email="lead@example.com")
    rows = quarter_results(user=lead, quarter=Quarter(2026, 2)).rows
    assert any(row.pulse is WITHHELD for row in rows)
    assert any(row.pulse is not WITHHELD and row.breakdown != "national" for row in rows)


def test_free_text_is_in_the_programmes_words(registry):
    seed_pulse(registry, today=MID_QUARTER)
    text = " ".join(PulseResponse.objects.values_list("went_well", flat=True))
    assert "Maturity Assessment Matrix" in text and "Learning and Change Network" in text
    assert PulseResponse.objects.filter(may_contact=True).exists()


def test_this_quarters_survey_is_open_in_its_last_month_and_reruns_change_nothing(registry):
    seed_pulse(registry, today=LAST_MONTH)
    current = PulseSurvey.objects.get(year=2026, number=3)
    assert current.status == "open" and current.opens_on == datetime.date(2026, 12, 1)
    responses = PulseResponse.objects.count()
    seed_pulse(registry, today=LAST_MONTH)
    assert PulseResponse.objects.count() == responses
    assert PulseSurvey.objects.count() == 5
