"""Everything a quarter's dashboards show, as plain JSON-ready data: what a snapshot of a
closed quarter stores and what the pages, PDFs and exports read. Measures are keyed as in
reporting/measures.py.

The figures do not depend on who looks: the pages narrow them to the vanguards a user may see
(and add them up again with `totals`), and apply the disclosure rule to satisfaction when they
show it. A fixed number of queries however many vanguards or quarters there are (about thirty:
tests/reporting/test_dashboard_figures.py)."""

import datetime
from collections import Counter, defaultdict
from operator import itemgetter

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from feedback.models.quality import Indicator
from feedback.selectors.quality import (
    NATIONAL,
    indicator_shares,
    targets_for,
    theme_counts,
    triaged_in_time,
    you_said_we_did_of,
)
from maturity.selectors.results import bands_and_previous
from plans.selectors import plan_attention
from vanguards.models import (
    CohortGroup,
    CohortGroupMembership,
    Region,
    SupportRequest,
    Vanguard,
)
from vanguards.selectors.cadence import contact_due_on, last_contacts, programme_settings
from vanguards.selectors.registry import first_start
from workwell.dates import Quarter
from workwell.kept import kept
from workwell.models import MaturityBand

from ..funding import funding_position, quarters_from
from ..measures import share
from ..models import FundingRule, QuarterlyReturn, ReturnPeriod, StrandReturn
from .counterfactual import stored_comparisons
from .figures import RECEIVED, return_figures, up_to

# A return's state for the dashboards, in the order the charts and tables list them.
RETURN_RECEIVED = "received"
RETURN_RECEIVED_LATE = "received_late"
RETURN_OVERDUE = "overdue"
RETURN_NOT_DUE = "not_due"
RETURN_STATES = {
    RETURN_RECEIVED: "Received on time",
    RETURN_RECEIVED_LATE: "Received late",
    RETURN_OVERDUE: "Overdue",
    RETURN_NOT_DUE: "Not yet due",
}
RETURN_COUNTS = {
    RETURN_RECEIVED: "returns_received",
    RETURN_RECEIVED_LATE: "returns_received_late",
    RETURN_OVERDUE: "returns_overdue",
    RETURN_NOT_DUE: "returns_not_due",
}
UP, DOWN, SAME, FIRST = "up", "down", "same", "first"
MOVEMENTS = {UP: "Moved up a band", SAME: "Same band", DOWN: "Moved down a band", FIRST: "First"}
NOT_ASSESSED = "not_assessed"
BAND_ORDER = [MaturityBand.EMERGING, MaturityBand.MATURING, MaturityBand.LEADING]

# Measures that add up across vanguards (the rest are shares, worked out from the sums).
SUMMED = (
    "starts_quarter",
    "starts_to_date",
    "participant_target",
    "trajectory_to_date",
    "starts_in_work_to_date",
    "remained_in_work_to_date",
    "entered_work_to_date",
    "completions_to_date",
    "satisfaction_responses_to_date",
    "satisfied_to_date",
    "spend_to_date",
    "spend_profile_to_date",
    "funding_allocation",
    "funding_guaranteed",
    "performance_earned_to_date",
    "funding_paid_to_date",
    "forecast_spend",
    "support_raised",
    "support_judged",
    "support_triaged_in_time",
    "support_open",
)


def quarter_labels(vanguards, quarter: Quarter) -> list[Quarter]:
    """The quarters the series cover: from the first vanguard's start to `quarter`."""
    starts = [Quarter.containing(v.start_date) for v in vanguards]
    return quarters_from(min(starts), quarter) if starts else [quarter]


def _by_quarter(quarter: Quarter) -> tuple[dict, dict]:
    """The starts and the spend of received returns up to `quarter`, each {vanguard id:
    {quarter: sum}} (one query: a row per vanguard and quarter)."""
    rows = (
        StrandReturn.objects.filter(
            up_to(quarter, "quarterly_return__"), quarterly_return__status__in=RECEIVED
        )
        .values_list(
            "quarterly_return__vanguard_id", "quarterly_return__year", "quarterly_return__number"
        )
        .annotate(starts=Sum("starts", default=0), spend=Sum("spend", default=0))
        .order_by()
    )
    starts, spend = defaultdict(dict), defaultdict(dict)
    # Read from the cursor: PostgreSQL gives the sums as int and Decimal already, and
    # Django's converters would make them so again, three calls a row (a national
    # dashboard's 4,000 rows). Quarter.at keeps one Quarter of each, not one a row.
    with connection.cursor() as cursor:
        cursor.execute(*rows.query.sql_with_params())
        found = cursor.fetchall()
    for vanguard_id, year, number, started, spent in found:
        at = Quarter.at(year * 4 + number - 1)
        starts[vanguard_id][at] = started
        spend[vanguard_id][at] = spent
    return starts, spend


