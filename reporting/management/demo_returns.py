"""Demo data for reporting, relative to today: every vanguard's delivery strands (Greater
Manchester's are the three services and contingency of its board paper), due dates for every
quarter since the programme started, and a quarterly return for each quarter: accepted for the
older quarters and a mix of states for the last closed one (accepted, waiting for the RM,
queried, in progress and not started, so some are late). Safe to run again."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguards.models import Vanguard
from workwell.dates import Quarter, add_working_days
from workwell.models import User

from ..funding import quarters_from
from ..models import DeliveryStrand, QuarterlyReturn, ReturnPeriod, StrandReturn
from ..models.returns import CONDITIONS, ETHNIC_GROUPS
from ..rules import figure_problems

# Greater Manchester's board paper, section 5.5: (strand, participants, funding).
MANCHESTER = [
    ("Employment support in MFT MSK service", 600, Decimal("438048")),
    ("Enhancement to Be Well Service", 708, Decimal("516672")),
    ("Employment and health support for Racially Minoritised Groups", 312, Decimal("228269")),
    ("Contingency and management", None, Decimal("127023")),
]
OTHER_STRANDS = ["Primary care employment support", "Community and VCSE outreach"]
# Its participants have hardly answered the satisfaction question: 2 answers in all, under the
# disclosure threshold, so its satisfaction shows as "too few responses".
FEW_ANSWERS = "south-yorkshire"
# Last closed quarter's states, by vanguard position (the rest are accepted).
LAST_QUARTER_STATES = {
    1: QuarterlyReturn.Status.SUBMITTED,
    2: QuarterlyReturn.Status.QUERIED,
    3: QuarterlyReturn.Status.IN_PROGRESS,
    4: None,  # not started
    5: QuarterlyReturn.Status.SUBMITTED,
}


def _strands(vanguard: Vanguard) -> list[DeliveryStrand]:
    if vanguard.slug == "greater-manchester":
        Vanguard.objects.filter(pk=vanguard.pk).update(
            funding_allocation=Decimal("1310012"), participant_target=1620
        )
        plan = MANCHESTER
    else:
        contingency = (vanguard.funding_allocation * Decimal("0.1")).quantize(Decimal(1))
        split = vanguard.funding_allocation - contingency
        first_target = vanguard.participant_target * 6 // 10
        plan = [
            (OTHER_STRANDS[0], first_target, (split * Decimal("0.6")).quantize(Decimal(1))),
            (
                OTHER_STRANDS[1],
                vanguard.participant_target - first_target,
                split - (split * Decimal("0.6")).quantize(Decimal(1)),
            ),
            ("Contingency and management", None, contingency),
        ]
    strands = []
    for position, (name, target, funding) in enumerate(plan):
        strand, _ = DeliveryStrand.objects.get_or_create(
            vanguard=vanguard,
            name=name,
            defaults={
                "participant_target": target,
                "funding_allocation": funding,
                "in_work_share_target": vanguard.in_work_share_target if target else None,
                "start_date": vanguard.start_date,
                "end_date": vanguard.end_date,
                "position": position,
            },
        )
        strands.append(strand)
    return strands


def _figures(rng, strand, quarter_index, quarters, earlier) -> dict:
    """Believable figures that keep every rule; `earlier` is the running (in, out) starts."""
    ramp = min(1.0, 0.35 + 0.25 * quarter_index)
    starts = int(strand.participant_target / quarters * ramp * rng.uniform(0.7, 1.25))
    in_work = round(starts * (strand.in_work_share_target or 60) / 100 * rng.uniform(0.85, 1.1))
    in_work = min(in_work, starts)
    figures = {
        "referrals": starts + rng.randrange(5, 40),
        "starts": starts,
        "starts_in_work": in_work,
        "starts_out_of_work": starts - in_work,
    }
    for fields in (CONDITIONS, ETHNIC_GROUPS):
        left = starts
        for field in fields[:-1]:
            share = rng.randint(0, left // 2 + 1) if field != fields[0] else left * 2 // 5
            figures[field] = min(share, left)
            left -= figures[field]
        figures[fields[-1]] = left
    in_to_date, out_to_date = earlier[0] + in_work, earlier[1] + starts - in_work
    completions = int(starts * rng.uniform(0.4, 0.8))
    responses = int(completions * rng.uniform(0.4, 0.8))
    figures.update(
        completions=completions,
        remained_in_work=int(in_to_date * rng.uniform(0.1, 0.25)),
        entered_work=int(out_to_date * rng.uniform(0.05, 0.2)),
        satisfaction_responses=responses,
        satisfied=int(responses * rng.uniform(0.7, 0.95)),
        spend=(strand.funding_allocation / quarters * Decimal(str(round(ramp, 2)))).quantize(
            Decimal("0.01")
        ),
    )
    return figures


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


@transaction.atomic
def seed_returns(registry: dict) -> None:
    today = timezone.localdate()
    current = Quarter.containing(today)
    admin = User.objects.get(email="admin@example.com")
    for vanguard in Vanguard.objects.order_by("name"):
        _strands(vanguard)
    first = Quarter.containing(min(v.start_date for v in registry["vanguards"]))
    for quarter in quarters_from(first, current):
        ReturnPeriod.objects.get_or_create(
            year=quarter.year,
            number=quarter.number,
            defaults={"due_on": add_working_days(quarter.end, 15)},
        )
    last_closed = current.previous()
    for position, vanguard in enumerate(
        Vanguard.objects.order_by("name").prefetch_related("strands", "members__user")
    ):
        rng = random.Random(f"returns-{vanguard.slug}")
        sro = next((m.user for m in vanguard.members.all()), admin)
        delivery = quarters_from(
            Quarter.containing(vanguard.start_date), Quarter.containing(vanguard.end_date)
        )
        running = {strand.pk: (0, 0) for strand in vanguard.strands.all()}
        for index, quarter in enumerate(quarters_from(delivery[0], last_closed)):
            state = QuarterlyReturn.Status.ACCEPTED
            if quarter == last_closed:
                state = LAST_QUARTER_STATES.get(position, QuarterlyReturn.Status.ACCEPTED)
            if state is None:
                continue
            due = add_working_days(quarter.end, 15)
            drafting = state == QuarterlyReturn.Status.IN_PROGRESS
            decided = state in (QuarterlyReturn.Status.ACCEPTED, QuarterlyReturn.Status.QUERIED)
            signed = _at(add_working_days(quarter.end, 10))
            report, created = QuarterlyReturn.objects.get_or_create(
                vanguard=vanguard,
                year=quarter.year,
                number=quarter.number,
                defaults={
                    "status": state,
                    "progress": "Referrals grew as the service reached more GP practices.",
                    "risks": "Recruitment of one work and health coach is delayed.",
                    "what_helped": "Co-location with the MSK physiotherapy team.",
                    "narrative_complete": not drafting,
                    "signed_off_by": None if drafting else sro,
                    "signed_off_at": None if drafting else signed,
                    "decided_by": admin if decided else None,
                    "decided_at": _at(min(due, today)) if decided else None,
                    "query": "Starts by ethnic group look low against referrals: please check."
                    if state == QuarterlyReturn.Status.QUERIED
                    else "",
                },
            )
            for strand in vanguard.strands.all():
                if not strand.has_participants:
                    continue
                figures = _figures(rng, strand, index, len(delivery), running[strand.pk])
                assert not figure_problems(
                    figures,
                    earlier_in_work_starts=running[strand.pk][0],
                    earlier_out_of_work_starts=running[strand.pk][1],
                    require_all=True,
                ), (vanguard, quarter, figures)
                running[strand.pk] = (
                    running[strand.pk][0] + figures["starts_in_work"],
                    running[strand.pk][1] + figures["starts_out_of_work"],
                )
                if vanguard.slug == FEW_ANSWERS:
                    answered = quarter == last_closed and strand.position == 0
                    figures.update(
                        satisfaction_responses=2 if answered else 0, satisfied=1 if answered else 0
                    )
                filled = not drafting or strand.position == 0
                if created:
                    StrandReturn.objects.create(
                        quarterly_return=report,
                        strand=strand,
                        complete=filled,
                        **(figures if filled else {}),
                    )
