"""The RMs' daily digest: what it lists, who gets one, and at most one a day, including through
the real Celery worker."""

import datetime
import smtplib

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    CohortGroupFactory,
    TouchpointFactory,
    UserFactory,
    VanguardFactory,
    join_group,
)
from tests.worker import celery_worker  # noqa: F401 (a fixture)
from vanguards.models import Action, DigestSent
from vanguards.services.digest import DigestOutcome, rm_digest_send
from vanguards.tasks import send_rm_digest, send_rm_digests
from workwell.celery import app
from workwell.models import Role

TODAY = datetime.date(2026, 3, 4)  # a Wednesday
TIMEOUT = 30  # seconds for the worker


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def rms_work(vanguard_a, vanguard_b, rm, rm_lead):
    """Vanguard A (the RM's) was last contacted on 2 February, so was due on 16 February;
    a second vanguard of the RM's was contacted in time; the RM owns actions due at various
    times; vanguard B (the RM lead's) is overdue too but is not the RM's."""
    TouchpointFactory(vanguards=[vanguard_a], date=datetime.date(2026, 2, 2))
    on_time = VanguardFactory(name="Charlie Vanguard")
    join_group(on_time, vanguard_a.group_memberships.get().cohort_group)
    TouchpointFactory(vanguards=[on_time], date=datetime.date(2026, 3, 2))
    due = {
        "Send the referral data template": datetime.date(2026, 2, 27),  # overdue
        "Book the site visit": TODAY,
        "Share the employer toolkit": datetime.date(2026, 3, 7),  # in 3 days
        "Plan the Q1 review": datetime.date(2026, 3, 8),  # in 4 days: not yet
    }
    for description, due_date in due.items():
        ActionFactory(description=description, owner=rm, vanguard=vanguard_a, due_date=due_date)
    ActionFactory(
        description="Already done",
        owner=rm,
        vanguard=vanguard_a,
        due_date=datetime.date(2026, 3, 1),
        status=Action.Status.DONE,
    )
    ActionFactory(description="Someone else's", vanguard=vanguard_a, due_date=TODAY)


@pytest.mark.django_db
def test_digest_lists_overdue_contacts_and_actions_coming_due(rms_work, rm):
    assert rm_digest_send(user=rm, today=TODAY) == DigestOutcome.SENT
    (email,) = mail.outbox
    assert email.to == [rm.email]
    assert email.subject == "Your WorkWell digest: 1 contact overdue and 3 actions due"
    body = email.body
    assert "This is your WorkWell digest for 4 March 2026." in body
    assert (
        "- Alpha Vanguard: last contact 2 February 2026 (30 days ago), was due 16 February 2026"
        in body
    )
    assert f"{django_settings.PORTAL_BASE_URL}/vanguards/alpha/" in body
    assert "Charlie Vanguard" not in body  # contacted in time
    assert "Bravo Vanguard" not in body  # the RM lead's
    assert (
        "- Send the referral data template (Alpha Vanguard): overdue, was due 27 February" in body
    )
    assert "- Book the site visit (Alpha Vanguard): due today, 4 March 2026" in body
    assert "- Share the employer toolkit (Alpha Vanguard): due 7 March 2026" in body
    for absent in ("Plan the Q1 review", "Already done", "Someone else's"):
        assert absent not in body
    assert f"Your actions: {django_settings.PORTAL_BASE_URL}/actions/\n" in body
    assert f"Log a touchpoint: {django_settings.PORTAL_BASE_URL}/touchpoints/new/\n" in body
    assert DigestSent.objects.filter(user=rm, sent_on=TODAY).count() == 1


@pytest.mark.django_db
def test_never_contacted_vanguards_are_in_the_digest(vanguard_a, rm):
    rm_digest_send(user=rm, today=TODAY)
    (email,) = mail.outbox
    assert email.subject == "Your WorkWell digest: 1 contact overdue"
    assert "- Alpha Vanguard: no contact yet" in email.body
    assert "ACTIONS DUE" not in email.body


