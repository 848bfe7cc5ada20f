"""Every state transition of a concern through its services, and each forbidden one refused
with a message saying how to fix it (issue 10, "Concerns and complaints", "Bad input")."""

import datetime

import pytest

from feedback.models import Concern, ConcernEntry
from feedback.services import concerns as services
from feedback.services.concerns import ConcernError
from vanguards.models import ProgrammeSettings

from .conftest import RAISED_ON, raise_concern

State, Stage, Entry = Concern.State, Concern.Stage, ConcernEntry.Kind
pytestmark = pytest.mark.django_db


def _entries(concern):
    return list(concern.entries.values_list("kind", flat=True))


def test_raising_routes_to_the_vanguards_rm_and_starts_both_clocks(concern_a, rm):
    assert concern_a.state == State.RAISED
    assert concern_a.stage == Stage.EARLY_RESOLUTION
    assert concern_a.handler == rm
    assert concern_a.acknowledge_by == datetime.date(2026, 3, 9)  # Wed + 3 working days
    assert concern_a.respond_by == datetime.date(2026, 4, 1)  # Wed + 20 working days
    assert _entries(concern_a) == [Entry.RAISED]


def test_the_response_target_is_the_programme_setting(member_a, rm):
    ProgrammeSettings.objects.create(pk=1, concern_response_working_days=5)
    assert raise_concern(member_a).respond_by == datetime.date(2026, 3, 11)


def test_the_whole_way_raised_to_closed(concern_a, rm, member_a):
    services.concern_acknowledge(concern=concern_a, by=rm, note="Happy to call you.")
    assert concern_a.state == State.ACKNOWLEDGED
    acknowledgement = concern_a.entries.get(kind=Entry.ACKNOWLEDGED).text
    assert "talk with you about how it will be handled" in acknowledgement
    assert "Happy to call you." in acknowledgement
    services.concern_start_investigation(concern=concern_a, by=rm)
    assert concern_a.state == State.INVESTIGATING
    services.concern_respond(concern=concern_a, by=rm, response="We rebooked it.", today=RAISED_ON)
    assert concern_a.state == State.RESPONDED
    assert concern_a.auto_close_on == datetime.date(2026, 3, 18)
    response = concern_a.entries.get(kind=Entry.RESPONDED).text
    assert "We rebooked it." in response
    assert "relationship manager lead will investigate" in response  # how to escalate
    services.concern_close(concern=concern_a, by=member_a)
    assert concern_a.state == State.CLOSED
    assert not concern_a.closed_automatically
    assert _entries(concern_a) == [
        Entry.RAISED,
        Entry.ACKNOWLEDGED,
        Entry.INVESTIGATING,
        Entry.RESPONDED,
        Entry.CLOSED,
    ]
    # Every step is in the concern's history too, with who took it.
    assert concern_a.history.count() == 5
    assert concern_a.history.first().history_user == member_a


def _responded(concern, by):
    services.concern_acknowledge(concern=concern, by=by)
    services.concern_start_investigation(concern=concern, by=by)
    services.concern_respond(concern=concern, by=by, response="Sorted.", today=RAISED_ON)
    return concern


def test_a_response_before_acknowledgement_is_refused(concern_a, rm):
    with pytest.raises(ConcernError, match="Acknowledge the concern before"):
        services.concern_respond(concern=concern_a, by=rm, response="Done.")
    concern_a.refresh_from_db()
    assert concern_a.state == State.RAISED


def test_a_response_before_the_investigation_starts_is_refused(concern_a, rm):
    services.concern_acknowledge(concern=concern_a, by=rm)
    with pytest.raises(ConcernError, match="Start the investigation"):
        services.concern_respond(concern=concern_a, by=rm, response="Done.")


def test_a_second_acknowledgement_is_refused(concern_a, rm):
    services.concern_acknowledge(concern=concern_a, by=rm)
    stale = Concern.objects.get(pk=concern_a.pk)
    stale.state = State.RAISED  # a form opened before the first acknowledgement
    with pytest.raises(ConcernError, match="already been acknowledged"):
        services.concern_acknowledge(concern=stale, by=rm)
    assert concern_a.entries.filter(kind=Entry.ACKNOWLEDGED).count() == 1


def test_closing_before_the_response_is_refused(concern_a, rm, member_a):
    services.concern_acknowledge(concern=concern_a, by=rm)
    with pytest.raises(ConcernError, match="once it has had its response"):
        services.concern_close(concern=concern_a, by=member_a)


def test_a_raiser_cannot_close_someone_elses_concern(concern_a, rm, vanguard_a):
    from tests.factories import make_member

    colleague = make_member(vanguard_a, full_name="Colleague Alpha")
    _responded(concern_a, rm)
    with pytest.raises(ConcernError, match="Only the person who raised this concern"):
        services.concern_close(concern=concern_a, by=colleague)
    concern_a.refresh_from_db()
    assert concern_a.state == State.RESPONDED


def test_reopen_once_with_a_reason_then_never_again(concern_a, rm, member_a):
    _responded(concern_a, rm)
    with pytest.raises(ConcernError, match="Enter why you are reopening") as error:
        services.concern_reopen(concern=concern_a, by=member_a, reason="  ")
    assert error.value.field == "reason"
    services.concern_reopen(
        concern=concern_a, by=member_a, reason="Still no date.", today=datetime.date(2026, 3, 11)
    )
    assert concern_a.state == State.INVESTIGATING
    assert concern_a.respond_by == datetime.date(2026, 4, 10)  # 20 working days, Easter skipped
    services.concern_respond(concern=concern_a, by=rm, response="Booked.", today=RAISED_ON)
    with pytest.raises(ConcernError, match="already been reopened once"):
        services.concern_reopen(concern=concern_a, by=member_a, reason="Again.")


