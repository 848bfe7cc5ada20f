"""A vanguard's quarterly report (PDF) has a "Logic model" section: its agreed version, five
columns in order, measured items with the snapshot's figure; the national report has none."""

import pytest
from weasyprint import HTML

from reporting.documents import report_html
from reporting.services.logic import (
    logic_draft_start,
    logic_item_add,
    logic_item_update,
    logic_version_agree,
)
from reporting.services.reports import report_request
from tests.reporting.snapshot_data import QUARTER, make_return
from tests.reporting.test_report_pdf import _snapshot, _text

pytestmark = pytest.mark.django_db


def agreed(vanguard, rm):
    draft = logic_draft_start(vanguard=vanguard, actor=rm)
    for column, text in (
        ("inputs", "£1.3m of WorkWell funding"),
        ("activities", "Work and health coaching"),
        ("outputs", "Participants supported"),
        ("outcomes", "People stay in work"),
        ("impact", "Fewer people leave work through ill health"),
    ):
        logic_item_add(
            version=draft,
            actor=rm,
            column=column,
            text=text,
            measure_key="starts_to_date" if column == "outputs" else "",
        )
    return logic_version_agree(version=draft, actor=rm)


def test_a_vanguards_report_shows_its_agreed_logic_model(
    vanguard_a, vanguard_b, rm, admin_user, tmp_path
):
    agreed(vanguard_a, rm)
    logic_draft_start(vanguard=vanguard_a, actor=rm)  # a newer draft is not reported
    make_return(vanguard_a, starts=1200, in_work=720)
    make_return(vanguard_b, starts=300, in_work=150)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    path = tmp_path / "alpha.pdf"
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    text = _text(path)  # pdftotext writes each list item's bullet as "•"
    assert "Logic model Version 1, agreed on" in text
    words = [
        "Inputs • £1.3m of WorkWell funding",
        "Activities • Work and health coaching",
        "Outputs • Participants supported (measured by participants started to date: 1,200)",
        "Outcomes • People stay in work",
        "Impact • Fewer people leave work through ill health",
    ]
    positions = [text.index(phrase) for phrase in words]
    assert positions == sorted(positions)


def test_a_report_without_an_agreed_model_says_so(vanguard_a, vanguard_b, rm, admin_user):
    logic_draft_start(vanguard=vanguard_a, actor=rm)
    make_return(vanguard_a, starts=10, in_work=5)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    assert "No logic model had been agreed for this vanguard when the quarter" in (
        report_html(report)
    )
    national = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    assert 'id="section-logic-model"' not in report_html(national)


def test_a_report_built_later_shows_the_version_agreed_at_its_snapshot(
    vanguard_a, vanguard_b, rm, admin_user
):
    """Re-rendering an old quarter's report shows the logic model its figures belong to, not
    one agreed after the snapshot was frozen."""
    agreed(vanguard_a, rm)
    make_return(vanguard_a, starts=10, in_work=5)
    make_return(vanguard_b, starts=10, in_work=5)
    _snapshot()
    # Agreed after the quarter's figures were frozen.
    second = logic_draft_start(vanguard=vanguard_a, actor=rm)
    changed = second.items.get(column="outcomes")
    logic_item_update(item=changed, actor=rm, text="More people move into better work")
    logic_version_agree(version=second, actor=rm)
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    html = report_html(report)
    assert "Version 1, agreed on" in html
    assert "the version agreed when the quarter's figures were frozen on" in html
    assert "People stay in work" in html
    assert "More people move into better work" not in html
