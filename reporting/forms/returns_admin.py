"""Forms of the returns' operations: a quarter's due date and the bulk upload."""

import datetime
from pathlib import Path

from django import forms

from workwell.dates import Quarter, date_input_example, govuk_date
from workwell.forms import GovukDateField
from workwell.uploads import validate_upload

UPLOAD_TYPES = (".xlsx", ".csv")


class DueDateForm(forms.Form):
    due_on = GovukDateField(label="Due date")

    def __init__(self, *args, quarter: Quarter, **kwargs):
        super().__init__(*args, **kwargs)
        example = date_input_example(quarter.end + datetime.timedelta(days=30))
        self.fields["due_on"].help_text = (
            f"A working day after the quarter ends on {govuk_date(quarter.end)}. "
            f"For example, {example}"
        )
        self.fields["due_on"].error_messages["required"] = "Enter the due date"


def _returns_file(upload) -> None:
    """An XLSX or CSV file, then the portal's upload rule (content and size)."""
    if Path(upload.name or "").suffix.lower() not in UPLOAD_TYPES:
        raise forms.ValidationError("The selected file must be an XLSX or CSV file")
    validate_upload(upload)


class ReturnsUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        validators=[_returns_file],
        help_text="The XLSX or CSV template filled in, smaller than 20MB.",
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )
