"""Everything a quarter's dashboards show, as plain JSON-ready data: what a snapshot of a
closed quarter stores and what the pages, PDFs and exports read. Measures are keyed as in
reporting/measures.py."""

from vanguards.models import Vanguard
from workwell.dates import Quarter

from ..funding import quarters_from
from ..measures import share
from .figures import return_figures


def dashboard_figures(quarter: Quarter) -> dict:
    """{"quarter": "2026/27 Q2", "vanguards": {slug: {"name", "region", measures...}},
    "national": {measures...}} for `quarter`."""
    vanguards = Vanguard.objects.select_related("region").order_by("name")
    figures = return_figures(quarter=quarter)
    rows = {}
    for vanguard in vanguards:
        reported = figures.get(vanguard.pk, {})
        delivery = quarters_from(
            Quarter.containing(vanguard.start_date), Quarter.containing(vanguard.end_date)
        )
        elapsed = sum(1 for q in delivery if q <= quarter)
        starts = reported.get("starts_to_date", 0)
        rows[vanguard.slug] = {
            "name": vanguard.name,
            "region": vanguard.region.name,
            "starts_quarter": reported.get("starts_quarter", 0),
            "starts_to_date": starts,
            "participant_target": vanguard.participant_target,
            "trajectory_to_date": vanguard.participant_target * elapsed // len(delivery),
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
        }
    national = {
        key: sum(row[key] for row in rows.values())
        for key in (
            "starts_quarter",
            "starts_to_date",
            "participant_target",
            "trajectory_to_date",
            "remained_in_work_to_date",
            "entered_work_to_date",
            "satisfaction_responses_to_date",
            "spend_to_date",
            "funding_allocation",
        )
    }
    in_work = sum(figures.get(v.pk, {}).get("starts_in_work_to_date", 0) for v in vanguards)
    satisfied = sum(figures.get(v.pk, {}).get("satisfied_to_date", 0) for v in vanguards)
    national["in_work_share"] = share(in_work, national["starts_to_date"])
    national["satisfied_share"] = share(satisfied, national["satisfaction_responses_to_date"])
    return {"quarter": str(quarter), "vanguards": rows, "national": national}
