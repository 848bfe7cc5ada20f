"""The quality plan's indicators for a quarter: value, target, met or not, and the change
since the previous quarter, nationally, per cohort group and per RM.

Each indicator is a share (how many of the cases counted met the standard). Which cases count:
- satisfied: the quarter's pulse answers rating satisfaction 4 or 5;
- response rate: members asked to answer the quarter's pulse survey who answered;
- concerns acknowledged: concerns raised in the quarter that were acknowledged, or are past
  their acknowledge-by date; met when acknowledged by it (3 working days);
- concerns responded: concerns responded to in the quarter; met when by their respond-by date;
- support triaged: requests raised in the quarter that were triaged, or have been waiting longer
  than the programme's triage setting; met when triaged within that many working days;
- contact cadence: vanguards not closed whose last completed touchpoint, at the quarter's end
  (or today, for the current quarter), was within the programme's contact cadence;
- events useful: feedback on the quarter's events rating usefulness 4 or 5.

Pulse answers follow the groups recorded when the member was asked or answered; the others
follow the vanguard's cohort group (and its RM) at the quarter's end. Pulse and event figures
leave here through `disclose` (too few responses: withheld for all but admins); a change is
only shown when both quarters are shown. A fixed number of queries per quarter."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils import timezone

from learning.models import EventFeedback
from vanguards import permissions
from vanguards.models import CohortGroup, CohortGroupMembership, SupportRequest, Vanguard
from vanguards.selectors.cadence import contacted_between, overdue_cutoff, programme_settings
from workwell.dates import Quarter, working_days_between
from workwell.kept import kept
from workwell.models import User

from ..models import Concern, PulseResponse, QualityTarget, YouSaidWeDid
from ..models.pulse import SATISFIED_FROM
from ..models.quality import DEFAULT_TARGETS, Indicator
from .concerns import OPEN_STATES, concerns_for_list
from .disclosure import Withheld, disclosed
from .results import _quarter_span, pulse_tallies

NATIONAL = "national"
BREAKDOWNS = {"cohort_group": "Cohort group", "relationship_manager": "Relationship manager"}
# Feedback from people: a figure counting too few of them is withheld.
DISCLOSED = frozenset({Indicator.SATISFIED, Indicator.RESPONSE_RATE, Indicator.EVENTS_USEFUL})

Scope = tuple[
    str, int | None
]  # ("national", None), ("cohort_group", pk), ("relationship_manager", pk)


@dataclass(frozen=True)
class Share:
    """`met` of `count` cases met the standard."""

    met: int = 0
    count: int = 0

    def __add__(self, other: "Share") -> "Share":
        return Share(self.met + other.met, self.count + other.count)

    @property
    def percent(self) -> float | None:
        return 100 * self.met / self.count if self.count else None


NO_SHARE = Share()  # no case counted (shared: a Share is never changed)


@dataclass(frozen=True)
class IndicatorValue:
    indicator: str
    share: Share | Withheld
    previous: Share | Withheld
    target: int  # percent

    @property
    def label(self) -> str:
        return Indicator(self.indicator).label

    @property
    def withheld(self) -> bool:
        return isinstance(self.share, Withheld)

    @property
    def value(self) -> float | None:
        return None if self.withheld else self.share.percent

    @property
    def met(self) -> bool | None:
        """None when there is nothing to judge (no cases, or withheld)."""
        return None if self.value is None else self.value >= self.target

    @property
    def change(self) -> float | None:
        """Percentage points since the previous quarter; None unless both are shown."""
        if self.value is None or isinstance(self.previous, Withheld):
            return None
        before = self.previous.percent
        return None if before is None else self.value - before


@dataclass(frozen=True)
class ScopeIndicators:
    breakdown: str
    key: int | None
    label: str
    values: list[IndicatorValue]


@dataclass(frozen=True)
class QualityIndicators:
    quarter: Quarter
    national: ScopeIndicators
    sections: list[tuple[str, list[ScopeIndicators]]]


# --- Targets -------------------------------------------------------------------------------


def targets_for(quarter: Quarter) -> dict[str, int]:
    """Each indicator's target for the quarter: one set for that quarter only, else the latest
    set "from" a quarter not after it, else the default (one query)."""
    targets = dict(DEFAULT_TARGETS)
    rows = QualityTarget.objects.filter(
        Q(year__lt=quarter.year) | Q(year=quarter.year, number__lte=quarter.number)
    ).order_by("year", "number")
    for row in rows:
        exact = (row.year, row.number) == (quarter.year, quarter.number)
        if row.onwards or exact:
            targets[row.indicator] = row.target
    return targets


# --- Counting --------------------------------------------------------------------------------


def _groups_at(day: datetime.date) -> dict[int, tuple[int, int | None]]:
    """vanguard pk → (cohort group, its RM) on the day (one query)."""
    rows = CohortGroupMembership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
    ).values_list("vanguard_id", "cohort_group_id", "cohort_group__relationship_manager_id")
    return {vanguard: (group, rm) for vanguard, group, rm in rows}


def _spread(totals, indicator, met: int, count: int, groups: tuple[int | None, int | None] | None):
    """Add `met` of `count` to the nation's and its groups' [met, count], in place (a Share
    added to a Share makes a new one: at national scale about 5,600 of them a quarter)."""
    tally = totals[(NATIONAL, None)][indicator]
    tally[0] += met
    tally[1] += count
    if groups:
        for breakdown, key in zip(BREAKDOWNS, groups, strict=True):
            if key is not None:
                tally = totals[(breakdown, key)][indicator]
                tally[0] += met
                tally[1] += count


def triaged_in_time(raised_at, triaged_at, *, today: datetime.date, limit: int) -> bool | None:
    """Whether a support request was triaged within `limit` working days of being raised;
    None while it is still within its time untriaged (not judged yet)."""
    raised_on = timezone.localdate(raised_at)
    if triaged_at is not None:
        return working_days_between(raised_on, timezone.localdate(triaged_at)) <= limit
    if working_days_between(raised_on, today) > limit:
        return False
    return None


def _as_of(quarter: Quarter, today: datetime.date) -> datetime.date:
    return min(quarter.end, today)


def indicator_shares(quarter: Quarter, *, today: datetime.date) -> dict[Scope, dict[str, Share]]:
    """Every indicator's share for the nation, each cohort group and each RM (seven queries);
    the same for everyone (what each person may see of it is decided after), so shared, read
    only, until a table it read changes (workwell/kept.py)."""
    return kept(
        "quality.indicator_shares", (quarter, today), lambda: _indicator_shares(quarter, today)
    )


def _no_shares() -> defaultdict:
    """A scope's shares before any case is counted (a named function: kept results pickle)."""
    return defaultdict(Share)


