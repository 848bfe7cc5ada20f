"""What the logic-model pages, the vanguard dashboard and the report show: the five columns of
the diagram (with each measured item's figure when figures are given), the versions table and
the dashboard's outcomes table."""

from django.urls import reverse
from django.utils.html import format_html

from feedback.selectors.disclosure import TOO_FEW, disclosure_threshold
from workwell.dates import govuk_date

from ..measures import measure_text
from ..models import LogicItem, LogicModelVersion, QuarterlyReport
from ..selectors.logic import agreed_logic_model
from ..selectors.reports import READER_SEES_SMALL_NUMBERS
from .dashboard import SATISFACTION_MEASURES, satisfaction_shown

# What each column answers, under its heading.
COLUMN_HINTS = {
    LogicItem.Column.INPUTS: "What the vanguard puts in",
    LogicItem.Column.ACTIVITIES: "What it does",
    LogicItem.Column.OUTPUTS: "What it delivers, counted",
    LogicItem.Column.OUTCOMES: "What changes for people",
    LogicItem.Column.IMPACT: "The longer-term difference",
}

STATUS_TAGS = {
    LogicModelVersion.Status.DRAFT: "govuk-tag--light-blue",
    LogicModelVersion.Status.AGREED: "govuk-tag--green",
}


def _figure(item: LogicItem, row: dict | None, small_numbers: bool, threshold: int) -> str:
    if not row or item.measure is None:
        return ""
    if item.measure_key in SATISFACTION_MEASURES and not satisfaction_shown(
        row, small_numbers, threshold
    ):
        return TOO_FEW
    return measure_text(item.measure, row.get(item.measure_key))


def diagram(
    version: LogicModelVersion,
    row: dict | None = None,
    *,
    small_numbers: bool = False,
    threshold: int = 0,
) -> list[dict]:
    """The five columns in order, inputs to impact, each with its items (from the prefetched
    `items`) and, when the quarter's figures `row` is given, each measured item's figure as a
    viewer who does or does not see small numbers may see it."""
    by_column = {column: [] for column in LogicItem.Column}
    for item in version.items.all():
        by_column[LogicItem.Column(item.column)].append(
            {
                "item": item,
                "text": item.text,
                "measure": item.measure.label if item.measure else "",
                "figure": _figure(item, row, small_numbers, threshold),
            }
        )
    return [
        {"key": column.value, "label": column.label, "hint": COLUMN_HINTS[column], "items": items}
        for column, items in by_column.items()
    ]


def status_tag(version: LogicModelVersion) -> dict:
    return {"text": version.get_status_display(), "classes": STATUS_TAGS[version.status]}


def versions_table(versions: list[LogicModelVersion], vanguard) -> dict:
    """The versions page: each version, its state, who started and who agreed it."""
    rows = []
    for version in versions:
        url = reverse("reporting:logic_version", args=[vanguard.slug, version.number])
        agreed = (
            f"{govuk_date(version.agreed_at)} by {version.agreed_by}" if version.agreed_at else ""
        )
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">Version {}</a>', url, version.number
                    )
                },
                {
                    "html": format_html(
                        '<strong class="govuk-tag {}">{}</strong>',
                        STATUS_TAGS[version.status],
                        version.get_status_display(),
                    )
                },
                {"text": f"{govuk_date(version.created_at)} by {version.created_by}"},
                {"text": agreed},
            ]
        )
    return {
        "caption": "Versions",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": False,
        "head": [{"text": "Version"}, {"text": "State"}, {"text": "Started"}, {"text": "Agreed"}],
        "rows": rows,
    }


def version_text(version: LogicModelVersion) -> str:
    """ "Version 2, agreed on 3 March 2026" or "Draft version 3, not agreed yet"."""
    if version.is_draft:
        return f"Draft version {version.number}, not agreed yet"
    return f"Version {version.number}, agreed on {govuk_date(version.agreed_at)}"


def outcomes_table(
    outcomes: list[LogicItem], row: dict, quarter, *, small_numbers: bool, threshold: int
) -> dict | None:
    """The vanguard dashboard's logic-model outcomes (selectors.logic.dashboard_logic_outcomes:
    one version's, each with it), each with its measure and the quarter's figure, and which
    version they come from (`version`: the words, `table`: the GOV.UK table); None when there
    are none."""
    if not outcomes:
        return None
    version = outcomes[0].version
    table = {
        "caption": f"Logic model outcomes, {quarter}",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Outcome"},
            {"text": "Measured by"},
            {"text": f"Figure for {quarter}", "format": "numeric"},
        ],
        "rows": [
            [
                {"text": item.text},
                {"text": item.measure.label if item.measure else "Not measured in the return"},
                {"text": _figure(item, row, small_numbers, threshold), "format": "numeric"},
            ]
            for item in outcomes
        ],
    }
    return {"version": version_text(version), "is_draft": version.is_draft, "table": table}


def report_logic_model(report: QuarterlyReport) -> dict | None:
    """A vanguard's report's "Logic model" section: the version agreed when the report's
    snapshot was built (so a report rebuilt later shows the model its figures belong to), each
    measured item with the snapshot's figure; None for the national report."""
    if not report.vanguard_id:
        return None
    frozen = report.snapshot.built_at
    version = agreed_logic_model(vanguard=report.vanguard, as_of=frozen)
    row = report.snapshot.figures["vanguards"].get(report.vanguard.slug, {})
    if version is None:
        return {"version": None, "columns": [], "frozen": frozen}
    columns = diagram(
        version, row, small_numbers=READER_SEES_SMALL_NUMBERS, threshold=disclosure_threshold()
    )
    return {"version": version, "columns": columns, "frozen": frozen}
