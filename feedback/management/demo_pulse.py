"""Demo data for the quarterly pulse survey, relative to today: the four quarters before this
one, closed, with most members' answers (groups' ratings differ, and the smallest groups fall
under the disclosure threshold), and this quarter's survey open, half answered, when today is
in a quarter's last month. Free text is in the programme's words (the NST's service delivery
model: fortnightly contact, discovery sessions, the Maturity Assessment Matrix, the Learning
and Change Network, the support menu). No email is sent: the claims are written as the beat
would have left them. Safe to run again: a quarter already seeded is left alone."""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from vanguards import permissions
from vanguards.models import CohortGroupMembership
from workwell.dates import Quarter
from workwell.models import User

from ..models import PulseInvitation, PulseResponse, PulseSurvey
from ..models.pulse import survey_dates

WENT_WELL = [
    "Our relationship manager's fortnightly check-ins kept the partnership board focused on "
    "recruiting participants.",
    "The discovery session helped us baseline our needs honestly against the Maturity "
    "Assessment Matrix.",
    "The Learning and Change Network webinar on data sharing between the ICB and the council "
    "saved us weeks of work.",
    "Peer learning with the other vanguards in our cohort group on musculoskeletal pathways.",
    "The PMO templates and dashboards made our quarterly return much quicker to complete.",
    "Being met where we are, without judgement about our starting point.",
    "The toolkit's section on engaging employers gave our health and work coaches a clear "
    "approach for small businesses.",
    "",
]
EVEN_BETTER = [
    "More notice of Learning and Change Network events so our clinical leads can attend.",
    "A named contact when our relationship manager is on leave.",
    "Quicker replies to support requests about evaluation and outcome measures.",
    "More in-person sessions in the north, not only in London and near Cambridge.",
    "Clearer guidance on what the performance-related 40% of funding depends on.",
    "Help to involve people with lived experience in co-designing our service.",
    "",
    "",
]
# How each cohort group tends to rate (added to a 3-to-5 draw), so the results differ.
GROUP_LEAN = [0, 1, 0, -1]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _groups_on(day: datetime.date) -> dict[int, tuple[int, int]]:
    """Each vanguard's cohort group and its RM on `day` (one query)."""
    held = CohortGroupMembership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
    ).values_list("vanguard_id", "cohort_group_id", "cohort_group__relationship_manager_id")
    return {vanguard: (group, rm) for vanguard, group, rm in held}


def _rating(rng: random.Random, lean: int) -> int:
    return max(1, min(5, rng.choice([3, 4, 4, 5, 5, 2]) + lean))


def _seed_quarter(quarter: Quarter, members: list[User], today: datetime.date) -> None:
    if PulseSurvey.objects.filter(year=quarter.year, number=quarter.number).exists():
        return
    opens_on, closes_on = survey_dates(quarter)
    is_open = closes_on >= today
    survey = PulseSurvey.objects.create(
        year=quarter.year,
        number=quarter.number,
        opens_on=opens_on,
        closes_on=closes_on,
        status=PulseSurvey.Status.OPEN if is_open else PulseSurvey.Status.CLOSED,
        opened_at=_at(opens_on, 9),
        closed_at=None if is_open else _at(closes_on + datetime.timedelta(days=1), 9),
    )
    rng = random.Random(str(quarter))  # the same answers on every machine
    groups = _groups_on(closes_on)
    leans = {
        group: GROUP_LEAN[i % 4] for i, group in enumerate(sorted(g for g, _ in groups.values()))
    }
    last_day = min(today, closes_on)
    # This quarter, fewer have answered yet; in past quarters about four in five did.
    answer_chance = 0.5 if is_open else 0.8
    for member in members:
        vanguard = member.vanguard_membership.vanguard
        if vanguard.start_date > closes_on or vanguard.pk not in groups:
            continue
        group, rm = groups[vanguard.pk]
        recorded = {
            "vanguard": vanguard,
            "cohort_group_id": group,
            "relationship_manager_id": rm,
            "region_id": vanguard.region_id,
        }
        answers = rng.random() < answer_chance
        reminded = not answers and opens_on + datetime.timedelta(days=7) <= last_day
        PulseInvitation.objects.create(
            survey=survey,
            person=member,
            invited_at=_at(opens_on, 9),
            reminded_at=_at(opens_on + datetime.timedelta(days=7), 9) if reminded else None,
            **recorded,
        )
        if not answers:
            continue
        lean = leans.get(group, 0)
        answered_on = opens_on + datetime.timedelta(
            days=rng.randrange((last_day - opens_on).days + 1)
        )
        PulseResponse.objects.create(
            survey=survey,
            person=member,
            satisfaction=_rating(rng, lean),
            rm_support=_rating(rng, lean),
            learning_usefulness=_rating(rng, 0),
            went_well=rng.choice(WENT_WELL),
            even_better=rng.choice(EVEN_BETTER),
            may_contact=rng.random() < 0.3,
            submitted_at=_at(answered_on, 11),
            updated_at=_at(answered_on, 11),
            **recorded,
        )


def seed_pulse(registry: dict, *, today: datetime.date | None = None) -> None:
    """Four closed quarters of answers, and this quarter's survey if it is open today."""
    today = today or timezone.localdate()
    members = list(
        permissions.members_only(User.objects.filter(is_active=True))
        .filter(vanguard_membership__vanguard__in=registry["vanguards"])
        .select_related("vanguard_membership__vanguard")
        .order_by("pk")
    )
    current = Quarter.containing(today)
    quarters = [current]
    for _ in range(4):
        quarters.insert(0, quarters[0].previous())
    for quarter in quarters:
        opens_on, _ = survey_dates(quarter)
        if opens_on <= today:
            _seed_quarter(quarter, members, today)
