"""Many people at once, over HTTP against the live server (each with their own session), and
the daily emails run twice at once: nothing is stored twice, nothing silently lost, nobody
emailed twice."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from maturity.models import DimensionScore
from maturity.services.assessments import cycle_open
from reporting.models import QuarterlyReturn, ReturnPeriod, StrandReturn
from tests.factories import (
    CohortGroupFactory,
    UserFactory,
    VanguardFactory,
    assessment_form_data,
    join_group,
    make_framework,
    make_member,
    touchpoint_form_data,
)
from tests.reporting.conftest import QUARTER, make_return, make_strand, return_url
from vanguards.models import Touchpoint
from workwell.models import Role

from .http import Browser

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*calls):
    """Run the calls in threads released together; their results in order (errors re-raised)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - re-raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    if errors:
        raise errors[0]
    return results


# --- Touchpoints ----------------------------------------------------------------------------


def test_twenty_rms_logging_touchpoints_at_once_store_each_exactly_once(live_server):
    rms = []
    for number in range(20):
        rm = UserFactory(role=Role.RM, full_name=f"Rm {number}")
        vanguard = VanguardFactory(name=f"Vanguard {number}", slug=f"vanguard-{number}")
        join_group(vanguard, CohortGroupFactory(name=f"Group {number}", relationship_manager=rm))
        rms.append((Browser(live_server, rm), vanguard, rm))
    tokens = [browser.form_token("/touchpoints/new/") for browser, _v, _rm in rms]

    def submit(number):
        browser, vanguard, rm = rms[number]
        data = touchpoint_form_data(
            [vanguard], summary=f"Check-in number {number}.", nst_participants=[rm.pk]
        )
        return browser.post("/touchpoints/new/", data, tokens[number])

    responses = at_once(*(lambda number=number: submit(number) for number in range(20)))

    for status, url, html in responses:
        assert status == 200 and "/touchpoints/new/" not in url, html[html.find("error-summary") :][
            :800
        ]
    stored = Touchpoint.objects.all()
    assert sorted(stored.values_list("summary", flat=True)) == sorted(
        f"Check-in number {number}." for number in range(20)
    )
    # Each RM landed on their own touchpoint's page.
    for number, (_status, url, _html) in enumerate(responses):
        touchpoint = stored.get(summary=f"Check-in number {number}.")
        assert url.endswith(f"/touchpoints/{touchpoint.pk}/")
        assert touchpoint.vanguards.get() == rms[number][1]


def test_the_same_form_posted_twice_at_once_stores_one_touchpoint(live_server, rm, vanguard_a):
    browser = Browser(live_server, rm)
    token = browser.form_token("/touchpoints/new/")
    data = touchpoint_form_data([vanguard_a], summary="Posted twice.", nst_participants=[rm.pk])

    responses = at_once(*[lambda: browser.post("/touchpoints/new/", data, token)] * 2)

    touchpoint = Touchpoint.objects.get(summary="Posted twice.")
    # Both clicks land on the one touchpoint; the second is told why nothing new was saved.
    assert [url for _status, url, _html in responses] == [
        f"{live_server.url}/touchpoints/{touchpoint.pk}/"
    ] * 2
    assert any("It has been saved once." in html for _status, _url, html in responses)


# --- The same draft assessment, saved by two people at once ----------------------------------


@pytest.fixture
def draft_a(admin_user, vanguard_a):
    today = timezone.localdate()
    cycle = cycle_open(
        actor=admin_user,
        name="Spring cycle",
        framework=make_framework(2, name="Test matrix v1"),
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=21),
    )
    return cycle.self_assessments.get(vanguard=vanguard_a)


