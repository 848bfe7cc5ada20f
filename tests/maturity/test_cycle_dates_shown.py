"""An assessment page says whether its cycle is still open: a past cycle's says it closed, with
the date, never that it is open."""

import datetime

import pytest
from django.utils import timezone

from maturity.presenters import cycle_dates
from tests.factories import AssessmentCycleFactory, make_assessment, make_framework
from workwell.dates import govuk_date

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def summary(html: str) -> str:
    return " ".join(html[html.index("govuk-summary-list") :].split())


@pytest.fixture
def past_cycle(db):
    return AssessmentCycleFactory(
        name="Spring 2025",
        framework=make_framework(2),
        opens_on=datetime.date(2025, 4, 1),
        closes_on=datetime.date(2025, 5, 13),
    )


@pytest.mark.parametrize("status", ["agreed", "submitted", "draft"])
def test_a_past_cycles_assessment_says_it_closed(client, member_a, vanguard_a, past_cycle, status):
    assessment = make_assessment(vanguard_a, past_cycle, [3, 3], status=status)
    client.force_login(member_a)
    html = client.get(f"/maturity/assessments/{assessment.pk}/").content.decode()
    text = summary(html)
    assert "Spring 2025: closed on 13 May 2025 (opened 1 April 2025)" in text
    assert "Spring 2025: open" not in text


def test_an_overdue_draft_form_says_the_cycle_closed(client, member_a, vanguard_a, past_cycle):
    assessment = make_assessment(vanguard_a, past_cycle, [None, None], status="draft")
    client.force_login(member_a)
    html = client.get(f"/maturity/assessments/{assessment.pk}/").content.decode()
    assert "This cycle closed on 13 May 2025." in html
    assert "closes on 13 May 2025" not in html


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (-5, 20, "open {opens} to {closes}"),
        (-5, 0, "open {opens} to {closes}"),  # its last day is still open
        (-50, -1, "closed on {closes} (opened {opens})"),
        (3, 40, "opens {opens}, closes {closes}"),
    ],
)
def test_cycle_dates(db, opens, closes, expected):
    cycle = AssessmentCycleFactory(name="Cycle", opens_on=days(opens), closes_on=days(closes))
    wanted = expected.format(opens=govuk_date(days(opens)), closes=govuk_date(days(closes)))
    assert cycle_dates(cycle, TODAY) == f"Cycle: {wanted}"
