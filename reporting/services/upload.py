"""Bulk upload of quarterly returns by admins, from the XLSX or CSV template.

Three steps, each a plain function: `upload_rows` reads the file into plain rows (strings,
safe to keep in the session between preview and confirm); `upload_check` finds every problem
(with its sheet, row, column and rule) and, when there are none, what would be created and
what would change; `upload_apply` checks again, under locks, and saves everything in one
transaction, or nothing. The figures' rules are `reporting.rules.figure_problems`."""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from openpyxl import load_workbook

from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.models import User

from ..models import DeliveryStrand, QuarterlyReturn, StrandReturn
from ..models.returns import FIGURES
from ..rules import RULES, figure_problems
from ..selectors.figures import RECEIVED
from .due_dates import ReturnOperationsError
from .returns import CUMULATIVE_RULES

NOTES_SHEET = "Notes"
QUARTER, VANGUARD, STRAND = "quarter", "vanguard_slug", "strand_name"
FIGURE_COLUMNS = [name for name, _ in FIGURES]
XLSX_COLUMNS = [VANGUARD, STRAND, *FIGURE_COLUMNS]
CSV_COLUMNS = [QUARTER, *XLSX_COLUMNS]
MAX_ROWS = 2000  # far more than 15 vanguards' strands over several quarters

# The upload's own checks, beside the figures' rules (RULES), in the order the preview shows.
UPLOAD_RULES = {
    "columns": "The columns are the template’s",
    "unknown_quarter": "Each sheet or row is for a quarter that has ended",
    "unknown_vanguard": "Each vanguard is known",
    "unknown_strand": "Each strand is one of the vanguard’s delivery strands",
    "duplicate": "Each strand appears once a quarter",
    "not_a_number": "Every figure is a number",
    "accepted": "Submitted and accepted returns are not changed by an upload",
    **RULES,
}


@dataclass(frozen=True)
class UploadProblem:
    rule: str  # a key of UPLOAD_RULES
    sheet: str
    row: int
    column: str  # "" when the problem is the whole row
    message: str


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: object
    new: object


@dataclass
class RowPlan:
    quarter: Quarter
    vanguard: Vanguard
    strand: DeliveryStrand
    figures: dict
    creates_return: bool
    strand_return: StrandReturn | None  # None: a new strand return
    changes: list[Change] = field(default_factory=list)


@dataclass
class UploadCheck:
    problems: list[UploadProblem]
    plans: list[RowPlan]
    empty_rows: int  # rows with no figures at all, left out

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def creates(self) -> list[RowPlan]:
        return [plan for plan in self.plans if plan.strand_return is None]

    @property
    def updates(self) -> list[RowPlan]:
        return [plan for plan in self.plans if plan.strand_return is not None and plan.changes]

    @property
    def unchanged(self) -> int:
        return sum(1 for plan in self.plans if plan.strand_return is not None and not plan.changes)

    def problems_by_rule(self) -> list[tuple[str, str, list[UploadProblem]]]:
        """(rule, what the rule says, its problems) for each rule broken, in UPLOAD_RULES order."""
        grouped = defaultdict(list)
        for problem in self.problems:
            grouped[problem.rule].append(problem)
        return [
            (rule, UPLOAD_RULES[rule], grouped[rule]) for rule in UPLOAD_RULES if rule in grouped
        ]


# --- Reading the file ----------------------------------------------------------------------


def quarter_label(quarter: Quarter) -> str:
    """How a sheet is named for a quarter: "2026-27 Q2" (a sheet name cannot hold "/")."""
    return f"{quarter.year}-{str(quarter.year + 1)[-2:]} Q{quarter.number}"


_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s+Q([1-4])\s*$", re.IGNORECASE)


def parse_quarter(text: str) -> Quarter | None:
    """ "2026/27 Q2" or "2026-27 Q2" (what the template writes), else None."""
    match = _QUARTER.match(text or "")
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        return None
    return Quarter(int(match[1]), int(match[3]))


