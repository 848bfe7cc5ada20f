"""The one upload rule for the whole portal, and the one way uploaded files are served.

Every form with a file field validates it with `validate_upload`; every model stores it under
`generated_name` (a random name in a dated folder: nothing of the user's file name reaches the
disk); every view serves it with `file_response`, after the permissions module has said the
user may see the record it belongs to.
"""

import re
import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An Office file is a zip archive: a real one unzips to a few times its size, a "zip bomb" to
# thousands of times. The returns and plan uploads open the workbook (openpyxl unzips it), and
# everyone who downloads a document opens it, so refuse what would unzip past this. Python's
# zipfile never unzips a part past the size the archive declares, so the declared sizes hold.
MAX_UNZIPPED_BYTES = 10 * MAX_UPLOAD_BYTES
TOO_BIG_UNZIPPED = "The selected file must be smaller than 200MB when opened"
# Office files are zip archives holding a folder named for the application.
_OFFICE_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_SIGNATURES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg", ".csv")
WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV"
# The hint under every file field, so the form states the rule this module enforces.
UPLOAD_HINT = "PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV, up to 20MB."
# Served inline: the browser shows them without running anything.
_INLINE = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _is_office_file(upload, folder: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


# Control characters that never appear in text (tab, line feed and carriage return do): NUL
# and the rest mark a program or other binary file, whatever its name.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _is_csv_text(upload) -> bool:
    sample = upload.read(64 * 1024)
    if _BINARY_BYTES.search(sample):
        return False
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start >= len(sample) - 3:
            return True
        # Excel in the UK saves "CSV (Comma delimited)" as Windows-1252 (£ is byte A3).
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def _unzipped_size(upload) -> int:
    """What an Office file's parts add up to unzipped, as its archive declares (0 if it is not
    a zip archive: the content check refuses that)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    finally:
        upload.seek(0)


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    try:
        if extension in _OFFICE_FOLDERS:
            return _is_office_file(upload, _OFFICE_FOLDERS[extension])
        if extension == ".csv":
            return _is_csv_text(upload)
        signature = _SIGNATURES[extension]
        return upload.read(len(signature)) == signature
    finally:
        upload.seek(0)


def validate_upload(upload) -> None:
    """PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV, checked by content, at most 20MB (and an Office
    file at most 200MB unzipped)."""
    extension = Path(upload.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(WRONG_TYPE)
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The selected file must be smaller than 20MB")
    if extension in _OFFICE_FOLDERS and _unzipped_size(upload) > MAX_UNZIPPED_BYTES:
        raise ValidationError(TOO_BIG_UNZIPPED)
    if not _content_matches(upload, extension):
        raise ValidationError(WRONG_TYPE)


def display_name(name: str) -> str:
    """The user's file name without any folder part, for showing and for downloads."""
    shown = Path(name.replace("\\", "/")).name[:200]
    return shown if shown not in ("", ".", "..") else "file"


def generated_name(instance, filename: str) -> str:
    """`upload_to` for every file field: `uploads/<year>/<month>/<random><extension>`."""
    extension = Path(filename).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        extension = ""
    today = timezone.localdate()
    return f"uploads/{today.year}/{today.month:02}/{uuid.uuid4().hex}{extension}"


def file_response(field_file, name: str) -> FileResponse:
    """Serve a stored file: PDFs and images inline, everything else as an attachment."""
    filename = display_name(name)
    content_type = _INLINE.get(Path(filename).suffix.lower())
    response = FileResponse(
        field_file.open("rb"), as_attachment=content_type is None, filename=filename
    )
    if content_type:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
