"""Keeping the counterfactual: areas (and the vanguards each is compared with), indicators, and
indicator values uploaded from CSV or XLSX. An upload is checked whole first: the preview
lists every problem by row and column, and nothing is saved unless every row is valid; a
valid file is saved only when the admin confirms what it will create and change."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import tablib
from django.core import signing
from django.db import transaction
from django.utils import timezone

from workwell.dates import Quarter
from workwell.errors import ServiceError

from ..models import Area, ComparatorLink, Indicator, IndicatorValue


class CounterfactualError(ServiceError):
    pass


COLUMNS = ["Area", "ONS code", "Indicator", "Quarter", "Value"]
REQUIRED = ["Area", "Indicator", "Quarter", "Value"]
QUARTER = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
SIGNING_SALT = "reporting.counterfactual.upload"
PLAN_MAX_AGE = 60 * 60  # seconds an admin has to confirm a previewed file


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the headings are row 1
    column: str
    message: str


@dataclass(frozen=True)
class PlannedValue:
    row: int
    area: Area
    indicator: Indicator
    quarter: Quarter
    value: Decimal
    previous: Decimal | None  # None: a new value

    @property
    def action(self) -> str:
        if self.previous is None:
            return "Create"
        return "No change" if self.previous == self.value else "Change"


@dataclass
class UploadPlan:
    problems: list[Problem] = field(default_factory=list)
    values: list[PlannedValue] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return sum(1 for value in self.values if value.action == "Create")

    @property
    def changes(self) -> int:
        return sum(1 for value in self.values if value.action == "Change")

    def signed(self) -> str:
        """The plan to confirm, signed so the confirming form cannot be altered."""
        rows = [
            [v.area.pk, v.indicator.pk, v.quarter.year, v.quarter.number, str(v.value)]
            for v in self.values
        ]
        return signing.dumps(rows, salt=SIGNING_SALT, compress=True)


def quarter_text(quarter: Quarter) -> str:
    return str(quarter)  # "2025/26 Q1", as the template and exports write it


def _read_rows(upload) -> tuple[list[str], list[dict]]:
    """The headings and the rows as {heading: text}: the first sheet of an XLSX, or a CSV."""
    upload.seek(0)
    if Path(upload.name or "").suffix.lower() == ".xlsx":
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        cells = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
        book.close()
    else:
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        cells = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    if not cells:
        return [], []
    headings = cells[0]
    return headings, [dict(zip(headings, row, strict=False)) for row in cells[1:]]


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", "").rstrip("%"))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def plan_upload(upload, *, today=None) -> UploadPlan:
    """Check every row of an uploaded values file against the areas and indicators kept;
    the plan lists every problem, or what saving it would create and change."""
    plan = UploadPlan()
    headings, rows = _read_rows(upload)
    missing = [column for column in REQUIRED if column not in headings]
    if missing:
        for column in missing:
            plan.problems.append(Problem(1, column, f"Add a column headed {column}"))
        return plan
    if not any(any(row.values()) for row in rows):
        plan.problems.append(Problem(2, "Area", "The file has no rows of values"))
        return plan
    current = Quarter.containing(today or timezone.localdate())
    areas = {area.name.casefold(): area for area in Area.objects.all()}
    by_code = {area.ons_code.upper(): area for area in areas.values() if area.ons_code}
    indicators = {indicator.name.casefold(): indicator for indicator in Indicator.objects.all()}
    existing = {
        (v.area_id, v.indicator_id, v.year, v.number): v.value
        for v in IndicatorValue.objects.only("area_id", "indicator_id", "year", "number", "value")
    }
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue  # a blank line
        problems = []

        def problem(column, message, number=number, problems=problems):
            problems.append(Problem(number, column, message))

        name, code = row.get("Area", ""), row.get("ONS code", "").upper()
        area = by_code.get(code) if code else areas.get(name.casefold())
        if code and area is None:
            problem("ONS code", f"No area has the ONS code {code}: add the area first")
        elif code and name and area.name.casefold() != name.casefold():
            problem("Area", f"The ONS code {code} is {area.name}, not {name}")
        elif not name and not code:
            problem("Area", "Enter the area's name (or its ONS code)")
        elif area is None:
            problem("Area", f"There is no area called {name}: add it first, or check the name")
        indicator = indicators.get(row.get("Indicator", "").casefold())
        if not row.get("Indicator"):
            problem("Indicator", "Enter the indicator")
        elif indicator is None:
            problem("Indicator", f"There is no indicator called {row['Indicator']}")
        quarter = None
        match = QUARTER.match(row.get("Quarter", ""))
        if not match or str(int(match[1]) + 1)[-2:] != match[2]:
            problem(
                "Quarter", "Enter the quarter as the financial year and quarter, like 2025/26 Q1"
            )
        else:
            quarter = Quarter(int(match[1]), int(match[3]))
            if quarter > current:
                problem("Quarter", f"{quarter} has not started yet")
        value = _number(row.get("Value", ""))
        if value is None:
            problem("Value", "Enter the value as a number, like 21.4")
        elif indicator and indicator.is_percentage and not 0 <= value <= 100:
            problem("Value", "Enter the value as a percentage from 0 to 100")
        elif abs(value) >= Decimal("10000000") or value != value.quantize(Decimal("0.01")):
            problem("Value", "Enter the value with at most 2 decimal places")
        if not problems:
            key = (area.pk, indicator.pk, quarter.year, quarter.number)
            if key in seen:
                problem("Quarter", f"Row {seen[key]} already gives this area's {quarter} value")
            seen.setdefault(key, number)
        if problems:
            plan.problems.extend(problems)
            continue
        plan.values.append(PlannedValue(number, area, indicator, quarter, value, existing.get(key)))
    return plan


@transaction.atomic
def save_values(*, by, signed: str) -> tuple[int, int]:
    """Save a confirmed upload (create or change each value); (created, changed)."""
    try:
        rows = signing.loads(signed, salt=SIGNING_SALT, max_age=PLAN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise CounterfactualError(
            "The preview is more than an hour old: upload the file again"
        ) from error
    except signing.BadSignature as error:
        raise CounterfactualError("The upload could not be read: upload the file again") from error
    area_ids = {row[0] for row in rows}
    indicator_ids = {row[1] for row in rows}
    if Area.objects.filter(pk__in=area_ids).count() != len(area_ids) or Indicator.objects.filter(
        pk__in=indicator_ids
    ).count() != len(indicator_ids):
        raise CounterfactualError(
            "An area or indicator was removed since the preview: upload the file again"
        )
    existing = {
        (v.area_id, v.indicator_id, v.year, v.number): v
        for v in IndicatorValue.objects.select_for_update().filter(area_id__in=area_ids)
    }
    created, changed = [], []
    for area_id, indicator_id, year, number, text in rows:
        value = Decimal(text)
        current = existing.get((area_id, indicator_id, year, number))
        if current is None:
            created.append(
                IndicatorValue(
                    area_id=area_id,
                    indicator_id=indicator_id,
                    year=year,
                    number=number,
                    value=value,
                )
            )
        elif current.value != value:
            current.value = value
            current.updated_at = timezone.now()
            changed.append(current)
    IndicatorValue.objects.bulk_create(created)
    IndicatorValue.objects.bulk_update(changed, ["value", "updated_at"])
    return len(created), len(changed)


def values_template(export_format: str, *, today=None) -> bytes:
    """The upload template: a row per area and indicator for the last closed quarter, values
    empty; the XLSX adds a sheet listing the areas and indicators the upload knows."""
    quarter = Quarter.containing(today or timezone.localdate()).previous()
    areas = list(Area.objects.order_by("name"))
    indicators = list(Indicator.objects.all())
    values = tablib.Dataset(headers=COLUMNS, title="Values")
    for area in areas:
        for indicator in indicators:
            values.append([area.name, area.ons_code, indicator.name, str(quarter), ""])
    if export_format == "csv":
        return values.export("csv").encode("utf-8-sig")
    notes = tablib.Dataset(headers=["Notes"], title="Notes")
    for line in [
        "One row per area, indicator and quarter. Quarters are financial: 2025/26 Q1.",
        "Area: an area's name as the portal has it (or give its ONS code).",
        "Value: a number; percentages from 0 to 100, without the % sign.",
        "Areas: " + "; ".join(area.name for area in areas),
        "Indicators: " + "; ".join(indicator.name for indicator in indicators),
    ]:
        notes.append([line])
    return tablib.Databook([values, notes]).export("xlsx")


@transaction.atomic
def save_area(*, by, area: Area | None = None, compared_with, **fields) -> Area:
    """Create or change an area and the vanguards an admin compares it with."""
    area = area or Area()
    if fields.get("vanguard") and fields.get("organisation"):
        raise CounterfactualError("An area is a vanguard's or a network partner's, not both")
    for name, value in fields.items():
        setattr(area, name, value)
    area._history_user = by
    area.save()
    wanted = set() if area.vanguard_id else {v.pk for v in compared_with}
    ComparatorLink.objects.filter(area=area).exclude(vanguard_id__in=wanted).delete()
    have = set(ComparatorLink.objects.filter(area=area).values_list("vanguard_id", flat=True))
    ComparatorLink.objects.bulk_create(
        ComparatorLink(area=area, vanguard_id=pk, linked_by=by) for pk in wanted - have
    )
    return area


def create_indicator(*, by, **fields) -> Indicator:
    indicator = Indicator(**fields)
    indicator._history_user = by
    indicator.save()
    return indicator