def _text(value) -> str:
    """A cell as text: whole numbers without ".0" (spreadsheets store every number as a float)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _column_name(header: str) -> str:
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _sheet_rows(sheet: str, lines, *, is_csv: bool = False) -> dict:
    lines = iter(lines)
    headers = [_column_name(_text(cell)) for cell in next(lines, [])]
    rows = []
    for number, cells in enumerate(lines, start=2):
        values = [_text(cell) for cell in cells]
        if not any(values):
            continue  # a blank line
        rows.append({"row": number, "cells": dict(zip(headers, values, strict=False))})
    return {"sheet": sheet, "csv": is_csv, "headers": headers, "rows": rows}


def upload_rows(upload) -> list[dict]:
    """The file's sheets as plain data: [{"sheet", "csv", "headers", "rows": [{"row",
    "cells"}]}]. The Notes sheet is left out. Raises ReturnOperationsError when the file cannot
    be read."""
    extension = Path(upload.name or "").suffix.lower()
    upload.seek(0)
    if extension == ".csv":
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        sheets = [_sheet_rows("CSV file", csv.reader(io.StringIO(text)), is_csv=True)]
    else:
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ReturnOperationsError(
                "The selected file could not be read as a spreadsheet: save it again from the "
                "template as XLSX and upload it again",
                "file",
            ) from error
        sheets = [
            _sheet_rows(worksheet.title, worksheet.iter_rows(values_only=True))
            for worksheet in workbook.worksheets
            if worksheet.title.strip().lower() != NOTES_SHEET.lower()
        ]
        workbook.close()
    if sum(len(sheet["rows"]) for sheet in sheets) > MAX_ROWS:
        raise ReturnOperationsError(
            f"The file has more than {MAX_ROWS} rows: split it into smaller files", "file"
        )
    return sheets


# --- Checking it ---------------------------------------------------------------------------


def _number(text: str, name: str):
    """A figure from its cell: None when empty; ValueError when not a number of its kind."""
    cleaned = text.replace(",", "").replace("£", "").strip()
    if cleaned == "":
        return None
    if name == "spend":
        try:
            value = Decimal(cleaned)
        except InvalidOperation as error:
            raise ValueError from error
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise ValueError
        return value.quantize(Decimal("0.01"))
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError from error
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError
    return int(value)


@dataclass
class _Row:
    sheet: str
    row: int
    quarter: Quarter
    vanguard: Vanguard
    strand: DeliveryStrand
    figures: dict


def _read_rows(sheets, problems, today) -> tuple[list[_Row], int]:
    """Rows whose quarter, vanguard, strand and numbers are all understood; the rest become
    problems. Two queries: the vanguards and their strands."""
    slugs = {row["cells"].get(VANGUARD, "") for sheet in sheets for row in sheet["rows"]} - {""}
    vanguards = {vanguard.slug: vanguard for vanguard in Vanguard.objects.filter(slug__in=slugs)}
    strands = {
        (strand.vanguard_id, strand.name.strip().lower()): strand
        for strand in DeliveryStrand.objects.filter(vanguard__in=vanguards.values())
    }
    ended = Quarter.containing(today).previous()
    rows, empty = [], 0

    def problem(rule, sheet, row, column, message):
        problems.append(UploadProblem(rule, sheet, row, column, message))

    for sheet in sheets:
        name, is_csv = sheet["sheet"], sheet["csv"]
        expected = CSV_COLUMNS if is_csv else XLSX_COLUMNS
        before = len(problems)
        for column in expected:
            if column not in sheet["headers"]:
                problem("columns", name, 1, column, f"Add the column {column}, as in the template")
        for column in sheet["headers"]:
            if column and column not in expected:
                problem(
                    "columns",
                    name,
                    1,
                    column,
                    f"Remove the column {column}: it is not in the template",
                )
        if len(problems) > before:
            continue  # rows read against the wrong columns would only add noise
        sheet_quarter = None if is_csv else parse_quarter(name)
        if not is_csv and sheet_quarter is None:
            problem(
                "unknown_quarter",
                name,
                1,
                "",
                f"Name the sheet for its quarter, as the template does (for example "
                f"{quarter_label(ended)})",
            )
            continue
        for line in sheet["rows"]:
            cells, number = line["cells"], line["row"]
            figures, bad = {}, False
            for column in FIGURE_COLUMNS:
                text = cells.get(column, "")
                try:
                    figures[column] = _number(text, column)
                except ValueError:
                    bad = True
                    kind = (
                        "an amount in pounds, such as 1250.50"
                        if column == "spend"
                        else "a whole number, such as 12"
                    )
                    problem("not_a_number", name, number, column, f"Enter {kind}, not “{text}”")
            if not bad and all(value is None for value in figures.values()):
                empty += 1
                continue
            quarter = sheet_quarter
            if is_csv:
                quarter = parse_quarter(cells.get(QUARTER, ""))
                if quarter is None:
                    bad = True
                    problem(
                        "unknown_quarter",
                        name,
                        number,
                        QUARTER,
                        f"Enter the quarter as the template does, for example {ended}, not "
                        f"“{cells.get(QUARTER, '')}”",
                    )
            if quarter is not None and quarter > ended:
                bad = True
                problem(
                    "unknown_quarter",
                    name,
                    number,
                    QUARTER if is_csv else "",
                    f"{quarter} has not ended yet: returns can be uploaded once it has",
                )
            slug = cells.get(VANGUARD, "")
            vanguard = vanguards.get(slug)
            strand = None
            if vanguard is None:
                bad = True
                problem(
                    "unknown_vanguard",
                    name,
                    number,
                    VANGUARD,
                    f"There is no vanguard “{slug}”: use the slug the template gives"
                    if slug
                    else "Enter the vanguard’s slug",
                )
            else:
                strand_name = cells.get(STRAND, "")
                strand = strands.get((vanguard.pk, strand_name.strip().lower()))
                if strand is None:
                    bad = True
                    problem(
                        "unknown_strand",
                        name,
                        number,
                        STRAND,
                        f"{vanguard.name} has no delivery strand “{strand_name}”: use a name "
                        "the template gives",
                    )
            if not bad:
                rows.append(_Row(name, number, quarter, vanguard, strand, figures))
    return rows, empty


def _existing(rows) -> tuple[dict, dict]:
    """The returns of the vanguards and quarters in `rows`, and every strand return of their
    strands (for the cumulative rules). Two queries."""
    keys = {(row.vanguard.pk, row.quarter.year, row.quarter.number) for row in rows}
    returns = {}
    if keys:
        vanguard_ids = {key[0] for key in keys}
        for quarterly_return in QuarterlyReturn.objects.filter(vanguard__in=vanguard_ids):
            key = (quarterly_return.vanguard_id, quarterly_return.year, quarterly_return.number)
            if key in keys:
                returns[key] = quarterly_return
    strand_returns = {
        (strand_return.strand_id, strand_return.quarterly_return.quarter): strand_return
        for strand_return in StrandReturn.objects.filter(
            strand__in={row.strand.pk for row in rows}
        ).select_related("quarterly_return")
    }
    return returns, strand_returns


def _later_problems(rows, strand_returns, starts) -> list[UploadProblem]:
    """The cumulative rules of received returns the file does not hold but whose starts to
    date it changes (a later quarter of a strand it uploads), on the file's first row for it."""
    first_row = {}
    for row in rows:
        if row.strand.pk not in first_row or row.quarter < first_row[row.strand.pk].quarter:
            first_row[row.strand.pk] = row
    problems = []
    for (strand_id, quarter), stored in sorted(strand_returns.items(), key=lambda i: i[0][1]):
        row = first_row.get(strand_id)
        if (
            row is None
            or quarter <= row.quarter
            or (strand_id, quarter) in {(r.strand.pk, r.quarter) for r in rows}
        ):
            continue
        if stored.quarterly_return.status not in RECEIVED:
            continue
        earlier = [value for (s, q), value in starts.items() if s == strand_id and q < quarter]
        for found in figure_problems(
            stored.figures(),
            earlier_in_work_starts=sum(in_work for in_work, _ in earlier),
            earlier_out_of_work_starts=sum(out_of_work for _, out_of_work in earlier),
        ):
            if found.rule in CUMULATIVE_RULES:
                problems.append(
                    UploadProblem(
                        found.rule,
                        row.sheet,
                        row.row,
                        "",
                        f"{row.vanguard.name}’s {row.strand.name} return for {quarter}, already "
                        f"received, would break a rule: {found.message}. Check the starts in "
                        "and out of work on this row",
                    )
                )
    return problems