@pytest.mark.django_db
def test_the_rm_lead_gets_their_own_groups_contacts(vanguard_a, vanguard_b, rm_lead):
    rm_digest_send(user=rm_lead, today=TODAY)
    (email,) = mail.outbox
    assert "Bravo Vanguard" in email.body
    assert "Alpha Vanguard" not in email.body  # on the lead's home page, not in their to-do list


@pytest.mark.django_db
def test_nothing_to_report_sends_nothing(vanguard_a, rm):
    TouchpointFactory(vanguards=[vanguard_a], date=datetime.date(2026, 3, 2))
    ActionFactory(owner=rm, vanguard=vanguard_a, due_date=datetime.date(2026, 3, 20))
    assert rm_digest_send(user=rm, today=TODAY) == DigestOutcome.NOTHING_TO_REPORT
    assert mail.outbox == []
    assert not DigestSent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEARNING, Role.PROGRAMME_LEAD, Role.MEMBER])
def test_only_relationship_managers_get_a_digest(role):
    someone = UserFactory(role=role)
    ActionFactory(owner=someone, due_date=TODAY)
    assert rm_digest_send(user=someone, today=TODAY) == DigestOutcome.NOTHING_TO_REPORT
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing_the_next_day_sends_again(rms_work, rm):
    assert rm_digest_send(user=rm, today=TODAY) == DigestOutcome.SENT
    assert rm_digest_send(user=rm, today=TODAY) == DigestOutcome.ALREADY_SENT
    assert len(mail.outbox) == 1
    assert rm_digest_send(user=rm, today=TODAY + datetime.timedelta(days=1)) == DigestOutcome.SENT
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_failed_send_leaves_the_day_unclaimed_so_a_retry_sends(rms_work, rm, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    with pytest.raises(smtplib.SMTPException):
        rm_digest_send(user=rm, today=TODAY)
    assert not DigestSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert rm_digest_send(user=rm, today=TODAY) == DigestOutcome.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_daily_task_fans_out_to_each_rm_with_something_to_report(vanguard_a, rm, rm_lead):
    quiet_rm = UserFactory(role=Role.RM)
    quiet = VanguardFactory()
    join_group(quiet, CohortGroupFactory(relationship_manager=quiet_rm))
    TouchpointFactory(vanguards=[quiet])  # three days ago: on time
    gone = UserFactory(role=Role.RM, is_active=False)
    join_group(VanguardFactory(), CohortGroupFactory(relationship_manager=gone))
    ActionFactory(owner=rm_lead, due_date=timezone.localdate())  # the lead has no groups here

    # The test settings run .delay() in-process, so the fan-out sends here.
    assert send_rm_digests() == 2
    assert sorted(email.to[0] for email in mail.outbox) == sorted([rm.email, rm_lead.email])
    # Run again (a retried beat): the task says so, and nobody gets a second email.
    assert send_rm_digest(rm.pk) == "already sent"
    assert send_rm_digests() == 2
    assert len(mail.outbox) == 2


def test_beat_runs_the_digest_daily():
    (entry,) = [
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "vanguards.tasks.send_rm_digests"
    ]
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert "vanguards.tasks.send_rm_digests" in app.tasks
    assert django_settings.CELERY_TIMEZONE == "Europe/London"


# --- Through the real worker --------------------------------------------------------------


# serialized_rollback: the flush at the end of a transactional test must not take the regions
# and themes that data migrations seed with it.
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
# This process is eager and Celery warns about that on send_task and .get(); send_task goes
# through the broker and the worker stores results regardless.
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning")
def test_the_worker_sends_one_digest_a_day_however_often_the_task_runs(
    celery_worker,  # noqa: F811
    vanguard_a,
    rm,
):
    # Vanguard A was never contacted, so the RM has something to report.
    first = app.send_task("vanguards.tasks.send_rm_digest", args=[rm.pk])
    second = app.send_task("vanguards.tasks.send_rm_digest", args=[rm.pk])
    outcomes = sorted([first.get(timeout=TIMEOUT), second.get(timeout=TIMEOUT)])
    assert outcomes == ["already sent", "sent"]
    # The worker's email went to its own locmem outbox; the claim is what proves it went once.
    assert DigestSent.objects.filter(user=rm).count() == 1