def test_only_the_raiser_reopens(concern_a, rm):
    _responded(concern_a, rm)
    with pytest.raises(ConcernError, match="Only the person who raised"):
        services.concern_reopen(concern=concern_a, by=rm, reason="Because.")


def test_an_old_complaint_needs_a_reason_it_was_not_raised_sooner(member_a):
    old = RAISED_ON - datetime.timedelta(days=400)
    with pytest.raises(ConcernError, match="more than 12 months ago") as error:
        raise_concern(member_a, kind=Concern.Kind.COMPLAINT, happened_on=old)
    assert error.value.field == "late_reason"
    concern = raise_concern(
        member_a, kind=Concern.Kind.COMPLAINT, happened_on=old, late_reason="We were told to wait."
    )
    assert concern.late_reason == "We were told to wait."
    # Exactly 12 months ago is not more than 12 months ago; an old suggestion needs no reason.
    raise_concern(member_a, kind=Concern.Kind.COMPLAINT, happened_on=datetime.date(2025, 3, 4))
    raise_concern(member_a, kind=Concern.Kind.SUGGESTION, happened_on=old)


def test_a_concern_about_another_vanguards_business_is_refused(regional_lead, vanguard_b):
    with pytest.raises(ConcernError, match="cannot raise a concern about Bravo") as error:
        raise_concern(regional_lead, vanguard=vanguard_b)
    assert error.value.field == "vanguard"
    assert not Concern.objects.exists()


def test_a_member_cannot_raise_about_another_vanguard(member_a, vanguard_b):
    with pytest.raises(ConcernError, match="cannot raise a concern about Bravo"):
        raise_concern(member_a, vanguard=vanguard_b)


def test_the_nst_does_not_raise_concerns(rm):
    with pytest.raises(ConcernError, match="Only vanguard members and regional leads"):
        raise_concern(rm)


def test_a_regional_leads_concern_about_the_region_goes_to_the_rm_lead(regional_lead, rm_lead):
    concern = raise_concern(regional_lead)
    assert concern.vanguard is None
    assert concern.region.slug == "north-west"
    assert (concern.stage, concern.handler) == (Stage.INVESTIGATION, rm_lead)


def test_escalation_goes_rm_then_rm_lead_then_programme_director(
    concern_a, rm, rm_lead, programme_lead
):
    services.concern_acknowledge(concern=concern_a, by=rm)
    services.concern_escalate(concern=concern_a, by=rm, reason="Needs a wider look.")
    assert (concern_a.stage, concern_a.handler) == (Stage.INVESTIGATION, rm_lead)
    # The RM no longer handles it: it has left early resolution.
    with pytest.raises(ConcernError, match="cannot act on this concern"):
        services.concern_start_investigation(concern=concern_a, by=rm)
    with pytest.raises(ConcernError, match="name the programme director"):
        services.concern_escalate(concern=concern_a, by=rm_lead, reason="Beyond me.")
    ProgrammeSettings.objects.create(pk=1, programme_director=programme_lead)
    services.concern_escalate(concern=concern_a, by=rm_lead, reason="Beyond me.")
    assert (concern_a.stage, concern_a.handler) == (Stage.ESCALATION, programme_lead)
    services.concern_start_investigation(concern=concern_a, by=programme_lead)
    with pytest.raises(ConcernError, match="already with the programme director"):
        services.concern_escalate(concern=concern_a, by=programme_lead, reason="Again.")
    services.concern_respond(concern=concern_a, by=programme_lead, response="Final.")
    assert "Ombudsman" in concern_a.entries.get(kind=Entry.RESPONDED).text


def test_escalating_before_acknowledgement_is_refused(concern_a, rm):
    with pytest.raises(ConcernError, match="Acknowledge the concern before"):
        services.concern_escalate(concern=concern_a, by=rm, reason="Too big.")


def test_messages_from_the_raiser_and_handler_and_nobody_else(concern_a, rm, member_b, rm_lead):
    services.concern_message(concern=concern_a, by=concern_a.raised_by, text="Any news?")
    services.concern_message(concern=concern_a, by=rm, text="Next week.")
    with pytest.raises(ConcernError, match="can add messages"):
        services.concern_message(concern=concern_a, by=member_b, text="Hello")
    assert concern_a.entries.filter(kind=Entry.MESSAGE).count() == 2


def test_the_raisers_reply_to_a_response_stops_it_closing_by_itself(concern_a, rm, member_a):
    _responded(concern_a, rm)
    services.concern_message(concern=concern_a, by=member_a, text="Not quite.")
    concern_a.refresh_from_db()
    assert concern_a.auto_close_on is None
    assert services.concerns_close_unanswered(today=datetime.date(2026, 12, 1)) == 0


def test_no_messages_on_a_closed_concern(concern_a, rm, member_a):
    _responded(concern_a, rm)
    services.concern_close(concern=concern_a, by=member_a)
    with pytest.raises(ConcernError, match="Reopen it to add"):
        services.concern_message(concern=concern_a, by=member_a, text="One more thing")


def test_unanswered_responses_close_after_ten_working_days(concern_a, rm):
    _responded(concern_a, rm)
    assert services.concerns_close_unanswered(today=datetime.date(2026, 3, 17)) == 0
    assert services.concerns_close_unanswered(today=datetime.date(2026, 3, 18)) == 1
    concern_a.refresh_from_db()
    assert (concern_a.state, concern_a.closed_automatically) == (State.CLOSED, True)
    assert concern_a.entries.last().author is None
    # Running again closes nothing more and writes nothing more.
    assert services.concerns_close_unanswered(today=datetime.date(2026, 3, 18)) == 0
    assert concern_a.entries.filter(kind=Entry.CLOSED).count() == 1
