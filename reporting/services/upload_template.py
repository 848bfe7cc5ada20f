"""The bulk upload's template: an XLSX with one sheet per quarter (a row per vanguard's
delivery strand, then every figure in FIGURES order) and a Notes sheet that explains the
columns and the rules; or one CSV with a quarter column."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.tables import safe_cell

from ..models import DeliveryStrand, QuarterlyReturn, ReturnPeriod
from ..models.returns import FIGURES
from ..rules import RULES
from ..selectors.figures import up_to
from .upload import CSV_COLUMNS, NOTES_SHEET, STRAND, VANGUARD, XLSX_COLUMNS, quarter_label

TEMPLATE_QUARTERS = 4  # the last year's quarters


def template_quarters(*, today: datetime.date) -> list[Quarter]:
    """The latest quarters that have ended and have a due date, oldest first (the last
    quarter that ended when none has one). One query."""
    ended = Quarter.containing(today).previous()
    periods = ReturnPeriod.objects.filter(up_to(ended)).order_by("-year", "-number")
    quarters = [period.quarter for period in periods[:TEMPLATE_QUARTERS]]
    return sorted(quarters) or [ended]


def _strand_rows(quarter: Quarter, strands, accepted: set) -> list[list]:
    """A row for each strand running in the quarter, figures empty; none for a vanguard whose
    return for the quarter is accepted (an upload may not change it)."""
    return [
        [safe_cell(strand.vanguard.slug), safe_cell(strand.name)] + [None] * len(FIGURES)
        for strand in strands
        if strand.start_date <= quarter.end
        and strand.end_date >= quarter.start
        and (strand.vanguard_id, quarter) not in accepted
    ]


def _accepted(quarters: list[Quarter]) -> set[tuple[int, Quarter]]:
    """(vanguard id, quarter) of the locked (submitted or accepted) returns in `quarters`.
    One query."""
    rows = QuarterlyReturn.objects.filter(
        status__in=(QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.ACCEPTED),
        year__in={quarter.year for quarter in quarters},
    ).values_list("vanguard_id", "year", "number")
    return {
        (vanguard_id, Quarter(year, number))
        for vanguard_id, year, number in rows
        if Quarter(year, number) in quarters
    }


def _strands():
    return list(
        DeliveryStrand.objects.exclude(vanguard__status=Vanguard.Status.CLOSED)
        .select_related("vanguard")
        .order_by("vanguard__name", "position", "pk")
    )


NOTES = [
    "How to fill in this template",
    "",
    "Each sheet is one quarter's returns; its name says which quarter (2026-27 Q2 is July to "
    "September 2026). Keep the sheet names and the first row as they are.",
    "Each row is one vanguard's delivery strand (none for returns already accepted). Fill in "
    "every figure for the rows you upload. "
    "A row with no figures at all is left out; delete the rows you do not need if you prefer.",
    "Nothing is saved until you have checked the preview and confirmed it, and nothing at all "
    "is saved while any row has a problem.",
    "Returns that do not exist yet are created in progress; figures already entered are "
    "replaced. Accepted returns cannot be changed by an upload.",
    "",
    "Columns",
]


def _notes() -> list[list[str]]:
    rows = [[line] for line in NOTES]
    rows += [
        [VANGUARD, "The vanguard's short name in the portal's web addresses. Do not change it."],
        [STRAND, "The delivery strand's name, as the vanguard's profile lists it."],
    ]
    rows += [
        [
            name,
            f"{label}. "
            + ("In pounds, such as 1250.50." if name == "spend" else "A whole number, 0 or more."),
        ]
        for name, label in FIGURES
    ]
    rows += [[""], ["Rules every row must meet"]]
    rows += [[f"• {rule}"] for rule in RULES.values()]
    return rows


def template_xlsx(*, today: datetime.date) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    strands, quarters = _strands(), template_quarters(today=today)
    accepted = _accepted(quarters)
    for quarter in quarters:
        sheet = workbook.create_sheet(quarter_label(quarter))
        sheet.append(XLSX_COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _strand_rows(quarter, strands, accepted):
            sheet.append(row)
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 48
    notes = workbook.create_sheet(NOTES_SHEET)
    for row in _notes():
        notes.append(row)
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 80
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def template_csv(*, today: datetime.date) -> str:
    """The same rows in one CSV, with a quarter column (its notes are on the upload page)."""
    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow(CSV_COLUMNS)
    strands, quarters = _strands(), template_quarters(today=today)
    accepted = _accepted(quarters)
    for quarter in quarters:
        for row in _strand_rows(quarter, strands, accepted):
            writer.writerow([str(quarter), *row])
    return content.getvalue()
