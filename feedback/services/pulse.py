"""The quarterly pulse survey: opening and closing it, asking every member once, reminding
non-responders once, and taking (or changing) a member's answers.

Once-only emails: each member's invitation row is made once (a unique constraint), and each
email is claimed on that row with a conditional update before it is sent, inside the same
transaction. A second run, or a second beat at the same moment, waits for the first's row lock,
then finds the email claimed and updates nothing; a failed send rolls its claim back.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from vanguards import permissions
from vanguards.models import CohortGroupMembership, Vanguard
from workwell.dates import Quarter
from workwell.errors import ServiceError
from workwell.models import User

from ..models import PulseInvitation, PulseResponse, PulseSurvey
from ..models.pulse import survey_dates

REMINDER_AFTER = datetime.timedelta(days=7)
RATINGS = ("satisfaction", "rm_support", "learning_usefulness")


class PulseError(ServiceError):
    """A rule about the pulse survey was broken; the message is safe to show to the user."""


# --- Opening and closing ----------------------------------------------------------------


def pulse_survey_for(quarter: Quarter) -> PulseSurvey:
    """The quarter's survey row, made (not opened) the first time it is asked for."""
    opens_on, closes_on = survey_dates(quarter)
    survey, _ = PulseSurvey.objects.get_or_create(
        year=quarter.year,
        number=quarter.number,
        defaults={"opens_on": opens_on, "closes_on": closes_on},
    )
    return survey


def pulse_survey_open_due(*, today: datetime.date) -> PulseSurvey | None:
    """Open this quarter's survey if its last month has started; the open survey, or None."""
    survey = pulse_survey_for(Quarter.containing(today))
    if not survey.opens_on <= today <= survey.closes_on:
        return None
    # A conditional update, so two beats record one opening.
    PulseSurvey.objects.filter(pk=survey.pk, status=PulseSurvey.Status.SCHEDULED).update(
        status=PulseSurvey.Status.OPEN, opened_at=timezone.now()
    )
    survey.refresh_from_db()
    return survey if survey.is_open else None


def pulse_surveys_close_due(*, today: datetime.date) -> int:
    """Close every survey whose quarter has ended; how many closed."""
    return (
        PulseSurvey.objects.filter(closes_on__lt=today)
        .exclude(status=PulseSurvey.Status.CLOSED)
        .update(status=PulseSurvey.Status.CLOSED, closed_at=timezone.now())
    )


# --- Who is asked, with their groups at the time ------------------------------------------


def _members_to_ask() -> list[User]:
    """Active vanguard members of vanguards that are not closed."""
    return list(
        permissions.members_only(User.objects.filter(is_active=True))
        .filter(vanguard_membership__isnull=False)
        .exclude(vanguard_membership__vanguard__status=Vanguard.Status.CLOSED)
        .select_related("vanguard_membership__vanguard")
        .order_by("pk")
    )


def _groups_of(vanguard_ids: set[int]) -> dict[int, dict]:
    """Each vanguard's region, current cohort group and that group's RM (two queries)."""
    groups = {
        vanguard_id: {"cohort_group_id": group_id, "relationship_manager_id": rm_id}
        for vanguard_id, group_id, rm_id in CohortGroupMembership.objects.filter(
            vanguard__in=vanguard_ids, ended_on__isnull=True
        ).values_list("vanguard_id", "cohort_group_id", "cohort_group__relationship_manager_id")
    }
    return {
        vanguard_id: {
            "vanguard_id": vanguard_id,
            "region_id": region_id,
            "cohort_group_id": None,
            "relationship_manager_id": None,
            **groups.get(vanguard_id, {}),
        }
        for vanguard_id, region_id in Vanguard.objects.filter(pk__in=vanguard_ids).values_list(
            "pk", "region_id"
        )
    }


def pulse_invitations_create(*, survey: PulseSurvey) -> int:
    """Ask every member not yet asked this quarter, recording their groups; how many rows were
    new (ignore_conflicts: a concurrent run making the same rows is harmless)."""
    members = _members_to_ask()
    groups = _groups_of({member.vanguard_membership.vanguard_id for member in members})
    before = PulseInvitation.objects.filter(survey=survey).count()
    PulseInvitation.objects.bulk_create(
        [
            PulseInvitation(
                survey=survey, person=member, **groups[member.vanguard_membership.vanguard_id]
            )
            for member in members
        ],
        ignore_conflicts=True,
    )
    return PulseInvitation.objects.filter(survey=survey).count() - before


# --- The two emails ------------------------------------------------------------------------


def _answered() -> Exists:
    return Exists(
        PulseResponse.objects.filter(survey=OuterRef("survey"), person=OuterRef("person"))
    )


