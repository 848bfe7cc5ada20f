"""A plan as an XLSX table in the shape of Thurrock's (theme, number, action, timeline, lead,
plus status and dependencies), and back again, with the returns upload's three steps:
`plan_rows` reads the file into plain strings (kept in the session between preview and
confirm); `plan_check` lists every problem by sheet, row and column, or, for a valid file, what
would be created and changed; `plan_apply` checks again under a lock and saves everything in
one transaction, or nothing. Timelines are read by plans.timeline: never a made-up date."""

import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from workwell.dates import govuk_date

from .models import Activity, Plan, PlanError, month_words
from .services import _check_edit, milestone_problem, save_activity, theme_add
from .timeline import parse_timeline

SHEET = "Plan"
COLUMNS = ["Theme", "No.", "Action", "Timeline", "Lead", "Status", "Dependencies"]
REQUIRED = COLUMNS[:5]
MAX_ROWS = 500
STATUS_BY_LABEL = {label.lower(): value for value, label in Activity.Status.choices}


def plan_xlsx(plan: Plan) -> bytes:
    """The plan as one sheet, a row per activity, themes in order."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    activities = Activity.objects.filter(theme__plan=plan).select_related("theme")
    for activity in activities:
        sheet.append(
            [
                activity.theme.title,
                activity.number,
                activity.description,
                activity.timeline_words,
                activity.lead,
                # As the plan page shows it: a milestone is done once its record is delivered.
                activity.current_status_label,
                activity.dependencies,
            ]
        )
        # Text stays text: openpyxl stores "=HYPERLINK(…)" as a live formula unless told.
        # (Not safe_cell's apostrophe: the upload would read it back into the plan.)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for letter, width in zip("ABCDEFG", (30, 6, 70, 30, 30, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A number format's day codes, once its [colour/locale] sections and quoted words are gone.
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"')


def _date_words(value: datetime.date, number_format: str) -> str:
    """A date cell as the words it shows: Excel turns a typed "June 2023" into 1 June 2023
    formatted without a day, which is a month, not the 1st."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    shows_day = "d" in _FORMAT_NOISE.sub("", number_format or "").lower()
    return govuk_date(day) if shows_day else month_words(day)


def _text(value, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return _date_words(value, number_format)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def plan_rows(upload) -> dict:
    """The first sheet as plain data: {"sheet", "headers", "rows": [{"row", "cells"}]}."""
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise PlanError(
            "The selected file could not be read as a spreadsheet: save it as XLSX and try again",
            "file",
        ) from error
    worksheet = workbook.worksheets[0]
    # Cells, not values: a date's number format says whether it is a month or a day. Read
    # no further than the plan's columns and a bounded number of rows (a styled sheet can
    # claim a million empty ones).
    lines = worksheet.iter_rows(max_col=len(COLUMNS) + 2, max_row=MAX_ROWS * 2 + 1)
    headers = [_text(getattr(cell, "value", None)) for cell in next(lines, ())]
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = [
            _text(getattr(cell, "value", None), getattr(cell, "number_format", "")) for cell in line
        ]
        if any(cells):
            rows.append({"row": number, "cells": cells})
        if len(rows) > MAX_ROWS:
            workbook.close()
            raise PlanError(f"The file has more than {MAX_ROWS} rows", "file")
    workbook.close()
    return {"sheet": worksheet.title, "headers": headers, "rows": rows}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # "" for the whole sheet or row
    message: str


@dataclass
class RowPlan:
    row: int
    theme_title: str
    number: int
    fields: dict
    activity: Activity | None  # None: a new activity
    changes: list[str] = field(default_factory=list)


@dataclass
class PlanCheck:
    problems: list[Problem] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)

    @property
    def creates(self) -> list[RowPlan]:
        return [row for row in self.rows if row.activity is None]

    @property
    def updates(self) -> list[RowPlan]:
        return [row for row in self.rows if row.activity is not None and row.changes]


_LIMITS = {"Theme": 300, "Lead": 300}
# The timeline's words are stored in fields of these lengths: longer is a problem, not cut.
_TIMELINE_LIMITS = {"condition": ("condition", 300), "timeline_note": ("note", 500)}


