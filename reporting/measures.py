"""The measures the dashboards, snapshots and reports show, written once: key, label and how
a value is written. Snapshots store values under these keys; a rebuild's diff names them by
label."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # "count", "percent" or "pounds"


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
