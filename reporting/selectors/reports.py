"""What a quarterly report says, assembled once for its PDF and its XLSX pack: the headline
figures in words and every table, read from the report's snapshot (so a report of a closed
quarter shows what the snapshot froze). Measures come from reporting/measures.py, so measures
added there flow into the sections ("Other measures") and the annex without changes here.

Reports are read by people who are not admins: satisfaction (the share and the count satisfied)
from fewer responses than the disclosure threshold is withheld by the dashboards' rule
(presenters.dashboard.satisfaction_shown), in the dashboards' words."""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from feedback.selectors.disclosure import TOO_FEW, disclosure_threshold
from vanguards import permissions
from workwell.dates import Quarter, govuk_date

from ..measures import BY_KEY, MEASURES, Measure, measure_text, share
from ..models import QuarterlyReport, QuarterlySnapshot
from ..presenters import dashboard
from .dashboard import FIRST, MOVEMENTS, RETURN_STATES, totals

# The report's sections and the measures each shows; measures in none of them go to "Other
# measures", so a new measure is reported without touching this list.
SECTIONS = [
    (
        "participants",
        "Participants",
        [
            "starts_quarter",
            "starts_to_date",
            "participant_target",
            "trajectory_to_date",
            "in_work_share",
            "in_work_share_target",
        ],
    ),
    (
        "outcomes",
        "Outcomes",
        [
            "remained_in_work_to_date",
            "entered_work_to_date",
            "satisfaction_responses_to_date",
            "satisfied_share",
        ],
    ),
    ("funding", "Funding", ["spend_to_date", "funding_allocation"]),
]
NATIONAL_NAME = "England"
# Keys the figures hold for the portal's own use (addresses of filter pages), not measures.
NOT_MEASURES = {"region_slug", "cohort_group_slug"}
# Coded values in words: the dashboards' words for return states, bands and movements.
WORDS = {
    "return_status": RETURN_STATES,
    "maturity_band": dashboard.BAND_LABELS,
    "maturity_band_previous": dashboard.BAND_LABELS,
    "maturity_movement": {**MOVEMENTS, FIRST: "First assessment"},
}
# A by-vanguard table prints at most this many measures beside the vanguard's name, so that
# every column fits the A4 page; a section with more prints them in several tables.
PRINTED_MEASURES = 6


@dataclass(frozen=True)
class Cell:
    value: object  # what the spreadsheet stores (a number where there is one)
    text: str  # what the PDF prints
    numeric: bool = False


@dataclass(frozen=True)
class ReportTable:
    key: str  # the PDF anchor and the spreadsheet's sheet name
    title: str
    head: list[Cell]
    rows: list[list[Cell]]

    @property
    def figures_only(self) -> bool:
        """Whether every column but the first holds numbers (counts, shares, pounds, or a figure
        withheld): the PDF then takes the columns' widths from the header row, not every cell."""
        return all(
            isinstance(cell.value, int | float | Decimal) or cell.value in ("", None)
            for row in self.rows
            for cell in row[1:]
        )

    def column_groups(self) -> list["ReportTable"]:
        """The table as the PDF prints it: whole when it fits the page's width, else split
        into tables of a few measures each (sizes differing by one at most), every one with
        the first column (the names its rows are of) and a caption saying which part it is.
        The XLSX pack keeps the whole table on one sheet."""
        measures = len(self.head) - 1
        if measures <= PRINTED_MEASURES:
            return [self]
        count = math.ceil(measures / PRINTED_MEASURES)
        groups, start = [], 1
        for number in range(count):
            end = start + measures // count + (number < measures % count)
            columns = [0, *range(start, end)]
            groups.append(
                ReportTable(
                    f"{self.key}-{number + 1}",
                    f"{self.title} ({number + 1} of {count})",
                    [self.head[column] for column in columns],
                    [[row[column] for column in columns] for row in self.rows],
                )
            )
            start = end
        return groups


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    tables: list[ReportTable]
    # SVG charts drawn by reporting/charts.py, placed before the tables (see `section_charts`).
    charts: list[str] = field(default_factory=list)
    intro: str = ""


