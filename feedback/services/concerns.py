"""Concerns and complaints, from being raised to being closed.

A concern moves raised → acknowledged → investigating → responded → closed; the raiser may
reopen it once (back to investigating, with a new response date). Its stage (early resolution
by the RM, investigation by the RM lead, escalation to the programme director) says who handles
it. Every step claims the concern with a conditional update on its expected state, so a
double-submitted form, two handlers at once or the auto-close task racing the raiser change it
once; each step and message is also written to the concern's thread, which the raiser reads.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import govuk_date
from workwell.errors import ServiceError
from workwell.models import User

from ..models import Concern, ConcernEntry
from ..selectors.concerns import (
    AWAITING_RESPONSE,
    acknowledge_due,
    auto_close_due,
    concerns_to_close_automatically,
    current_rm,
    programme_director,
    respond_due,
    response_target,
    rm_lead,
)

State = Concern.State
Stage = Concern.Stage
Entry = ConcernEntry.Kind


class ConcernError(ServiceError):
    """A rule about concerns was broken; the message is safe to show to the user."""


# --- Raising -------------------------------------------------------------------------------


def twelve_months_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _route(*, vanguard: Vanguard | None, about_rm: User | None) -> tuple[str, User | None]:
    """Who handles a new concern, and at which stage.

    The vanguard's RM, at early resolution; but a concern about an RM (or one with no RM to
    handle it, such as a regional lead's about the whole region) goes straight to the RM lead,
    and one about the RM lead to the programme director, so nobody handles a concern about
    themselves.
    """
    lead = rm_lead()
    if about_rm is not None:
        if lead is not None and about_rm.pk == lead.pk:
            return Stage.ESCALATION, programme_director()
        return Stage.INVESTIGATION, lead
    handler = current_rm(vanguard.pk if vanguard else None)
    if handler is None:
        return Stage.INVESTIGATION, lead
    return Stage.EARLY_RESOLUTION, handler


def concern_raise(
    *,
    raised_by: User,
    kind: str,
    what_happened: str,
    happened_on: datetime.date,
    wanted_outcome: str,
    vanguard: Vanguard | None = None,
    about_rm: User | None = None,
    about_service: str = "",
    late_reason: str = "",
    today: datetime.date | None = None,
) -> Concern:
    """A vanguard member (about their vanguard's support) or a regional lead (about their
    region's) raises a concern; it is routed and its clocks start."""
    today = today or timezone.localdate()
    if not permissions.can_raise_concerns(raised_by):
        raise ConcernError("Only vanguard members and regional leads can raise concerns.")
    member_vanguard_id = permissions.member_vanguard_id(raised_by)
    if vanguard is None and member_vanguard_id is not None:
        vanguard = Vanguard.objects.get(pk=member_vanguard_id)
    if vanguard is not None and not permissions.can_raise_concern_about(raised_by, vanguard):
        raise ConcernError(
            f"You cannot raise a concern about {vanguard}'s support. Choose a vanguard you "
            "work with, or raise it about your own region.",
            "vanguard",
        )
    region_id = vanguard.region_id if vanguard else permissions.regional_lead_region_id(raised_by)
    if region_id is None:
        raise ConcernError("Your account is not linked to a vanguard or region. Ask an admin.")
    for value, field, message in (
        (what_happened, "what_happened", "Enter what happened"),
        (wanted_outcome, "wanted_outcome", "Enter what you would like to happen"),
    ):
        if not value.strip():
            raise ConcernError(message, field)
    if happened_on > today:
        raise ConcernError("The date it happened must be today or in the past", "happened_on")
    if (
        kind == Concern.Kind.COMPLAINT
        and happened_on < twelve_months_before(today)
        and not late_reason.strip()
    ):
        raise ConcernError(
            "This happened more than 12 months ago. Enter why the complaint was not raised "
            "sooner, so it can still be looked at",
            "late_reason",
        )
    if about_rm is not None and not permissions.can_look_after_cohort_groups(about_rm):
        raise ConcernError(
            f"{about_rm} is not a relationship manager. Choose one who is.", "about_rm"
        )
    stage, handler = _route(vanguard=vanguard, about_rm=about_rm)
    concern = Concern(
        raised_by=raised_by,
        vanguard=vanguard,
        region_id=region_id,
        kind=kind,
        what_happened=what_happened.strip(),
        happened_on=happened_on,
        wanted_outcome=wanted_outcome.strip(),
        about_rm=about_rm,
        about_service=about_service.strip(),
        late_reason=late_reason.strip(),
        stage=stage,
        handler=handler,
        acknowledge_by=acknowledge_due(today),
        respond_by=respond_due(today, response_target()),
    )
    concern._history_user = raised_by
    with transaction.atomic():
        concern.save()
        _entry(
            concern,
            Entry.RAISED,
            raised_by,
            f"{concern.get_kind_display()} raised. It will be acknowledged by "
            f"{govuk_date(concern.acknowledge_by)} and answered by "
            f"{govuk_date(concern.respond_by)}.",
        )
    return concern


# --- Steps ----------------------------------------------------------------------------------


def _entry(concern: Concern, kind: str, author: User | None, text: str) -> ConcernEntry:
    entry = ConcernEntry(concern=concern, kind=kind, author=author, text=text)
    entry._history_user = author
    entry.save()
    return entry


def _claim(
    concern: Concern,
    *,
    by: User | None,
    expected: tuple[str, ...],
    already: str,
    entry: tuple[str, str],
    extra: dict | None = None,
    **changes,
) -> Concern:
    """Apply `changes` only if the concern is still in one of the `expected` states (and
    matches `extra`), and write the step to its thread, in one transaction."""
    with transaction.atomic():
        claimed = Concern.objects.filter(
            pk=concern.pk, state__in=list(expected), **(extra or {})
        ).update(**changes)
        if not claimed:
            raise ConcernError(already)
        concern.refresh_from_db()
        concern._history_user = by
        concern.save()  # records who made the change in history
        _entry(concern, entry[0], by, entry[1])
    return concern


def _check_handler(by: User, concern: Concern) -> None:
    if not permissions.can_handle_concern(by, concern):
        raise ConcernError("You cannot act on this concern at its current stage.")


def _not_yet_acknowledged(concern: Concern) -> None:
    if concern.state == State.RAISED:
        raise ConcernError(
            "Acknowledge the concern before you go on: the raiser must hear that it was "
            "received and be offered a conversation about how it will be handled."
        )


def acknowledgement_text(concern: Concern, handler: User, note: str = "") -> str:
    """What the raiser reads: received, who handles it, the offer to discuss, the date."""
    text = (
        f"We have received your {concern.get_kind_display().lower()}. {handler} is handling it. "
        "We would like to talk with you about how it will be handled and what a good outcome "
        "would be: reply here to arrange a call or a meeting. We will send you our response by "
        f"{govuk_date(concern.respond_by)}."
    )
    return f"{text}\n\n{note.strip()}" if note.strip() else text


def concern_acknowledge(*, concern: Concern, by: User, note: str = "") -> Concern:
    """raised → acknowledged, offering to discuss how the concern will be handled."""
    _check_handler(by, concern)
    handler = concern.handler or by
    return _claim(
        concern,
        by=by,
        expected=(State.RAISED,),
        already="This concern has already been acknowledged.",
        entry=(Entry.ACKNOWLEDGED, acknowledgement_text(concern, handler, note)),
        state=State.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
        handler=handler,
    )


def concern_start_investigation(*, concern: Concern, by: User, note: str = "") -> Concern:
    """acknowledged → investigating."""
    _check_handler(by, concern)
    _not_yet_acknowledged(concern)
    text = "We have started looking into your concern."
    return _claim(
        concern,
        by=by,
        expected=(State.ACKNOWLEDGED,),
        already="The investigation has already started.",
        entry=(Entry.INVESTIGATING, f"{text}\n\n{note.strip()}" if note.strip() else text),
        state=State.INVESTIGATING,
        investigating_at=timezone.now(),
    )


NEXT_STAGE = {Stage.EARLY_RESOLUTION: Stage.INVESTIGATION, Stage.INVESTIGATION: Stage.ESCALATION}


def concern_escalate(*, concern: Concern, by: User, reason: str) -> Concern:
    """Move an acknowledged concern to the next stage: the RM lead investigates what the RM
    could not resolve, and the programme director takes what the RM lead could not."""
    _check_handler(by, concern)
    _not_yet_acknowledged(concern)
    if not reason.strip():
        raise ConcernError("Enter why the concern is being escalated", "reason")
    stage = NEXT_STAGE.get(concern.stage)
    if stage is None:
        raise ConcernError("This concern is already with the programme director.")
    handler = rm_lead() if stage == Stage.INVESTIGATION else programme_director()
    if handler is None:
        raise ConcernError(
            "Nobody is named to take it: ask an admin to name the programme director in the "
            "programme settings."
        )
    label = Stage(stage).label
    return _claim(
        concern,
        by=by,
        expected=AWAITING_RESPONSE,
        already="Only a concern waiting for its response can be escalated.",
        entry=(Entry.ESCALATED, f"Moved to the next stage: {label.lower()} ({handler}). {reason}"),
        extra={"stage": concern.stage},
        stage=stage,
        handler=handler,
        escalated_at=timezone.now(),
    )


def escalation_route(stage: str) -> str:
    """What the final response tells the raiser to do if they are not satisfied (PHSO
    complaint standards: each stage names the next, the last names the ombudsman)."""
    if stage == Stage.EARLY_RESOLUTION:
        return (
            "If you are not satisfied with this response, reopen your concern and say why: the "
            "relationship manager lead will investigate it."
        )
    if stage == Stage.INVESTIGATION:
        return (
            "If you are not satisfied with this response, reopen your concern and say why: the "
            "programme director will review it."
        )
    return (
        "This is the programme's final response. If you are still not satisfied, you can ask "
        "your MP to refer your complaint to the Parliamentary and Health Service Ombudsman "
        "(www.ombudsman.org.uk)."
    )


def concern_respond(
    *, concern: Concern, by: User, response: str, today: datetime.date | None = None
) -> Concern:
    """investigating → responded: the final response, which says how to escalate further."""
    _check_handler(by, concern)
    _not_yet_acknowledged(concern)
    if concern.state == State.ACKNOWLEDGED:
        raise ConcernError(
            "Start the investigation before you send the final response, so the raiser can see "
            "the concern is being looked into."
        )
    if not response.strip():
        raise ConcernError("Enter your response", "response")
    today = today or timezone.localdate()
    return _claim(
        concern,
        by=by,
        expected=(State.INVESTIGATING,),
        already="This concern has already had its response.",
        entry=(Entry.RESPONDED, f"{response.strip()}\n\n{escalation_route(concern.stage)}"),
        state=State.RESPONDED,
        responded_at=timezone.now(),
        auto_close_on=auto_close_due(today),
    )


def concern_close(*, concern: Concern, by: User) -> Concern:
    """responded → closed: the raiser agrees, or the handler closes it after the raiser's reply."""
    if permissions.is_concern_raiser(by, concern):
        text = f"{by} agreed with the response and closed the concern."
    elif permissions.can_handle_concern(by, concern):
        text = "The concern was closed."
    else:
        raise ConcernError(
            "Only the person who raised this concern, or whoever handles it, can close it."
        )
    if concern.state != State.RESPONDED:
        raise ConcernError("A concern can be closed only once it has had its response.")
    return _claim(
        concern,
        by=by,
        expected=(State.RESPONDED,),
        already="This concern has already been closed.",
        entry=(Entry.CLOSED, text),
        state=State.CLOSED,
        closed_at=timezone.now(),
        auto_close_on=None,
    )


def concern_reopen(
    *, concern: Concern, by: User, reason: str, today: datetime.date | None = None
) -> Concern:
    """The raiser reopens a responded or closed concern, once, saying why; a new response date."""
    if not permissions.is_concern_raiser(by, concern):
        raise ConcernError("Only the person who raised this concern can reopen it.")
    if concern.was_reopened:
        raise ConcernError(
            "This concern has already been reopened once, so it cannot be reopened again. "
            + escalation_route(Stage.ESCALATION)
        )
    if concern.state not in (State.RESPONDED, State.CLOSED):
        raise ConcernError("You can reopen a concern once it has had its response.")
    if not reason.strip():
        raise ConcernError("Enter why you are reopening the concern", "reason")
    today = today or timezone.localdate()
    respond_by = respond_due(today, response_target())
    return _claim(
        concern,
        by=by,
        expected=(State.RESPONDED, State.CLOSED),
        already="This concern has already been reopened once, so it cannot be reopened again.",
        entry=(
            Entry.REOPENED,
            f"Reopened: {reason.strip()}\n\nWe will respond by {govuk_date(respond_by)}.",
        ),
        extra={"reopened_at__isnull": True},
        state=State.INVESTIGATING,
        reopened_at=timezone.now(),
        reopen_reason=reason.strip(),
        respond_by=respond_by,
        responded_at=None,
        auto_close_on=None,
        closed_at=None,
        closed_automatically=False,
    )


def concern_message(*, concern: Concern, by: User, text: str) -> ConcernEntry:
    """The raiser or a handler adds to the thread; the raiser's reply to a response stops it
    closing by itself."""
    is_raiser = permissions.is_concern_raiser(by, concern)
    if not (is_raiser or permissions.can_handle_concern(by, concern)):
        raise ConcernError(
            "Only the person who raised this concern, or whoever handles it, can add messages."
        )
    if not text.strip():
        raise ConcernError("Enter your message", "text")
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.state == State.CLOSED:
            raise ConcernError("This concern is closed. Reopen it to add to it.")
        if is_raiser and locked.auto_close_on is not None:
            locked.auto_close_on = None
            locked._history_user = by
            locked.save(update_fields=["auto_close_on"])
        return _entry(locked, Entry.MESSAGE, by, text.strip())


# --- Closing quiet concerns (daily beat task) --------------------------------------------


def concerns_close_unanswered(*, today: datetime.date | None = None) -> int:
    """Close every responded concern whose raiser has not replied within 10 working days.
    Safe to run twice, or twice at once: each close is a conditional update."""
    today = today or timezone.localdate()
    closed = 0
    for concern in concerns_to_close_automatically(today=today):
        try:
            _claim(
                concern,
                by=None,
                expected=(State.RESPONDED,),
                already="closed already",
                entry=(
                    Entry.CLOSED,
                    "Closed because there was no reply within 10 working days of the response.",
                ),
                extra={"auto_close_on__lte": today},
                state=State.CLOSED,
                closed_at=timezone.now(),
                closed_automatically=True,
                auto_close_on=None,
            )
        except ConcernError:
            continue  # another run, or the raiser, got there first
        closed += 1
    return closed