def _ordinal(quarter: Quarter) -> int:
    """Quarters counted from year 0: consecutive quarters differ by one."""
    return quarter.year * 4 + quarter.number


def _delivered_by(first: Quarter, count: int, ordinals: list[int]) -> list[int]:
    """How many of the `count` consecutive delivery quarters from `first` have begun by the
    end of each quarter (given by its _ordinal): its distance from the first, between none
    and all. Worked out, not counted over the delivery quarters for each quarter, which at
    national scale was tens of thousands of comparisons a request."""
    start = _ordinal(first) - 1
    return [min(max(ordinal - start, 0), count) for ordinal in ordinals]


def _return_states(quarter: Quarter, today: datetime.date):
    """The quarter's due date (ISO) and each vanguard's return state (two queries)."""
    period = ReturnPeriod.objects.filter(year=quarter.year, number=quarter.number).first()
    due = period.due_on if period else None
    returns = QuarterlyReturn.objects.filter(year=quarter.year, number=quarter.number)
    received = {}
    for vanguard_id, status, signed_off_at in returns.values_list(
        "vanguard_id", "status", "signed_off_at"
    ):
        if status in RECEIVED:
            late = due and signed_off_at and timezone.localdate(signed_off_at) > due
            received[vanguard_id] = RETURN_RECEIVED_LATE if late else RETURN_RECEIVED
    overdue = due is not None and today > due

    def state(vanguard_id):
        return received.get(vanguard_id) or (RETURN_OVERDUE if overdue else RETURN_NOT_DUE)

    return (due.isoformat() if due else None), state


def _groups_at(day: datetime.date) -> dict[int, tuple[str, str]]:
    """vanguard id → (cohort group name, slug) on the day (one query)."""
    rows = CohortGroupMembership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
    ).values_list("vanguard_id", "cohort_group__name", "cohort_group__slug")
    return {vanguard: (name, slug) for vanguard, name, slug in rows}


def _support(quarter: Quarter, as_of: datetime.date, today: datetime.date, limit: int):
    """Per vanguard: support requests raised in the quarter, how many were due for triage and
    triaged within the programme's working days, and how many were open at `as_of` (one
    query). `limit`: the programme's triage working days."""
    counts = defaultdict(Counter)
    rows = SupportRequest.objects.filter(raised_at__date__lte=as_of).values_list(
        "vanguard_id", "raised_at", "triaged_at", "delivered_at", "closed_at", "status"
    )
    for vanguard, raised_at, triaged_at, delivered_at, closed_at, status in rows:
        raised_on = timezone.localdate(raised_at)
        finished = [timezone.localdate(at) for at in (delivered_at, closed_at) if at]
        declined = status == SupportRequest.Status.DECLINED
        if not declined and not any(day <= as_of for day in finished):
            counts[vanguard]["support_open"] += 1
        if not quarter.start <= raised_on <= quarter.end:
            continue
        counts[vanguard]["support_raised"] += 1
        in_time = triaged_in_time(raised_at, triaged_at, today=today, limit=limit)
        if in_time is None:
            continue  # still within its time: not judged yet
        counts[vanguard]["support_judged"] += 1
        counts[vanguard]["support_triaged_in_time"] += int(in_time)
    return counts


def _movement(latest, previous) -> str:
    if previous is None:
        return FIRST
    now, before = BAND_ORDER.index(latest.band), BAND_ORDER.index(previous.band)
    return UP if now > before else DOWN if now < before else SAME


def _funding(vanguard, first, last, delivery, elapsed, quarter, starts, spend, rule) -> dict:
    """`delivery` quarters from `first` to `last`, `elapsed` of them begun by `quarter`."""
    position = funding_position(
        allocation=vanguard.funding_allocation,
        participant_target=vanguard.participant_target,
        first=first,
        last=last,
        current=quarter,
        starts=starts,
        spend=spend,
        guaranteed_percent=rule.guaranteed_percent,
        arrears_quarters=rule.arrears_quarters,
    )
    return {
        "spend_profile_to_date": int(vanguard.funding_allocation * elapsed / delivery),
        "funding_guaranteed": int(position.guaranteed),
        "performance_earned_to_date": int(position.performance_earned),
        "funding_paid_to_date": int(position.paid),
        "forecast_spend": int(position.forecast_spend),
    }


def _plan_figures(counts) -> dict:
    if counts is None:  # no plan, or a plan with no activities
        return {"plan_activities": 0, "plan_overdue": 0, "plan_at_risk": 0}
    return {
        "plan_activities": counts.total,
        "plan_overdue": counts.overdue,
        "plan_at_risk": counts.at_risk,
    }