@dataclass(frozen=True)
class VanguardPage:
    slug: str
    name: str
    region: str
    summary: list[str]
    table: ReportTable


@dataclass(frozen=True)
class ReportContent:
    report: QuarterlyReport
    title: str
    scope: str
    summary: list[str]
    sections: list[ReportSection]
    vanguard_pages: list[VanguardPage]
    annex: list[ReportTable]
    made_on: datetime.date


# Reports are read beyond admins: the small-numbers rule applies as to any other reader.
READER = AnonymousUser()
READER_SEES_SMALL_NUMBERS = permissions.sees_small_numbers(READER)


def _disclosed(key: str, row: dict, threshold: int) -> bool:
    """Whether a measure's figure may be shown: satisfaction by the dashboards' one rule."""
    if key not in dashboard.SATISFACTION_MEASURES:
        return True
    return dashboard.satisfaction_shown(row, READER_SEES_SMALL_NUMBERS, threshold)


def _cell(measure: Measure, row: dict, threshold: int) -> Cell:
    value = row.get(measure.key)
    if not _disclosed(measure.key, row, threshold):
        return Cell("", TOO_FEW, numeric=True)
    if measure.unit == "date" and value:
        # A snapshot stores dates as ISO text.
        day = datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return Cell(day, govuk_date(day), numeric=True)
    if value in WORDS.get(measure.key, {}):
        words = WORDS[measure.key][value]
        return Cell(words, words, numeric=True)
    return Cell(value, measure_text(measure, value), numeric=True)


def _single(key: str, value) -> bool:
    """Whether a key of the figures is a measure held as a single value (a table cell);
    series and breakdowns are drawn by the charts instead."""
    return key not in NOT_MEASURES and not isinstance(value, list | dict)


def _present(figures: dict) -> set[str]:
    """The measures the figures hold as single values, nationally or for any vanguard."""
    rows = [figures.get("national", {}), *figures.get("vanguards", {}).values()]
    return {key for row in rows for key, value in row.items() if _single(key, value)}


def _sections_of(figures: dict) -> list[tuple[str, str, list[Measure]]]:
    present = _present(figures)
    placed = {key for _, _, keys in SECTIONS for key in keys}
    sections = [
        (key, title, [BY_KEY[k] for k in keys if k in present and k in BY_KEY])
        for key, title, keys in SECTIONS
    ]
    others = [m for m in MEASURES if m.key in present and m.key not in placed]
    if others:
        sections.append(("other-measures", "Other measures", others))
    return [section for section in sections if section[2]]


def _text(label: str) -> Cell:
    return Cell(label, label)


def _summary(row: dict, *, quarter: str, threshold: int, vanguards: int | None = None) -> list:
    """The headline figures in words (a sentence per measure the figures hold)."""
    sentences = []
    where = f" across {vanguards} vanguards" if vanguards else ""
    if "starts_quarter" in row:
        sentences.append(
            f"In {quarter}, {row['starts_quarter']:,} participants started WorkWell support{where}."
        )
    if "starts_to_date" in row and row.get("participant_target"):
        sentence = (
            f"{row['starts_to_date']:,} participants have started to date, "
            f"{share(row['starts_to_date'], row['participant_target']):g}% of the target of "
            f"{row['participant_target']:,}"
        )
        if row.get("trajectory_to_date"):
            sentence += f"; the trajectory expected {row['trajectory_to_date']:,} by now"
        sentences.append(sentence + ".")
    if row.get("in_work_share") is not None:
        sentence = f"{row['in_work_share']:g}% of participants were in work when they started"
        if row.get("in_work_share_target") is not None:
            sentence += f", against a target of {row['in_work_share_target']:g}%"
        sentences.append(sentence + ".")
    if "remained_in_work_to_date" in row and "entered_work_to_date" in row:
        sentences.append(
            f"To date {row['remained_in_work_to_date']:,} participants remained in work and "
            f"{row['entered_work_to_date']:,} entered work."
        )
    if row.get("satisfied_share") is not None:
        if _disclosed("satisfied_share", row, threshold):
            sentences.append(
                f"{row['satisfied_share']:g}% of the {row['satisfaction_responses_to_date']:,} "
                "participants who answered were satisfied."
            )
        else:
            sentences.append("Too few participants answered the satisfaction question to show.")
    if "spend_to_date" in row and row.get("funding_allocation"):
        sentences.append(
            f"£{row['spend_to_date']:,.0f} has been spent to date, "
            f"{share(row['spend_to_date'], row['funding_allocation']):g}% of the "
            f"£{row['funding_allocation']:,.0f} allocated."
        )
    return sentences


