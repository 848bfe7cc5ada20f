"""Helpers for the bulk upload tests: strands, valid figures, and XLSX and CSV files."""

import csv
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from reporting.models import DeliveryStrand
from reporting.services.upload import CSV_COLUMNS, XLSX_COLUMNS, quarter_label
from workwell.dates import Quarter

ENDED = Quarter.containing(timezone.localdate()).previous()
EARLIER = ENDED.previous()

# A strand's figures that break no rule: conditions and ethnic groups add up to 10 starts.
VALID = {
    "referrals": 20,
    "starts": 10,
    "starts_in_work": 6,
    "starts_out_of_work": 4,
    "condition_msk": 4,
    "condition_mental_health": 3,
    "condition_both": 2,
    "condition_other": 1,
    "ethnicity_white": 5,
    "ethnicity_mixed": 1,
    "ethnicity_asian": 2,
    "ethnicity_black": 1,
    "ethnicity_other": 0,
    "ethnicity_not_known": 1,
    "completions": 3,
    "remained_in_work": 2,
    "entered_work": 1,
    "satisfaction_responses": 5,
    "satisfied": 4,
    "spend": Decimal("1250.50"),
}


def strand(vanguard, name="Employment support", position=0) -> DeliveryStrand:
    return DeliveryStrand.objects.create(
        vanguard=vanguard,
        name=name,
        participant_target=300,
        funding_allocation=Decimal("200000"),
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2030, 3, 31),
        position=position,
    )


def row(slug, strand_name, **figures) -> list:
    values = {**VALID, **figures}
    return [slug, strand_name, *(values[name] for name in XLSX_COLUMNS[2:])]


def xlsx_file(sheets: dict[str, list[list]], name="returns.xlsx") -> SimpleUploadedFile:
    """{sheet name: rows} as an XLSX upload, each sheet headed by the template's columns."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(XLSX_COLUMNS)
        for cells in rows:
            sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in cells])
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def csv_file(rows: list[list], name="returns.csv", header=CSV_COLUMNS) -> SimpleUploadedFile:
    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, content.getvalue().encode())


SHEET = quarter_label(ENDED)
