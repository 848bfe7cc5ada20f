"""Red, amber and green per measure per vanguard, with every threshold in one place. The
dashboards show them (as words, never colour alone), document them in a details component
from THRESHOLD_TEXT, and the README repeats them. Pure functions of a vanguard's row of
`dashboard_figures`, so a stored snapshot rates the same as a live page."""

GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "no_data"
LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NO_DATA: "No data"}

# Starts to date as a share of the trajectory (the target spread evenly over the delivery
# quarters): green from 95%, amber from 80%.
STARTS_GREEN, STARTS_AMBER = 0.95, 0.80
# In-work share: green at or above the vanguard's target, amber within 5 points below it.
IN_WORK_AMBER_POINTS = 5
# Participants satisfied (share of responses): green from 85%, amber from 70%.
SATISFIED_GREEN, SATISFIED_AMBER = 85, 70
# Spend to date against the allocation profile (the allocation spread evenly over the
# delivery quarters): green within 85% to 110%, amber within 70% to 125%.
SPEND_GREEN = (0.85, 1.10)
SPEND_AMBER = (0.70, 1.25)
# Contact: green when contacted within the programme's cadence at the quarter's end, amber up
# to 7 days overdue, red beyond (or never contacted).
CADENCE_AMBER_DAYS = 7
# Delivery plan: red from this many activities overdue, amber with one overdue or any at risk.
PLAN_RED_OVERDUE = 2


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


# (key, measure, how it is rated): what the dashboards' details component and the README say.
THRESHOLD_TEXT = [
    (
        "starts",
        "Starts against trajectory",
        f"Green when starts to date are at least {_percent(STARTS_GREEN)} of the trajectory "
        "(the participant target spread evenly over the delivery quarters), amber from "
        f"{_percent(STARTS_AMBER)}, red below.",
    ),
    (
        "in_work",
        "In-work share",
        "Green when the share of starts who were in work is at or above the vanguard's target, "
        f"amber up to {IN_WORK_AMBER_POINTS} percentage points below it, red further below.",
    ),
    (
        "satisfaction",
        "Participant satisfaction",
        f"Green when at least {SATISFIED_GREEN}% of participants who answered were satisfied, "
        f"amber from {SATISFIED_AMBER}%, red below. Not rated when there are too few responses "
        "to show.",
    ),
    (
        "spend",
        "Spend against the allocation profile",
        f"Green when spend to date is {_percent(SPEND_GREEN[0])} to {_percent(SPEND_GREEN[1])} "
        "of the allocation profile (the allocation spread evenly over the delivery quarters), "
        f"amber from {_percent(SPEND_AMBER[0])} to {_percent(SPEND_AMBER[1])}, red outside.",
    ),
    (
        "return",
        "Quarterly return",
        "Green when received (signed off) by its due date, amber when received late, red when "
        "overdue. Not rated before it is due.",
    ),
    (
        "cadence",
        "Contact cadence",
        "Green when the vanguard was contacted within the programme's contact cadence at the "
        f"quarter's end, amber up to {CADENCE_AMBER_DAYS} days overdue, red beyond that or "
        "never contacted.",
    ),
    (
        "maturity",
        "Maturity",
        "Red when the vanguard's band moved down since the previous cycle, green when it moved "
        "up or is leading, amber otherwise. Not rated before its first assessment.",
    ),
    (
        "plan",
        "Delivery plan",
        f"Red when {PLAN_RED_OVERDUE} or more of the plan's activities are overdue (past their "
        "target date, the end of their range or quarter, or a condition's latest date, and not "
        "done or dropped), amber when one is overdue or any is at risk, green otherwise. Not "
        "rated while the plan has no activities.",
    ),
]
MEASURES = [(key, label) for key, label, _ in THRESHOLD_TEXT]


def starts(row: dict) -> str:
    if not row["trajectory_to_date"]:
        return NO_DATA
    ratio = row["starts_to_date"] / row["trajectory_to_date"]
    return GREEN if ratio >= STARTS_GREEN else AMBER if ratio >= STARTS_AMBER else RED


def in_work(row: dict) -> str:
    value, target = row["in_work_share"], row["in_work_share_target"]
    if value is None or target is None:
        return NO_DATA
    if value >= target:
        return GREEN
    return AMBER if value >= target - IN_WORK_AMBER_POINTS else RED


def satisfaction(row: dict) -> str:
    """Rate only what may be shown: the caller withholds it under the disclosure threshold."""
    value = row["satisfied_share"]
    if value is None:
        return NO_DATA
    return GREEN if value >= SATISFIED_GREEN else AMBER if value >= SATISFIED_AMBER else RED


def spend(row: dict) -> str:
    if not row["spend_profile_to_date"]:
        return NO_DATA
    ratio = row["spend_to_date"] / row["spend_profile_to_date"]
    if SPEND_GREEN[0] <= ratio <= SPEND_GREEN[1]:
        return GREEN
    return AMBER if SPEND_AMBER[0] <= ratio <= SPEND_AMBER[1] else RED


def quarterly_return(row: dict) -> str:
    return {"received": GREEN, "received_late": AMBER, "overdue": RED}.get(
        row["return_status"], NO_DATA
    )


def cadence(row: dict) -> str:
    days = row["contact_overdue_days"]
    if days is None:
        return NO_DATA  # closed: no contact needed
    if days == 0:
        return GREEN
    return AMBER if days <= CADENCE_AMBER_DAYS and row["last_contact"] else RED


def maturity(row: dict) -> str:
    if not row["maturity_band"]:
        return NO_DATA
    if row["maturity_movement"] == "down":
        return RED
    if row["maturity_movement"] == "up" or row["maturity_band"] == "leading":
        return GREEN
    return AMBER


def delivery_plan(row: dict) -> str:
    # Snapshots stored before plans existed have no plan figures: not rated.
    if not row.get("plan_activities"):
        return NO_DATA
    if row["plan_overdue"] >= PLAN_RED_OVERDUE:
        return RED
    return AMBER if row["plan_overdue"] or row["plan_at_risk"] else GREEN


RATERS = {
    "starts": starts,
    "in_work": in_work,
    "satisfaction": satisfaction,
    "spend": spend,
    "return": quarterly_return,
    "cadence": cadence,
    "maturity": maturity,
    "plan": delivery_plan,
}


def ratings(row: dict) -> dict[str, str]:
    """Every measure's rating for one vanguard's row, keyed as MEASURES."""
    return {key: RATERS[key](row) for key, _ in MEASURES}