def section_charts(key: str, figures: dict, vanguard: str | None, threshold: int) -> list[str]:
    """The dashboards' SVG charts of a section (reporting/charts.py through the dashboard's
    presenters), the same in the PDF as on the page; satisfaction as a reader who is not an
    admin sees it. Figures from before the charts' measures existed have none."""
    if "quarters" not in figures:
        return []
    rows = figures["vanguards"]
    slugs = [vanguard] if vanguard else sorted(rows, key=lambda slug: rows[slug]["name"])
    total = totals([rows[slug] for slug in slugs], len(figures["quarters"]))
    if key == "participants":
        names = {slug: rows[slug]["name"] for slug in slugs}
        sections = [
            dashboard.starts_section(
                figures, total, name=rows[vanguard]["name"] if vanguard else ""
            ),
            dashboard.in_work_section(figures, slugs, names, highlight=vanguard),
        ]
    elif key == "outcomes":
        sections = [
            dashboard.outcomes_section(
                total, small_numbers=READER_SEES_SMALL_NUMBERS, threshold=threshold
            )
        ]
    elif key == "funding":
        sections = [dashboard.funding_section(total)]
    elif key == "contact":
        name = rows[vanguard]["name"] if vanguard else ""
        sections = [dashboard.support_section(figures, total, name=name)]
        if not vanguard:  # one vanguard's cadence is a date, in its table, not a chart
            sections.insert(0, dashboard.cadence_section(figures, slugs))
    elif key == "quality":
        sections = [
            dashboard.quality_section(
                figures, small_numbers=READER_SEES_SMALL_NUMBERS, threshold=threshold
            )
        ]
    else:
        sections = []
    return [section.svg for section in sections]


def _national_sections(figures: dict, threshold: int) -> list[ReportSection]:
    rows = sorted(figures["vanguards"].items(), key=lambda item: item[1]["name"])
    sections = []
    for key, title, measures in _sections_of(figures):
        head = [_text("Vanguard"), *(Cell(m.label, m.label, numeric=True) for m in measures)]
        body = [
            [_text(row["name"]), *(_cell(m, row, threshold) for m in measures)]
            for _slug, row in rows
        ]
        body.append(
            [_text(NATIONAL_NAME), *(_cell(m, figures["national"], threshold) for m in measures)]
        )
        table = ReportTable(key, f"{title} by vanguard", head, body)
        sections.append(
            ReportSection(key, title, [table], section_charts(key, figures, None, threshold))
        )
    return sections


def _comparison_table(key, title, measures, row, national, name, threshold) -> ReportTable:
    head = [_text("Measure"), Cell(name, name, True), Cell(NATIONAL_NAME, NATIONAL_NAME, True)]
    body = [
        [_text(m.label), _cell(m, row, threshold), _cell(m, national, threshold)] for m in measures
    ]
    return ReportTable(key, title, head, body)


def _vanguard_sections(figures, slug, threshold) -> list[ReportSection]:
    row, national = figures["vanguards"][slug], figures["national"]
    return [
        ReportSection(
            key,
            title,
            [
                _comparison_table(
                    key,
                    f"{title}: {row['name']} and England",
                    measures,
                    row,
                    national,
                    row["name"],
                    threshold,
                )
            ],
            section_charts(key, figures, slug, threshold),
        )
        for key, title, measures in _sections_of(figures)
    ]


