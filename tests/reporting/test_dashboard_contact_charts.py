"""The dashboards' charts of contact cadence, support requests and the quality-plan indicators:
each an accessible SVG (title, subtitle, text summary) beside a table, the numbers the chart
prints and describes the same as its table's and as the per-vanguard contact table's, and
the same charts in the PDF reports."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from weasyprint import HTML

from feedback.selectors.disclosure import TOO_FEW
from reporting.documents import report_html
from reporting.models import SnapshotBuild
from reporting.services.reports import report_request
from reporting.services.snapshots import snapshot_build
from tests.factories import SupportRequestFactory, TouchpointFactory, VanguardFactory
from tests.reporting.snapshot_data import QUARTER, make_return
from vanguards.models import SupportRequest, Vanguard
from workwell.dates import Quarter

from .test_report_pdf import _text

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboards' default


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def support(vanguard, quarter, *, triaged_after_days=None, closed=False):
    """A support request raised on the quarter's 10th day, triaged some days later or not."""
    raised = quarter.start + datetime.timedelta(days=9)
    request = SupportRequestFactory(vanguard=vanguard)
    SupportRequest.objects.filter(pk=request.pk).update(
        raised_at=at(raised),
        triaged_at=(
            at(raised + datetime.timedelta(days=triaged_after_days))
            if triaged_after_days is not None
            else None
        ),
        closed_at=at(raised + datetime.timedelta(days=20)) if closed else None,
        status=(
            SupportRequest.Status.CLOSED
            if closed
            else SupportRequest.Status.TRIAGED
            if triaged_after_days is not None
            else SupportRequest.Status.NEW
        ),
    )


def contact_and_support(vanguard_a, vanguard_b, quarter):
    """Alpha contacted a few days before the quarter ended (within the cadence), Bravo never,
    Charlie closed; three requests raised in the quarter: one triaged the next day (and
    closed), one triaged a month later, one never (all three due for triage by now)."""
    TouchpointFactory(vanguards=[vanguard_a], date=quarter.end - datetime.timedelta(days=3))
    VanguardFactory(name="Charlie Vanguard", slug="charlie", status=Vanguard.Status.CLOSED)
    support(vanguard_a, quarter, triaged_after_days=1, closed=True)
    support(vanguard_a, quarter, triaged_after_days=30)
    support(vanguard_b, quarter)


def chart(html: str, chart_id: str) -> ET.Element:
    found = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert found, chart_id
    return ET.fromstring(found[0])  # noqa: S314 (markup the code under test drew)


