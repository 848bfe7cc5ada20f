"""The measures the dashboards, snapshots and reports show, written once: key, label and how
a value is written. Snapshots store values under these keys; a rebuild's diff names them by
label."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "count", "percent", "pounds", "text", "date" or "series" (counts by quarter)


MEASURES = [
    Measure("starts_quarter", "Participants started this quarter", "count"),
    Measure("starts_to_date", "Participants started to date", "count"),
    Measure("participant_target", "Participant target", "count"),
    Measure("trajectory_to_date", "Starts expected by now (trajectory)", "count"),
    Measure("in_work_share", "Starts in work (share)", "percent"),
    Measure("in_work_share_target", "In-work share target", "percent"),
    Measure("remained_in_work_to_date", "Remained in work to date", "count"),
    Measure("entered_work_to_date", "Entered work to date", "count"),
    Measure("satisfaction_responses_to_date", "Participant satisfaction responses", "count"),
    Measure("satisfied_share", "Participants satisfied (share)", "percent"),
    Measure("spend_to_date", "Spend to date", "pounds"),
    Measure("funding_allocation", "Funding allocation", "pounds"),
    # Reported figures behind the shares, so that any group of vanguards adds up.
    Measure("starts_in_work_to_date", "Starts in work to date", "count"),
    Measure("satisfied_to_date", "Participants satisfied to date", "count"),
    Measure("completions_to_date", "Completions to date", "count"),
    Measure("starts_by_quarter", "Participants started, by quarter", "series"),
    Measure("trajectory_by_quarter", "Starts expected by each quarter (trajectory)", "series"),
    # Who the vanguard is, for filters and peers.
    Measure("region", "Region", "text"),
    Measure("region_slug", "Region (address)", "text"),
    Measure("cohort_group", "Cohort group", "text"),
    Measure("cohort_group_slug", "Cohort group (address)", "text"),
    # Funding: the funding rule applied to the reported starts and spend.
    Measure("spend_profile_to_date", "Spend expected by now (allocation profile)", "pounds"),
    Measure("funding_guaranteed", "Guaranteed funding", "pounds"),
    Measure("performance_earned_to_date", "Performance funding earned to date", "pounds"),
    Measure("funding_paid_to_date", "Funding paid to date", "pounds"),
    Measure("forecast_spend", "Forecast spend at the current run rate", "pounds"),
    # The quarter's return.
    Measure("return_status", "Quarterly return", "text"),
    Measure("return_due_on", "Return due", "date"),
    Measure("vanguards", "Vanguards", "count"),
    Measure("returns_expected", "Returns expected", "count"),
    Measure("returns_received", "Returns received on time", "count"),
    Measure("returns_received_late", "Returns received late", "count"),
    Measure("returns_overdue", "Returns overdue", "count"),
    Measure("returns_not_due", "Returns not yet due", "count"),
    # Maturity: the latest assessment's band and the change since the cycle before.
    Measure("maturity_band", "Maturity band", "text"),
    Measure("maturity_band_previous", "Maturity band in the previous cycle", "text"),
    Measure("maturity_mean", "Mean maturity level", "text"),
    Measure("maturity_movement", "Maturity movement since the previous cycle", "text"),
    Measure("maturity_bands", "Vanguards in each maturity band", "text"),
    Measure("maturity_movements", "Vanguards by maturity movement", "text"),
    # Contact cadence and support requests.
    Measure("last_contact", "Last contact", "date"),
    Measure("contact_overdue_days", "Days contact is overdue", "count"),
    Measure("contacted_in_cadence", "Vanguards contacted within cadence", "count"),
    Measure("support_raised", "Support requests raised this quarter", "count"),
    Measure("support_judged", "Support requests due for triage", "count"),
    Measure("support_triaged_in_time", "Support requests triaged in time", "count"),
    Measure("support_open", "Support requests open at the quarter's end", "count"),
    # The vanguard's delivery plan (plans), judged as of the quarter's end with today's statuses.
    Measure("plan_activities", "Delivery plan activities", "count"),
    Measure("plan_overdue", "Delivery plan activities overdue", "count"),
    Measure("plan_at_risk", "Delivery plan activities at risk", "count"),
    # The quality plan's indicators (national only): met and counted cases, and the target.
    Measure("quality", "Quality-plan indicators", "text"),
]
BY_KEY = {measure.key: measure for measure in MEASURES}


def share(part, whole) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def measure_text(measure: Measure, value) -> str:
    """A figure as people read it: 1,620 · 61.5% · £1,310,012; a dash for none."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, int | float):
        return str(value)
    if measure.unit == "percent":
        return f"{value:g}%"
    if measure.unit == "pounds":
        return f"£{value:,.0f}"
    return f"{value:,}"