def _report_table(table: dashboard.DataTable, key: str, title: str) -> ReportTable:
    """A dashboard table (its words, as a reader who is not an admin sees them) in a report."""
    numeric = [is_numeric for _, is_numeric in table.head]
    return ReportTable(
        key,
        title,
        [Cell(text, text, is_numeric) for text, is_numeric in table.head],
        [
            [Cell(cell.text, cell.text, numeric[index]) for index, cell in enumerate(row)]
            for row in table.rows
        ],
    )


def _quality_table(figures: dict, threshold: int) -> ReportTable:
    """The quality plan's indicators as the snapshot froze them (the dashboard's table)."""
    table = dashboard.quality_table(
        figures, small_numbers=READER_SEES_SMALL_NUMBERS, threshold=threshold
    )
    return _report_table(table, "quality-indicators", "Quality plan indicators")


def _contact_section(figures: dict, vanguard: str | None, threshold: int) -> list[ReportSection]:
    """Contact cadence and support requests: the dashboard's charts and its table of each
    vanguard's (one vanguard's, in its report); none from figures that predate the charts."""
    rows = figures["vanguards"]
    if "quarters" not in figures:
        return []
    slugs = [vanguard] if vanguard else list(rows)
    names = {slug: rows[slug]["name"] for slug in slugs}
    table = _report_table(
        dashboard.contact_table(figures, slugs, names),
        "contact",
        "Contact cadence and support requests by vanguard",
    )
    charts_ = section_charts("contact", figures, vanguard, threshold)
    return [ReportSection("contact", "Contact cadence and support requests", [table], charts_)]


# An older snapshot revision holds no strategic review: the report says so, never reads live.
REVIEW_NOT_STORED = (
    'This snapshot was built before the strategic review\'s themes and "you said, we did" '
    "entries were stored with it; rebuild the quarter's snapshot to include them."
)


def _quality_section(figures: dict, threshold: int) -> ReportSection:
    """The quality plan indicators and the strategic review's themes and "you said, we did"
    entries, all as the snapshot froze them (dashboard_figures' "quality" and "review")."""
    tables = [_quality_table(figures, threshold)]
    charts_ = section_charts("quality", figures, None, threshold)
    intro = (
        "How the National Support Team did against its quality plan this quarter, and the "
        "themes vanguards raised in the pulse survey and in concerns."
    )
    review = figures.get("review")
    if review is None:
        return ReportSection(
            "quality",
            "Quality plan and strategic review",
            tables,
            charts_,
            intro=f"{intro} {REVIEW_NOT_STORED}",
        )
    if review["themes"]:
        tables.append(
            ReportTable(
                "review-themes",
                "Strategic review: themes raised",
                [
                    _text("Programme theme"),
                    Cell("Pulse answers", "Pulse answers", True),
                    Cell("Concerns", "Concerns", True),
                ],
                [
                    [
                        _text(t["theme"]),
                        Cell(t["pulse_answers"], f"{t['pulse_answers']:,}", True),
                        Cell(t["concerns"], f"{t['concerns']:,}", True),
                    ]
                    for t in review["themes"]
                ],
            )
        )
    said = [entry["title"] for entry in review["you_said_we_did"]]
    if said:
        intro += " You said, we did: " + "; ".join(said) + "."
    return ReportSection(
        "quality", "Quality plan and strategic review", tables, charts_, intro=intro
    )