def _as_shares(totals: dict[Scope, dict[str, list[int]]]) -> dict[Scope, dict[str, Share]]:
    shares: dict[Scope, dict[str, Share]] = defaultdict(_no_shares)
    for scope, tallies in totals.items():
        shares[scope].update((indicator, Share(*tally)) for indicator, tally in tallies.items())
    return shares


def _indicator_shares(quarter: Quarter, today: datetime.date) -> dict[Scope, dict[str, Share]]:
    totals: dict[Scope, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    settings = programme_settings()
    as_of = _as_of(quarter, today)
    groups = _groups_at(as_of)
    start, end = _quarter_span(quarter)

    # Pulse: satisfaction and response rate, by the groups recorded at the time.
    for (_vanguard, group, rm, _region), tally in pulse_tallies(quarter).items():
        where = (group, rm)
        _spread(totals, Indicator.SATISFIED, tally.satisfaction.satisfied, tally.count, where)
        _spread(totals, Indicator.RESPONSE_RATE, tally.count, tally.asked, where)

    # Concerns acknowledged within 3 working days.
    raised = Concern.objects.filter(raised_at__gte=start, raised_at__lt=end).filter(
        Q(acknowledged_at__isnull=False) | Q(acknowledge_by__lt=today)
    )
    for vanguard, acknowledged_at, due in raised.values_list(
        "vanguard_id", "acknowledged_at", "acknowledge_by"
    ):
        in_time = acknowledged_at is not None and timezone.localdate(acknowledged_at) <= due
        _spread(totals, Indicator.CONCERNS_ACKNOWLEDGED, int(in_time), 1, groups.get(vanguard))

    # Concerns responded to within target, counted in the quarter of the response.
    responded = Concern.objects.filter(responded_at__gte=start, responded_at__lt=end)
    for vanguard, responded_at, due in responded.values_list(
        "vanguard_id", "responded_at", "respond_by"
    ):
        in_time = timezone.localdate(responded_at) <= due
        _spread(totals, Indicator.CONCERNS_RESPONDED, int(in_time), 1, groups.get(vanguard))

    # Support requests triaged within the programme's working days.
    limit = settings.support_request_triage_working_days
    requests = SupportRequest.objects.filter(raised_at__gte=start, raised_at__lt=end)
    for vanguard, raised_at, triaged_at in requests.values_list(
        "vanguard_id", "raised_at", "triaged_at"
    ):
        in_time = triaged_in_time(raised_at, triaged_at, today=today, limit=limit)
        if in_time is None:
            continue  # still within its time: not judged yet
        _spread(totals, Indicator.SUPPORT_TRIAGED, int(in_time), 1, groups.get(vanguard))

    # Vanguards contacted within cadence at the quarter's end: their last contact by then is
    # after the day that would leave them overdue on it. Only that last cadence's contacts are
    # read, not each vanguard's newest through all its history (at 215 vanguards and 100,000
    # touchpoints, 120 ms a quarter and a plan costly enough for PostgreSQL to JIT-compile).
    cutoff = overdue_cutoff(today=as_of, cadence_days=settings.contact_cadence_days)
    contacted = contacted_between(after=cutoff, until=as_of)
    vanguards = (
        Vanguard.objects.exclude(status=Vanguard.Status.CLOSED)
        .annotate(in_time=ExpressionWrapper(Q(pk__in=contacted), output_field=BooleanField()))
        .order_by()
        .values_list("pk", "in_time")
    )
    for vanguard, in_time in vanguards:
        _spread(totals, Indicator.CONTACT_CADENCE, int(in_time), 1, groups.get(vanguard))

    # Events rated useful, by the vanguard of the person who gave the feedback.
    feedback = (
        EventFeedback.objects.filter(event__starts_at__gte=start, event__starts_at__lt=end)
        .values(vanguard=F("person__vanguard_membership__vanguard"))
        .annotate(n=Count("pk"), useful=Count("pk", filter=Q(usefulness__gte=SATISFIED_FROM)))
        .order_by()
    )
    for row in feedback:
        _spread(
            totals, Indicator.EVENTS_USEFUL, row["useful"], row["n"], groups.get(row["vanguard"])
        )
    return _as_shares(totals)


# --- The indicators as a user sees them ------------------------------------------------------


def _disclosed(indicator: str, share: Share, small_numbers: bool, threshold: int):
    if indicator not in DISCLOSED:
        return share
    return disclosed(share, small_numbers=small_numbers, threshold=threshold)


def _labels(breakdown: str, keys: set[int]) -> dict[int, str]:
    if breakdown == "relationship_manager":
        return dict(User.objects.filter(pk__in=keys).values_list("pk", "full_name"))
    return dict(CohortGroup.objects.filter(pk__in=keys).values_list("pk", "name"))


def quality_indicators(*, user, quarter: Quarter, today: datetime.date | None = None):
    """The quarter's indicators nationally, per cohort group and per RM, disclosed to `user`.
    A fixed number of queries however much data there is (about twenty)."""
    return indicators_seen(
        quarter=quarter,
        today=today or timezone.localdate(),
        small_numbers=permissions.sees_small_numbers(user),
    )


def indicators_seen(*, quarter: Quarter, today: datetime.date, small_numbers: bool):
    """The indicators as someone who does (or does not) see small numbers sees them: all they
    take of the viewer, so shared by everyone who sees the same, read only, until a table
    they read changes (workwell/kept.py)."""
    return kept(
        "quality.indicators",
        (quarter, today, small_numbers),
        lambda: _quality_indicators(quarter, today, small_numbers=small_numbers),
    )


def _quality_indicators(quarter: Quarter, today: datetime.date, *, small_numbers: bool):
    threshold = programme_settings().disclosure_threshold
    current = indicator_shares(quarter, today=today)
    before = indicator_shares(quarter.previous(), today=today)
    targets = targets_for(quarter)
    indicators = Indicator.values  # worked out afresh each time it is asked for

    def scope(breakdown, key, label) -> ScopeIndicators:
        now, then = current.get((breakdown, key), {}), before.get((breakdown, key), {})
        values = [
            IndicatorValue(
                indicator,
                _disclosed(indicator, now.get(indicator, NO_SHARE), small_numbers, threshold),
                _disclosed(indicator, then.get(indicator, NO_SHARE), small_numbers, threshold),
                targets[indicator],
            )
            for indicator in indicators
        ]
        return ScopeIndicators(breakdown, key, label, values)

    sections = []
    for breakdown in BREAKDOWNS:
        keys = {key for kind, key in current if kind == breakdown}
        labels = _labels(breakdown, keys)
        rows = [scope(breakdown, key, labels.get(key, "")) for key in keys]
        sections.append((breakdown, sorted(rows, key=lambda row: row.label)))
    return QualityIndicators(quarter, scope(NATIONAL, None, "England"), sections)


# --- The quarterly strategic review ----------------------------------------------------------

OPEN_CONCERNS_LISTED = 10


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    pulse_answers: int
    concerns: int


@dataclass(frozen=True)
class StrategicReview:
    quarter: Quarter
    today: datetime.date
    small_numbers: bool  # whether the viewer sees figures under the disclosure threshold
    open_concerns: int
    open_concern_list: list[Concern]
    themes: list[ThemeCount]
    you_said_we_did: list

    @cached_property
    def indicators(self) -> QualityIndicators:
        """Worked out (or read kept) when first asked for: the page draws its tables from
        the same three things, kept drawn (presenters.quality.indicator_tables)."""
        return indicators_seen(
            quarter=self.quarter, today=self.today, small_numbers=self.small_numbers
        )


def you_said_we_did_of(quarter: Quarter) -> list[YouSaidWeDid]:
    """The quarter's published "you said, we did" entries for the review (one query)."""
    return list(
        YouSaidWeDid.objects.filter(
            year=quarter.year, number=quarter.number, published_on__isnull=False
        ).order_by("-published_on", "pk")
    )


def theme_counts(quarter: Quarter) -> list[ThemeCount]:
    """The quarter's free-text pulse answers and concerns raised in it, counted by the programme
    themes the NST tagged them with (two queries)."""
    start, end = _quarter_span(quarter)
    answers = dict(
        PulseResponse.themes.through.objects.filter(
            pulseresponse__survey__year=quarter.year, pulseresponse__survey__number=quarter.number
        )
        .values_list("programmetheme__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    concerns = dict(
        Concern.themes.through.objects.filter(
            concern__raised_at__gte=start, concern__raised_at__lt=end
        )
        .values_list("programmetheme__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = sorted(set(answers) | set(concerns))
    return [ThemeCount(name, answers.get(name, 0), concerns.get(name, 0)) for name in names]


def _quarter_notes(quarter: Quarter) -> tuple[list[ThemeCount], list[YouSaidWeDid]]:
    """The quarter's theme counts and its "you said, we did": the same for everyone who reads
    the review, so shared until a table they read changes."""
    return kept("quality.quarter_notes", quarter, lambda: _notes_of(quarter))


def _notes_of(quarter: Quarter) -> tuple[list[ThemeCount], list[YouSaidWeDid]]:
    return theme_counts(quarter), you_said_we_did_of(quarter)


def open_concerns_of(*, user, today: datetime.date) -> tuple[int, list[Concern]]:
    """How many concerns the user may see are open now, and the newest of them: shared by
    everyone who may see the same concerns until one changes, keyed by what the concern rule
    is made from (`permissions.concern_scope`) and the day (the overdue flag's), not by the
    rule's query built and compiled."""

    def worked_out() -> tuple[int, list[Concern]]:
        open_concerns = (
            concerns_for_list(user=user, today=today)
            .filter(state__in=OPEN_STATES)
            # What the review lists of each: not the people it names (nor their sign-in
            # details in the cache).
            .select_related(None)
            .select_related("vanguard", "region")
            .only("kind", "state", "raised_at", "vanguard__name", "region__name")
        )
        return open_concerns.count(), list(open_concerns[:OPEN_CONCERNS_LISTED])

    return kept("quality.open_concerns", (permissions.concern_scope(user), today), worked_out)


def strategic_review(*, user, quarter: Quarter, today: datetime.date | None = None):
    """Everything on the review page (a fixed number of queries)."""
    today = today or timezone.localdate()
    count, listed = open_concerns_of(user=user, today=today)
    themes, changes = _quarter_notes(quarter)
    return StrategicReview(
        quarter=quarter,
        today=today,
        small_numbers=permissions.sees_small_numbers(user),
        open_concerns=count,
        open_concern_list=listed,
        themes=themes,
        you_said_we_did=changes,
    )


def review_quarters(*, today: datetime.date, count: int = 8) -> list[Quarter]:
    """The quarters the picker offers: this one and the ones before it, newest first."""
    quarters = [Quarter.containing(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def last_closed_quarter(today: datetime.date) -> Quarter:
    return Quarter.containing(today).previous()


def targets_list() -> list[QualityTarget]:
    """The targets admins have set, by indicator, newest quarter first (one query)."""
    return list(QualityTarget.objects.all())