def printed(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def csv_rows(client, table: str) -> list[list[str]]:
    response = client.get(f"/reporting/dashboard/?table={table}&_export=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def national(client, cast, vanguard_a, vanguard_b):
    contact_and_support(vanguard_a, vanguard_b, LAST)
    client.force_login(cast["programme_lead"])
    return client.get("/reporting/dashboard/").content.decode()


def test_the_cadence_chart_counts_the_contact_tables_rows(client, national):
    root = chart(national, "chart-cadence")
    title = root.find(f"{SVG}title").text
    assert root.get("role") == "img"
    contact = csv_rows(client, "contact")
    overdue = [row[2] for row in contact[1:]]
    within = overdue.count("On time")
    past = sum(bool(re.fullmatch(r"\d+ days?", value)) for value in overdue)
    closed = overdue.count("Not needed")
    assert (within, past, closed) == (1, 1, 1)
    assert title == f"{within} of {within + past} vanguards was contacted within the cadence"
    # The subtitle says what is measured; the summary is the figure's caption and description.
    assert "Vanguards by whether the National Support Team had been in touch" in " ".join(
        printed(root)
    )
    summary = root.find(f"{SVG}desc").text
    assert f"{within} vanguard had been contacted within" in summary
    assert f'<figcaption class="govuk-body">{summary}</figcaption>' in national
    # The table beside the chart holds the numbers the bars print.
    beside = csv_rows(client, "cadence")
    assert beside[1:] == [
        ["Contacted within the cadence", str(within)],
        ["Past the cadence", str(past)],
        ["Closed: contact not needed", str(closed)],
    ]
    assert [row[1] for row in beside[1:]] == [t for t in printed(root) if t.isdigit()]


def test_the_support_chart_sums_the_contact_tables_support_columns(client, national):
    root = chart(national, "chart-support")
    contact = csv_rows(client, "contact")
    raised = sum(int(row[3]) for row in contact[1:])
    in_time = sum(int(row[4].split(" of ")[0]) for row in contact[1:] if " of " in row[4])
    judged = sum(int(row[4].split(" of ")[1]) for row in contact[1:] if " of " in row[4])
    still_open = sum(int(row[5]) for row in contact[1:])
    assert (raised, in_time, judged, still_open) == (3, 1, 3, 2)
    assert root.find(f"{SVG}title").text == (
        f"{in_time} of {judged} support requests due for triage was triaged in time"
    )
    summary = root.find(f"{SVG}desc").text
    assert f"{raised} support requests were raised: {in_time} was triaged in time" in summary
    beside = dict(csv_rows(client, "support")[1:])
    assert beside == {
        "Raised in the quarter": str(raised),
        "Triaged in time": str(in_time),
        "Not triaged in time": str(judged - in_time),
        "Not yet due for triage": str(raised - judged),
        "Open at the quarter's end": str(still_open),
    }
    assert list(beside.values()) == [t for t in printed(root) if t.isdigit()]


def test_the_quality_chart_draws_each_indicator_against_its_target(client, national):
    root = chart(national, "chart-quality")
    table = csv_rows(client, "quality")
    assert table[0] == ["Indicator", "Value", "Target", "Status"]
    texts = printed(root)
    met = 0
    for label, value, target, status in table[1:]:
        assert label in texts  # each indicator is a labelled bar
        # The bar prints the table's percentage, or why there is none and the target.
        why = {TOO_FEW: TOO_FEW, "–": "No cases"}.get(value)
        words = f"{why} (target {target})" if why else value.split(" ")[0]
        assert texts[texts.index(label) + 1] == words
        met += status == "Met"
    judged = sum(row[1] not in (TOO_FEW, "–") for row in table[1:])
    assert judged  # contact cadence and support triage are counted, not withheld
    assert root.find(f"{SVG}title").text == (
        f"{met} of {judged} quality-plan indicators met their target"
    )
    # Targets are dashed lines named in the key, not colour alone.
    assert "Target" in texts
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == judged + 1  # one per indicator with a value, and the key's
    assert "disclosure threshold are not shown" in national


def test_a_vanguards_dashboard_charts_its_own_support_requests(
    client, cast, vanguard_a, vanguard_b
):
    contact_and_support(vanguard_a, vanguard_b, LAST)
    client.force_login(cast["member_a"])
    html = client.get("/reporting/vanguards/alpha/").content.decode()
    root = chart(html, "chart-support")
    assert root.find(f"{SVG}title").text == (
        "1 of 2 support requests due for triage was triaged in time"
    )
    assert "Alpha Vanguard: support requests raised" in " ".join(printed(root))
    response = client.get("/reporting/vanguards/alpha/?table=support&_export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Raised in the quarter", "2"]


# --- The same charts in the PDF reports ------------------------------------------------------


def _snapshot():
    build = SnapshotBuild.objects.create(year=QUARTER.year, number=QUARTER.number)
    return snapshot_build(build.pk)


def _pdf(report, path) -> str:
    path.write_bytes(HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1"))
    return _text(path)


def test_the_national_report_draws_the_three_charts(vanguard_a, vanguard_b, admin_user, tmp_path):
    make_return(vanguard_a)
    make_return(vanguard_b)
    contact_and_support(vanguard_a, vanguard_b, QUARTER)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=None, by=admin_user)
    text = _pdf(report, tmp_path / "national.pdf")
    assert "Contact cadence and support requests" in text
    assert "1 of 2 vanguards was contacted within the cadence" in text
    assert "1 of 3 support requests due for triage was triaged in time" in text
    assert re.search(r"\d of \d quality.?plan indicators met their target", text)
    assert "Contact cadence and support requests by vanguard" in text  # the table stays


def test_a_vanguards_report_draws_its_support_chart(vanguard_a, vanguard_b, admin_user, tmp_path):
    make_return(vanguard_a)
    make_return(vanguard_b)
    contact_and_support(vanguard_a, vanguard_b, QUARTER)
    _snapshot()
    report = report_request(quarter=QUARTER, vanguard=vanguard_a, by=admin_user)
    text = _pdf(report, tmp_path / "alpha.pdf")
    assert "1 of 2 support requests due for triage was triaged in time" in text
    assert "contacted within the cadence" not in text  # national only
    assert "Bravo Vanguard" not in text