def _annex(figures: dict, report: QuarterlyReport, threshold: int) -> list[ReportTable]:
    slugs = [report.vanguard.slug] if report.vanguard_id else sorted(figures["vanguards"])
    head = [_text("Vanguard"), _text("Measure"), Cell("Value", "Value", True)]
    rows = []
    for slug in sorted(slugs, key=lambda s: figures["vanguards"][s]["name"]):
        row = figures["vanguards"][slug]
        for measure in MEASURES:
            if measure.key in row and _single(measure.key, row[measure.key]):
                rows.append(
                    [_text(row["name"]), _text(measure.label), _cell(measure, row, threshold)]
                )
    returns_read = [
        entry
        for entry in report.snapshot.returns_read
        if not report.vanguard_id or entry["vanguard"] == report.vanguard.slug
    ]
    returns = ReportTable(
        "returns-read",
        "Returns the figures were summed from",
        [_text("Vanguard"), _text("Quarter"), _text("Status"), _text("Last changed")],
        [
            [
                _text(entry["vanguard_name"]),
                _text(entry["quarter"]),
                _text(entry["status"].replace("_", " ").capitalize()),
                _text(govuk_date(datetime.datetime.fromisoformat(entry["updated_at"]))),
            ]
            for entry in sorted(returns_read, key=lambda e: (e["vanguard_name"], e["quarter"]))
        ],
    )
    return [ReportTable("all-figures", "Every figure", head, rows), returns]


def report_content(report: QuarterlyReport) -> ReportContent:
    """Everything the report's PDF and XLSX pack show (a fixed number of queries)."""
    figures = report.snapshot.figures
    threshold = disclosure_threshold()
    quarter = figures.get("quarter", str(report.quarter))
    if report.vanguard_id:
        row = figures["vanguards"][report.vanguard.slug]
        summary = _summary(row, quarter=quarter, threshold=threshold)
        sections = [
            *_vanguard_sections(figures, report.vanguard.slug, threshold),
            *_contact_section(figures, report.vanguard.slug, threshold),
        ]
        pages = []
        scope = row["name"]
    else:
        summary = _summary(
            figures["national"],
            quarter=quarter,
            threshold=threshold,
            vanguards=len(figures["vanguards"]),
        )
        sections = [
            *_national_sections(figures, threshold),
            *_contact_section(figures, None, threshold),
            *([_quality_section(figures, threshold)] if "quality" in figures else []),
        ]
        present = _present(figures)
        pages = [
            VanguardPage(
                slug,
                row["name"],
                row.get("region", ""),
                _summary(row, quarter=quarter, threshold=threshold),
                _comparison_table(
                    f"vanguard-{slug}",
                    row["name"],
                    # The vanguard's own measures (not the counts only England has).
                    [m for m in MEASURES if m.key in present and m.key in row],
                    row,
                    figures["national"],
                    row["name"],
                    threshold,
                ),
            )
            for slug, row in sorted(figures["vanguards"].items(), key=lambda i: i[1]["name"])
        ]
        scope = "National"
    return ReportContent(
        report=report,
        title=report.title,
        scope=scope,
        summary=summary,
        sections=sections,
        vanguard_pages=pages,
        annex=_annex(figures, report, threshold),
        made_on=timezone.localdate(),
    )


def report_tables(content: ReportContent) -> list[ReportTable]:
    """Every table of the report, in its order: what the XLSX pack holds, one sheet each."""
    tables = [table for section in content.sections for table in section.tables]
    tables += [page.table for page in content.vanguard_pages]
    return tables + content.annex


def reports_for_archive(user) -> list[QuarterlyReport]:
    """Every revision of every report the user may read, newest quarter first (one query)."""
    queryset = QuarterlyReport.objects.select_related(
        "vanguard", "requested_by", "document", "spreadsheet", "snapshot"
    ).defer("snapshot__figures", "snapshot__returns_read")
    return list(permissions.reports_visible_to(user, queryset))


def snapshot_quarters() -> list:
    """The quarters a report can be asked for: those with a snapshot, newest first."""
    pairs = QuarterlySnapshot.objects.values_list("year", "number").distinct().order_by()
    return sorted(
        (Quarter(year, number) for year, number in pairs),
        reverse=True,
        key=lambda q: (q.year, q.number),
    )