def dashboard_figures(quarter: Quarter, *, today: datetime.date | None = None) -> dict:
    """{"quarter": "2026/27 Q2", "as_of", "quarters": [labels], "vanguards": {slug: {"name",
    measures...}}, "national": {measures...}, "quality": {indicator: {...}}, "counterfactual":
    {slug: stored_comparison}, "review": {"themes", "you_said_we_did"}} for `quarter`, as
    known `today` (returns late, requests waiting)."""
    today = today or timezone.localdate()
    as_of = min(quarter.end, today)
    vanguards = list(Vanguard.objects.select_related("region").order_by("name"))
    ids = [vanguard.pk for vanguard in vanguards]
    figures = return_figures(quarter=quarter)
    starts_by_quarter, spend_by_quarter = _by_quarter(quarter)
    labels = quarter_labels(vanguards, quarter)
    ordinals = [_ordinal(label) for label in labels]
    rule = FundingRule.objects.filter(pk=1).first() or FundingRule(pk=1)
    due_on, return_state = _return_states(quarter, today)
    groups = _groups_at(as_of)
    bands = bands_and_previous(vanguards=ids, on=as_of)
    settings = programme_settings()
    cadence_days = settings.contact_cadence_days
    # The contacts of the cadence before the day, then the newest of each vanguard not found.
    contacts = last_contacts(ids, today=as_of, cadence_days=cadence_days, as_of=as_of)
    support = _support(quarter, as_of, today, settings.support_request_triage_working_days)
    plans = plan_attention(vanguards=ids, today=as_of)
    rows = {}
    for vanguard in vanguards:
        reported = figures.get(vanguard.pk, {})
        first = Quarter.containing(vanguard.start_date)
        final = Quarter.containing(vanguard.end_date)
        delivery = _ordinal(final) - _ordinal(first) + 1  # quarters, the first and last too
        elapsed, *by_label = _delivered_by(first, delivery, [_ordinal(quarter), *ordinals])
        target = vanguard.participant_target
        starts = reported.get("starts_to_date", 0)
        started = starts_by_quarter.get(vanguard.pk, {})
        group = groups.get(vanguard.pk, ("", ""))
        latest, previous = bands.get(vanguard.pk, (None, None))
        last = contacts.get(vanguard.pk)
        overdue_days = None  # None: contact not needed (closed)
        if vanguard.status != Vanguard.Status.CLOSED:
            overdue_days = (
                max((as_of - contact_due_on(last, cadence_days)).days, 0)
                if last
                else max((as_of - vanguard.start_date).days, 1)  # never contacted: overdue
            )
        rows[vanguard.slug] = {
            "name": vanguard.name,
            "region": vanguard.region.name,
            "region_slug": vanguard.region.slug,
            "cohort_group": group[0],
            "cohort_group_slug": group[1],
            "starts_quarter": reported.get("starts_quarter", 0),
            "starts_to_date": starts,
            "participant_target": vanguard.participant_target,
            "trajectory_to_date": target * elapsed // delivery,
            "in_work_share": share(reported.get("starts_in_work_to_date", 0), starts),
            "in_work_share_target": vanguard.in_work_share_target,
            "remained_in_work_to_date": reported.get("remained_in_work_to_date", 0),
            "entered_work_to_date": reported.get("entered_work_to_date", 0),
            "satisfaction_responses_to_date": reported.get("satisfaction_responses_to_date", 0),
            "satisfied_share": share(
                reported.get("satisfied_to_date", 0),
                reported.get("satisfaction_responses_to_date", 0),
            ),
            "spend_to_date": int(reported.get("spend_to_date", 0)),
            "funding_allocation": int(vanguard.funding_allocation),
            "starts_in_work_to_date": reported.get("starts_in_work_to_date", 0),
            "satisfied_to_date": reported.get("satisfied_to_date", 0),
            "completions_to_date": reported.get("completions_to_date", 0),
            "starts_by_quarter": [started.get(label, 0) for label in labels],
            "trajectory_by_quarter": [target * begun // delivery for begun in by_label],
            **_funding(
                vanguard,
                first,
                final,
                delivery,
                elapsed,
                quarter,
                started,
                spend_by_quarter.get(vanguard.pk, {}),
                rule,
            ),
            "return_status": return_state(vanguard.pk),
            "return_due_on": due_on,
            "maturity_band": latest.band if latest else None,
            "maturity_band_previous": previous.band if previous else None,
            "maturity_mean": latest.mean_display if latest else None,
            "maturity_movement": _movement(latest, previous) if latest else None,
            "last_contact": last.isoformat() if last else None,
            "contact_overdue_days": overdue_days,
            **_plan_figures(plans.get(vanguard.pk)),
            **{key: support[vanguard.pk][key] for key in SUMMED if key.startswith("support_")},
        }
    return {
        "quarter": str(quarter),
        "as_of": as_of.isoformat(),
        "quarters": [str(q) for q in labels],
        "vanguards": rows,
        "national": totals(list(rows.values()), len(labels)),
        "quality": _quality(quarter, today),
        # Each vanguard's comparison with similar areas and the strategic review: read live
        # for an open quarter, and frozen with the rest in a closed quarter's snapshot.
        "counterfactual": stored_comparisons(vanguards, quarter),
        "review": _review(quarter),
    }


def totals(rows: list[dict], quarters: int) -> dict:
    """The measures of a group of vanguard rows (every vanguard: the national figures; a
    region or cohort group: the filtered dashboard's), from the rows alone."""
    # Summed with map and zip, not a generator over the rows for each measure and each
    # quarter: those were 13,000 generator steps for every 200 vanguards added up.
    national = {key: sum(map(itemgetter(key), rows)) for key in SUMMED}
    national["in_work_share"] = share(
        national["starts_in_work_to_date"], national["starts_to_date"]
    )
    national["satisfied_share"] = share(
        national["satisfied_to_date"], national["satisfaction_responses_to_date"]
    )
    for key in ("starts_by_quarter", "trajectory_by_quarter"):
        by_quarter = zip(*map(itemgetter(key), rows), strict=True)
        national[key] = list(map(sum, by_quarter)) if rows else [0] * quarters
    states = Counter(row["return_status"] for row in rows)
    national["vanguards"] = len(rows)
    national["returns_expected"] = len(rows)
    for state, key in RETURN_COUNTS.items():
        national[key] = states[state]
    bands = Counter(row["maturity_band"] or NOT_ASSESSED for row in rows)
    national["maturity_bands"] = {band: bands[band] for band in [*BAND_ORDER, NOT_ASSESSED]}
    movements = Counter(row["maturity_movement"] for row in rows if row["maturity_movement"])
    national["maturity_movements"] = {movement: movements[movement] for movement in MOVEMENTS}
    national["contacted_in_cadence"] = sum(row["contact_overdue_days"] == 0 for row in rows)
    return national


def _quality(quarter: Quarter, today: datetime.date) -> dict:
    """The quality plan's indicators nationally: met and counted cases and the target, before
    the disclosure rule (the pages apply it for whoever looks)."""
    shares = indicator_shares(quarter, today=today).get((NATIONAL, None), {})
    targets = targets_for(quarter)
    quality = {}
    for indicator in Indicator:
        found = shares.get(indicator.value)
        quality[indicator.value] = {
            "label": indicator.label,
            "met": found.met if found else 0,
            "count": found.count if found else 0,
            "target": targets[indicator],
        }
    return quality


def _review(quarter: Quarter) -> dict:
    """The quarter's strategic review as the national report shows it: the programme themes
    raised in pulse answers and concerns, and the published "you said, we did" entries
    (three queries)."""
    return {
        "themes": [
            {"theme": t.theme, "pulse_answers": t.pulse_answers, "concerns": t.concerns}
            for t in theme_counts(quarter)
        ],
        "you_said_we_did": [
            {"title": entry.title, "published_on": entry.published_on.isoformat()}
            for entry in you_said_we_did_of(quarter)
        ],
    }


# --- What the dashboard pages read ------------------------------------------------------------


def dashboard_quarters(today: datetime.date) -> list[Quarter]:
    """The quarters the chooser offers, newest first: the current one back to the quarter the
    first vanguard started in (one query, none while it is kept: workwell/kept.py)."""
    first = first_start()
    current = Quarter.containing(today)
    start = Quarter.containing(first) if first else current.previous()
    return list(reversed(quarters_from(min(start, current.previous()), current)))


def default_quarter(today: datetime.date) -> Quarter:
    """The last closed quarter: the latest whose returns are (or were due to be) in."""
    return Quarter.containing(today).previous()


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(slug, name) of every region and cohort group, for the filters (two queries): shared,
    read only, until a region or a group changes (workwell/kept.py)."""
    return kept("dashboard.filter_choices", "every region and group", _filter_choices)


def _filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    regions = list(Region.objects.order_by("name").values_list("slug", "name"))
    groups = list(CohortGroup.objects.order_by("name").values_list("slug", "name"))
    return regions, groups


def dashboard_slugs(
    figures: dict, visible: set[str], *, region: str = "", group: str = ""
) -> list[str]:
    """The vanguards of `figures` the user may see (`visible` slugs) in the region and cohort
    group chosen (empty: all)."""
    return [
        slug
        for slug, row in figures["vanguards"].items()
        if slug in visible
        and (not region or row["region_slug"] == region)
        and (not group or row["cohort_group_slug"] == group)
    ]


def stored_comparison_of(figures: dict, slug: str) -> dict | None:
    """The vanguard's comparison with similar areas as `figures` hold it; None when they are
    a snapshot built before comparisons were stored (never read live instead)."""
    return figures.get("counterfactual", {}).get(slug)