# Conditions on the invitation's own columns only: an update filtered across a join becomes
# `pk IN (subquery)`, and PostgreSQL would not re-check a subquery against the row a
# concurrent claim has just changed.
def _invitations_due(survey: PulseSurvey) -> Q:
    return Q(survey=survey.pk, invited_at__isnull=True)


def _reminders_due(survey: PulseSurvey, now: datetime.datetime) -> Q:
    return Q(survey=survey.pk, reminded_at__isnull=True, invited_at__lte=now - REMINDER_AFTER)


def _send(invitation: PulseInvitation, template: str, subject: str) -> None:
    context = {
        "invitation": invitation,
        "survey": invitation.survey,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    send_mail(
        subject=subject,
        message=render_to_string(f"feedback/pulse/email/{template}.txt", context),
        from_email=None,
        recipient_list=[invitation.person.email],
    )


def _claim_and_send(
    survey: PulseSurvey, due: Q, pk: int, claim: dict, template: str, subject: str
) -> bool:
    if not survey.is_open:
        return False
    with transaction.atomic():
        claimed = PulseInvitation.objects.filter(due, pk=pk).exclude(_answered()).update(**claim)
        if claimed != 1:
            return False
        invitation = PulseInvitation.objects.select_related("survey", "person").get(pk=pk)
        _send(invitation, template, subject.format(quarter=invitation.survey.quarter))
    return True


def pulse_invitation_send(
    *, invitation_id: int, survey: PulseSurvey, now: datetime.datetime
) -> bool:
    """Email one member the survey unless it has gone (or they have answered already)."""
    return _claim_and_send(
        survey,
        _invitations_due(survey),
        invitation_id,
        {"invited_at": now},
        "invitation",
        "Tell us how the National Support Team is doing: pulse survey {quarter}",
    )


def pulse_reminder_send(*, invitation_id: int, survey: PulseSurvey, now: datetime.datetime) -> bool:
    """Remind one member who has not answered 7 days after being asked, once."""
    return _claim_and_send(
        survey,
        _reminders_due(survey, now),
        invitation_id,
        {"reminded_at": now},
        "reminder",
        "Reminder: the pulse survey {quarter} closes soon",
    )


def _due_ids(condition: Q) -> list[int]:
    return list(
        PulseInvitation.objects.filter(condition)
        .exclude(_answered())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def pulse_survey_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The daily beat: close ended surveys, open this quarter's when due, ask new members,
    send the emails due. Safe to run twice, or twice at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"closed": pulse_surveys_close_due(today=today), "invited": 0, "reminded": 0}
    survey = pulse_survey_open_due(today=today)
    if survey is None:
        return counts
    pulse_invitations_create(survey=survey)
    for pk in _due_ids(_invitations_due(survey)):
        counts["invited"] += pulse_invitation_send(invitation_id=pk, survey=survey, now=now)
    for pk in _due_ids(_reminders_due(survey, now)):
        counts["reminded"] += pulse_reminder_send(invitation_id=pk, survey=survey, now=now)
    return counts


# --- Answers ------------------------------------------------------------------------------


def _check_answers(answers: dict) -> None:
    for name in RATINGS:
        value = answers.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise PulseError("Choose an answer from 1 to 5", field=name)


def pulse_response_submit(
    *, survey: PulseSurvey, person: User, today: datetime.date | None = None, **answers
) -> PulseResponse:
    """Take a member's answers, or change the ones they gave, while the survey is open. Their
    vanguard, cohort group, RM and region now are recorded with the answers."""
    today = today or timezone.localdate()
    vanguard_id = permissions.member_vanguard_id(person)
    if vanguard_id is None:
        raise PulseError("Only members of a vanguard can answer the pulse survey.")
    if not survey.is_open or not survey.opens_on <= today <= survey.closes_on:
        raise PulseError(
            "The pulse survey for this quarter has closed, so answers can no longer be changed."
        )
    _check_answers(answers)
    fields = {
        name: answers.get(name, default)
        for name, default in (
            *((rating, None) for rating in RATINGS),
            ("went_well", ""),
            ("even_better", ""),
            ("may_contact", False),
        )
    }
    groups = _groups_of({vanguard_id})[vanguard_id]
    now = timezone.now()
    with transaction.atomic():
        # The member counts in the response rate even if they joined after the emails went.
        PulseInvitation.objects.get_or_create(survey=survey, person=person, defaults=groups)
        response, _ = PulseResponse.objects.update_or_create(
            survey=survey,
            person=person,
            defaults={**fields, **groups, "updated_at": now},
            create_defaults={**fields, **groups, "updated_at": now, "submitted_at": now},
        )
    return response