def _row_fields(cells: dict, problem) -> dict | None:
    """An activity's fields from one row's cells (by column name), or None after problems."""
    ok = True
    for column in ("Theme", "Action", "Timeline", "Lead"):
        if not cells.get(column):
            problem(column, f"Enter the {column.lower()}")
            ok = False
    for column, limit in _LIMITS.items():
        if len(cells.get(column, "")) > limit:
            problem(column, f"The {column.lower()} must be {limit} characters or fewer")
            ok = False
    number = cells.get("No.", "").rstrip(".")
    if not number.isdigit() or not 0 < int(number) < 1000:
        problem("No.", "The number must be a whole number from 1 to 999, like 3")
        ok = False
    status = STATUS_BY_LABEL.get(cells.get("Status", "").lower() or "not started")
    if status is None:
        problem("Status", "The status must be one of: " + ", ".join(Activity.Status.labels))
        ok = False
    timeline = parse_timeline(cells.get("Timeline", ""))
    for name, (words, limit) in _TIMELINE_LIMITS.items():
        if len(timeline[name]) > limit:
            problem("Timeline", f"The timeline’s {words} must be {limit} characters or fewer")
            ok = False
    if not ok:
        return None
    return {
        "number": int(number),
        "description": cells["Action"],
        "lead": cells["Lead"],
        "dependencies": cells.get("Dependencies", ""),
        "status": status,
        **timeline,
    }


_COMPARED = ("description", "lead", "dependencies", "status", "timeline_words")


def plan_check(plan: Plan, data: dict) -> PlanCheck:
    """Every problem in the rows; with none, what saving them would create and change."""
    check = PlanCheck()
    sheet, headers = data["sheet"], data["headers"]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        check.problems.append(
            Problem(sheet, 1, "", "The first row must name the columns: " + ", ".join(missing))
        )
        return check
    themes = {theme.title.lower(): theme for theme in plan.themes.all()}
    existing = {
        (activity.theme.title.lower(), activity.number): activity
        for activity in Activity.objects.filter(theme__plan=plan).select_related("theme")
    }
    seen = set()
    for line in data["rows"]:
        cells = dict(zip(headers, line["cells"], strict=False))

        def problem(column, message, row=line["row"]):
            check.problems.append(Problem(sheet, row, column, message))

        fields = _row_fields(cells, problem)
        if fields is None:
            continue
        title, number = cells["Theme"], fields.pop("number")
        key = (title.lower(), number)
        if key in seen:
            problem("No.", f"Activity {number} of “{title}” appears twice")
            continue
        seen.add(key)
        if title.lower() not in themes and title.lower() not in {
            new.lower() for new in check.new_themes
        }:
            check.new_themes.append(title)
        activity = existing.get(key)
        dropped = fields["status"] == Activity.Status.DROPPED
        if dropped and (activity is None or activity.status != Activity.Status.DROPPED):
            problem("Status", "Drop an activity on the plan’s page, where you give the reason")
            continue
        fields["dropped_reason"] = activity.dropped_reason if dropped else ""
        if activity is not None:
            if fields["status"] == activity.current_status:
                # The download shows a delivered milestone as done: that is no change.
                fields["status"] = activity.status
            elif message := milestone_problem(activity, status=fields["status"]):
                problem("Status", message)
                continue
        row = RowPlan(line["row"], title, number, fields, activity)
        if activity is not None:
            proposed = Activity(**{k: v for k, v in fields.items()})
            for name in _COMPARED:
                if getattr(activity, name) != getattr(proposed, name):
                    row.changes.append(name.replace("_words", "").replace("description", "action"))
        check.rows.append(row)
    if not check.rows and not check.problems:
        check.problems.append(Problem(sheet, 2, "", "The file has no activities"))
    return check


def plan_apply(*, by, plan: Plan, data: dict) -> PlanCheck:
    """Check again and save every row, or nothing (PlanError if the file has problems)."""
    _check_edit(by, plan)
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        check = plan_check(plan, data)
        if check.problems:
            raise PlanError("The file has problems: nothing was saved. Fix them and upload again.")
        themes = {theme.title.lower(): theme for theme in plan.themes.all()}
        for title in check.new_themes:
            themes[title.lower()] = theme_add(by=by, plan=plan, title=title)
        for row in check.rows:
            activity = row.activity or Activity(
                theme=themes[row.theme_title.lower()], number=row.number
            )
            if row.activity is not None and not row.changes:
                continue
            for name, value in row.fields.items():
                setattr(activity, name, value)
            # The same rules as the forms (a milestone is done only once delivered, …).
            save_activity(activity, by=by)
    return check
