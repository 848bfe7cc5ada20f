"""The one upload rule (workwell/uploads.py) against hostile files, and how a refused or stored
file reaches the user: the reason in the GOV.UK error summary with the rest of the form kept,
generated names on disk, the user's name only on the download, and PDFs and images shown
inline while everything else downloads as an attachment."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from maturity.models import EvidenceFile
from tests.factories import assessment_form_data
from tests.maturity.conftest import draft_a, matrix, open_cycle  # noqa: F401 (fixtures)
from tests.uploads import office_bytes, zip_bomb
from workwell import uploads
from workwell.uploads import (
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    TOO_BIG_UNZIPPED,
    WRONG_TYPE,
    display_name,
    generated_name,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes) -> str | None:
    """The message the rule refuses the file with, or None when it is accepted."""
    try:
        uploads.validate_upload(upload(name, content))
    except ValidationError as error:
        return error.messages[0]
    return None


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("board paper.pdf", WINDOWS_EXE),  # a renamed Windows program
        ("board paper.pdf", LINUX_ELF),  # a renamed Linux program
        ("chart.png", WINDOWS_EXE),
        ("figures.csv", LINUX_ELF),
        ("figures.csv", WINDOWS_EXE),
        ("plan.docx", zip_bytes("[Content_Types].xml", "payload/run.sh")),  # a zip, no word/
        ("plan.docx", zip_bytes("word/document.xml")),  # no [Content_Types].xml
        ("plan.docx", office_bytes(".xlsx")),  # a workbook renamed as a document
        ("plan.docx", PDF),
        ("plan.exe", PDF),  # a real PDF under a name we do not take
        ("plan", PDF),
    ],
)
def test_files_whose_content_is_not_their_type_are_refused(name, content):
    assert refusal(name, content) == WRONG_TYPE


def test_a_csv_with_nul_bytes_is_refused():
    assert refusal("figures.csv", b"vanguard,referrals\nAlpha,\x0012\n") == WRONG_TYPE


@pytest.mark.parametrize(
    "content",
    [
        b"vanguard,spend\nAlpha,\xc2\xa31,310,012\n",  # UTF-8
        b"\xef\xbb\xbfvanguard,spend\nAlpha,12\n",  # UTF-8 with Excel's byte-order mark
        b"vanguard,spend\nAlpha,\xa31,310,012\n",  # Windows-1252, as Excel saves "CSV" in the UK
    ],
)
def test_csv_text_is_accepted_in_the_encodings_spreadsheets_save(content):
    assert refusal("figures.csv", content) is None


def test_the_size_limit_is_20mb_exactly():
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    exact = PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF))
    assert refusal("big.pdf", exact) is None
    assert refusal("big.pdf", exact + b"0") == "The selected file must be smaller than 20MB"


def test_an_office_file_that_would_unzip_past_200mb_is_refused():
    # A zip bomb: a few hundred kilobytes that the returns upload's openpyxl would unzip.
    assert MAX_UNZIPPED_BYTES == 200 * 1024 * 1024
    assert refusal("returns.xlsx", zip_bomb(".xlsx", unzipped_mb=201)) == TOO_BIG_UNZIPPED
    assert refusal("returns.xlsx", zip_bomb(".xlsx", unzipped_mb=100)) is None


def test_an_empty_file_is_refused():
    assert refusal("empty.pdf", b"") == "The selected file is empty"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("/absolute/board paper.pdf", "board paper.pdf"),
        ("..", "file"),
    ],
)
def test_a_path_in_the_name_never_reaches_the_disk_and_is_dropped_from_the_download(name, shown):
    stored = generated_name(None, name)
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}(\.pdf)?", stored)
    assert ".." not in stored and "passwd" not in stored and "\\" not in stored
    assert display_name(name) == shown


# --- Through a form and a download: the maturity self-assessment's evidence --------------


def evidence_url(assessment) -> str:
    return f"/maturity/assessments/{assessment.pk}/"


@pytest.fixture
def post_evidence(client, member_a, draft_a):  # noqa: F811
    client.force_login(member_a)

    def _post(name: str, content: bytes, **answers):
        given = {"evidence_file": upload(name, content), **answers}
        return client.post(evidence_url(draft_a), assessment_form_data(draft_a, {1: given}))

    return _post


@pytest.mark.django_db
def test_a_refused_file_is_explained_in_the_error_summary_and_the_rest_is_kept(post_evidence):
    response = post_evidence("board paper.pdf", WINDOWS_EXE, evidence="Board minutes, May.")
    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</div>\n</div>", 1)[0]
    assert WRONG_TYPE in summary
    assert "Board minutes, May." in html  # what was typed is still there
    assert "<title>Error:" in html
    assert not EvidenceFile.objects.exists()


@pytest.mark.django_db
def test_a_path_traversal_name_is_stored_under_a_generated_name(client, post_evidence, draft_a):  # noqa: F811
    post_evidence("../../etc/passwd.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    assert evidence.file.name.startswith("uploads/")
    assert "passwd" not in evidence.file.name and ".." not in evidence.file.name
    response = client.get(f"{evidence_url(draft_a)}files/{evidence.pk}/")
    assert response["Content-Disposition"] == 'inline; filename="passwd.pdf"'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "disposition", "content_type"),
    [
        ("board paper.pdf", PDF, "inline", "application/pdf"),
        ("chart.png", PNG, "inline", "image/png"),
        ("plan.docx", office_bytes(".docx"), "attachment", None),
        ("figures.csv", b"vanguard,referrals\nAlpha,12\n", "attachment", None),
    ],
)
def test_pdfs_and_images_open_in_the_browser_and_everything_else_downloads(
    client,
    post_evidence,
    draft_a,  # noqa: F811
    name,
    content,
    disposition,
    content_type,
):
    post_evidence(name, content)
    evidence = EvidenceFile.objects.get()
    response = client.get(f"{evidence_url(draft_a)}files/{evidence.pk}/")
    assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    if content_type:
        assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content


def test_the_form_hint_states_the_rule():
    from maturity.forms import DimensionAnswerForm

    hint = str(DimensionAnswerForm.base_fields["evidence_file"].help_text)
    assert hint == uploads.UPLOAD_HINT
    assert "20MB" in hint and "CSV" in hint
