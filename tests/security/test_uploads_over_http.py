"""Disguised and oversized files are refused over HTTP, with the GOV.UK error summary, by the
portal's one upload rule (workwell/uploads.py; tests/workwell/test_uploads.py checks the rule
in-process): through an event's materials form (stored and offered for download to everyone
registered) and the quarterly returns upload (whose workbook the portal opens and reads)."""

import json
import os
import time

import pytest

from tests.security.http import Http
from tests.uploads import office_bytes, zip_bomb
from tests.workwell.test_uploads import LINUX_ELF, PDF, WINDOWS_EXE
from workwell.uploads import MAX_UPLOAD_BYTES, TOO_BIG_UNZIPPED, WRONG_TYPE

with open(os.environ["SECURITY_TARGETS"]) as _handle:
    TARGETS = json.load(_handle)

MATERIALS = next(
    url for url, route in TARGETS["other_records"].items() if route.endswith("/materials/")
)
RETURNS_UPLOAD = "/reporting/returns/upload/"
TOO_BIG = "The selected file must be smaller than 20MB"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def assert_refused(answer, message: str) -> None:
    assert answer.status == 200, f"accepted ({answer.status} {answer.header('Location')})"
    assert "<title>Error:" in answer.body
    summary = answer.body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert message in summary


@pytest.fixture(scope="module")
def admin(targets):
    return Http(
        os.environ["SECURITY_BASE_URL"],
        {targets["session_cookie"]: targets["sessions"]["admin_user"]},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("minutes.pdf", WINDOWS_EXE, WRONG_TYPE, id="renamed-windows-program"),
        pytest.param("figures.csv", LINUX_ELF, WRONG_TYPE, id="renamed-linux-program"),
        pytest.param("slides.pdf", HTML, WRONG_TYPE, id="html-as-pdf"),
        pytest.param("chart.svg", SVG, WRONG_TYPE, id="svg-with-script"),
        pytest.param("chart.png", SVG, WRONG_TYPE, id="svg-as-png"),
        pytest.param("notes.html", HTML, WRONG_TYPE, id="html"),
        pytest.param("plan.docx", office_bytes(".xlsx"), WRONG_TYPE, id="workbook-as-document"),
        pytest.param("plan.docx", zip_bomb(".docx"), TOO_BIG_UNZIPPED, id="zip-bomb"),
        pytest.param("big.pdf", PDF + b"0" * MAX_UPLOAD_BYTES, TOO_BIG, id="oversized"),
    ],
)
def test_event_materials_refuse_the_file(admin, name, content, message):
    answer = admin.upload(MATERIALS, {"title": "Slides"}, {"file": (name, content)})
    assert_refused(answer, message)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("returns.xlsx", WINDOWS_EXE, WRONG_TYPE, id="renamed-program"),
        pytest.param("returns.xlsx", zip_bomb(".xlsx"), TOO_BIG_UNZIPPED, id="zip-bomb"),
    ],
)
def test_the_returns_upload_refuses_the_file_without_opening_it(admin, name, content, message):
    started = time.monotonic()
    answer = admin.upload(RETURNS_UPLOAD, {}, {"file": (name, content)})
    assert_refused(answer, message)
    assert time.monotonic() - started < 10  # refused, not unzipped and read