def upload_check(sheets, *, today: datetime.date) -> UploadCheck:
    """Every problem in the file, and, when there are none, what saving it would do."""
    problems = []
    rows, empty = _read_rows(sheets, problems, today)
    seen = {}
    for row in rows:
        key = (row.strand.pk, row.quarter)
        if key in seen:
            problems.append(
                UploadProblem(
                    "duplicate",
                    row.sheet,
                    row.row,
                    "",
                    f"{row.vanguard.name}’s {row.strand.name} for {row.quarter} is also on "
                    f"row {seen[key]}: keep one of them",
                )
            )
        else:
            seen[key] = row.row
    returns, strand_returns = _existing(rows)
    # Starts to date for the cumulative rules: what is stored, with the file's rows instead
    # where the file has them.
    starts = {
        key: (strand_return.starts_in_work or 0, strand_return.starts_out_of_work or 0)
        for key, strand_return in strand_returns.items()
    }
    for row in rows:
        starts[(row.strand.pk, row.quarter)] = (
            row.figures["starts_in_work"] or 0,
            row.figures["starts_out_of_work"] or 0,
        )
    plans = []
    for row in rows:
        quarterly_return = returns.get((row.vanguard.pk, row.quarter.year, row.quarter.number))
        if quarterly_return and quarterly_return.is_locked:
            state = quarterly_return.get_status_display().lower()
            problems.append(
                UploadProblem(
                    "accepted",
                    row.sheet,
                    row.row,
                    "",
                    f"{row.vanguard.name}’s {row.quarter} return is {state}, so an upload "
                    "cannot change it: remove the row, or return it with a query (submitted) "
                    "or correct it on its page (accepted)",
                )
            )
            continue
        earlier = [
            value
            for (strand_id, quarter), value in starts.items()
            if strand_id == row.strand.pk and quarter < row.quarter
        ]
        for found in figure_problems(
            row.figures,
            earlier_in_work_starts=sum(in_work for in_work, _ in earlier),
            earlier_out_of_work_starts=sum(out_of_work for _, out_of_work in earlier),
            require_all=True,
        ):
            problems.append(
                UploadProblem(found.rule, row.sheet, row.row, found.field, found.message)
            )
        existing = strand_returns.get((row.strand.pk, row.quarter))
        plan = RowPlan(
            quarter=row.quarter,
            vanguard=row.vanguard,
            strand=row.strand,
            figures=row.figures,
            creates_return=quarterly_return is None,
            strand_return=existing,
        )
        if existing is not None:
            plan.changes = [
                Change(name, label, getattr(existing, name), row.figures[name])
                for name, label in FIGURES
                if getattr(existing, name) != row.figures[name]
            ]
        plans.append(plan)
    problems += _later_problems(rows, strand_returns, starts)
    # In the file's order: sheet by sheet, row by row.
    order = {sheet["sheet"]: index for index, sheet in enumerate(sheets)}
    problems.sort(key=lambda problem: (order.get(problem.sheet, 0), problem.row))
    return UploadCheck(problems=problems, plans=plans if not problems else [], empty_rows=empty)