def test_two_people_saving_the_same_draft_at_once_lose_neither_change(
    live_server, member_a, vanguard_a, draft_a
):
    colleague = make_member(vanguard_a, full_name="Col League")
    url = f"/maturity/assessments/{draft_a.pk}/"
    people = [Browser(live_server, member_a), Browser(live_server, colleague)]
    tokens = [browser.form_token(url) for browser in people]
    # Both loaded the draft at revision 0, and each writes different evidence.
    forms = [
        assessment_form_data(draft_a, {1: {"self_level": level, "evidence": f"Evidence {who}."}})
        for level, who in ((2, "A"), (4, "B"))
    ]

    responses = at_once(*(lambda i=i: people[i].post(url, forms[i], tokens[i]) for i in range(2)))

    saved = DimensionScore.objects.get(assessment=draft_a, dimension__order=1)
    winner = "A" if saved.evidence == "Evidence A." else "B"
    loser = 1 if winner == "A" else 0
    assert saved.evidence == f"Evidence {winner}."
    assert saved.assessment.revision == 1  # one save went through, once
    status, _url, html = responses[loser]
    assert status == 200
    assert "saved this draft" in html and "check and save again" in html
    assert f"Evidence {'AB'[loser]}." in html  # what the loser typed is still on their page


# --- The same quarterly return, saved by two people at once ----------------------------------


@pytest.fixture
def return_a(vanguard_a):
    ReturnPeriod.objects.create(
        year=QUARTER.year, number=QUARTER.number, due_on=datetime.date(2025, 7, 22)
    )
    return make_return(vanguard_a)


def _two_members(live_server, member_a, vanguard_a):
    colleague = make_member(vanguard_a, full_name="Col League")
    return [Browser(live_server, member_a), Browser(live_server, colleague)]


def _refused_once(responses):
    """The index of the refused save, after checking exactly one was refused, and how."""
    assert [status for status, _url, _html in responses] == [200, 200]
    refused = [i for i, (_s, _u, html) in enumerate(responses) if "Someone else changed" in html]
    assert len(refused) == 1
    html = responses[refused[0]][2]
    assert "Someone else changed this return on" in html
    assert "so your changes have not been saved. Check the return, then save your" in html
    assert 'class="govuk-error-summary"' in html
    return refused[0]


def test_two_people_saving_the_same_narrative_at_once_lose_neither_change(
    live_server, member_a, vanguard_a, return_a
):
    people = _two_members(live_server, member_a, vanguard_a)
    url = return_url(vanguard_a, "narrative/")
    tokens = [browser.form_token(url) for browser in people]
    # The page carries the version it was loaded at, for the save to be checked against.
    assert f'name="seen" value="{return_a.updated_at.isoformat()}"' in people[0].get(url)[2]
    forms = [
        {
            "progress": f"Progress {who}.",
            "risks": "Risks.",
            "what_helped": "Help.",
            "complete": "no",
            "seen": return_a.updated_at.isoformat(),
        }
        for who in "AB"
    ]

    responses = at_once(*(lambda i=i: people[i].post(url, forms[i], tokens[i]) for i in range(2)))

    refused = _refused_once(responses)
    kept = 1 - refused
    return_a.refresh_from_db()
    assert return_a.progress == f"Progress {'AB'[kept]}."
    assert f"Progress {'AB'[refused]}." in responses[refused][2]  # still on their page


def test_two_people_saving_the_same_strand_at_once_lose_neither_change(
    live_server, member_a, vanguard_a, return_a
):
    strand = make_strand(vanguard_a, "MSK employment support", 600, 0)
    people = _two_members(live_server, member_a, vanguard_a)
    url = return_url(vanguard_a, f"strands/{strand.pk}/")
    tokens = [browser.form_token(url) for browser in people]
    forms = [
        {"starts_in_work": str(starts), "complete": "no", "seen": return_a.updated_at.isoformat()}
        for starts in (11, 22)
    ]

    responses = at_once(*(lambda i=i: people[i].post(url, forms[i], tokens[i]) for i in range(2)))

    refused = _refused_once(responses)
    row = StrandReturn.objects.get(quarterly_return=return_a, strand=strand)
    assert row.starts_in_work == (11, 22)[1 - refused]
    assert QuarterlyReturn.objects.get().history.count() >= 1