# --- Saving it -----------------------------------------------------------------------------


def upload_apply(*, actor: User, sheets, today: datetime.date) -> UploadCheck:
    """Check the rows again and save them all in one transaction: new returns start in
    progress, strand figures are created or replaced. Nothing is saved if any problem remains
    (a return may have been accepted since the preview)."""
    with transaction.atomic():
        # Lock the vanguards' returns so none is accepted between this check and the save.
        slugs = {row["cells"].get(VANGUARD) for sheet in sheets for row in sheet["rows"]}
        list(
            QuarterlyReturn.objects.select_for_update(of=("self",)).filter(vanguard__slug__in=slugs)
        )
        check = upload_check(sheets, today=today)
        if not check.is_valid:
            raise ReturnOperationsError(
                "The file has problems now that it did not have at the preview: upload it again "
                "to see them"
            )
        created = {}
        for plan in check.plans:
            key = (plan.vanguard.pk, plan.quarter)
            quarterly_return = created.get(key)
            if quarterly_return is None:
                quarterly_return = QuarterlyReturn.objects.filter(
                    vanguard=plan.vanguard, year=plan.quarter.year, number=plan.quarter.number
                ).first()
            if quarterly_return is None:
                quarterly_return = QuarterlyReturn(
                    vanguard=plan.vanguard,
                    year=plan.quarter.year,
                    number=plan.quarter.number,
                    status=QuarterlyReturn.Status.IN_PROGRESS,
                )
                quarterly_return._history_user = actor
                quarterly_return.save()
            created[key] = quarterly_return
            strand_return = plan.strand_return or StrandReturn(
                quarterly_return=quarterly_return, strand=plan.strand
            )
            if plan.strand_return is not None and not plan.changes:
                continue
            for name, value in plan.figures.items():
                setattr(strand_return, name, value)
            strand_return.complete = True  # every figure is in and every rule holds
            strand_return._history_user = actor
            strand_return.save()
    return check
