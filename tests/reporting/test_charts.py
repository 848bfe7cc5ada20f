"""The dashboards' SVG charts: valid XML, accessible (role, title, description), safe in a
WeasyPrint PDF (no CSS variables, no foreignObject), scaling by viewBox, and the numbers the
chart prints are the numbers in the table beside it."""

import re
import xml.etree.ElementTree as ET

import pytest

from reporting import charts
from reporting.presenters import dashboard as presenters

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (markup the code under test just drew)


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def assert_accessible(svg: str, title: str, summary: str) -> ET.Element:
    root = parse(svg)
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("width") == "100%"
    chart_id = root.get("id")
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").text == title
    assert root.find(f"{SVG}desc").text == summary
    assert "var(" not in svg and "foreignObject" not in svg and "style=" not in svg
    assert all(t.get("font-family") == charts.FONT for t in root.iter(f"{SVG}text"))
    return root


def test_bar_chart_is_accessible_and_prints_every_value():
    svg = charts.bar_chart(
        chart_id="c",
        title="Two of three vanguards meet their target",
        subtitle="Share of starts in work",
        summary="Alpha 61%, Bravo 40%, Charlie 70%.",
        bars=[("Alpha", 61), ("Bravo & Co", 40), ("Charlie", 70)],
        unit="percent",
        markers=[60, 60, 65],
        highlight="Bravo & Co",
        highlight_label="This vanguard",
    )
    root = assert_accessible(
        svg, "Two of three vanguards meet their target", "Alpha 61%, Bravo 40%, Charlie 70%."
    )
    printed = texts(root)
    assert {"61%", "40%", "70%"} <= set(printed)
    # The highlighted bar is hatched and named in words, not marked by colour alone.
    assert "Bravo & Co (this vanguard)" in printed
    assert root.find(f"{SVG}defs/{SVG}pattern") is not None
    # The target lines are dashed and named in the key.
    assert "Target" in printed
    assert len([line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]) >= 3


def test_trend_chart_names_its_lines_and_prints_every_column():
    svg = charts.trend_chart(
        chart_id="t",
        title="Starts are 10% behind the trajectory",
        subtitle="Participants started to date",
        summary="900 started against 1,000 expected.",
        labels=["2025/26 Q1", "2025/26 Q2"],
        bars=[400, 900],
        bar_label="Started to date",
        line=[500, 1000],
        line_label="Trajectory",
        target=4000,
        target_label="Target",
    )
    root = assert_accessible(
        svg, "Starts are 10% behind the trajectory", "900 started against 1,000 expected."
    )
    printed = texts(root)
    assert {"400", "900", "Q1", "Q2", "2025/26", "Trajectory", "Target: 4,000"} <= set(printed)
    assert root.find(f"{SVG}polyline").get("stroke-dasharray")


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(1310012, "pounds", "£1,310,012"), (61.8, "percent", "61.8%"), (1620, "count", "1,620")],
)
def test_numbers_are_written_the_same_in_charts_and_tables(value, unit, text):
    assert charts.number_text(value, unit) == text


def _total(**values) -> dict:
    keys = [
        "funding_allocation",
        "spend_profile_to_date",
        "spend_to_date",
        "funding_paid_to_date",
        "funding_guaranteed",
        "performance_earned_to_date",
        "forecast_spend",
    ]
    return {key: values.get(key, 1000 * (index + 1)) for index, key in enumerate(keys)}


def test_the_table_beside_a_chart_has_the_charts_numbers():
    section = presenters.funding_section(_total(spend_to_date=709_793))
    root = assert_accessible(section.svg, root_title(section.svg), section.summary)
    printed = set(texts(root))
    cells = [row[1].text for row in section.table.rows]
    assert "£709,793" in cells
    assert set(cells) <= printed  # every number in the table is on the chart


def root_title(svg: str) -> str:
    return parse(svg).find(f"{SVG}title").text


def test_the_same_svg_draws_in_a_weasyprint_pdf(tmp_path):
    """The report PDFs embed these charts: WeasyPrint must draw their text (pdftotext)."""
    import subprocess

    from weasyprint import HTML

    svg = charts.trend_chart(
        chart_id="t",
        title="Starts are behind the trajectory",
        subtitle="Participants started to date",
        summary="900 started.",
        labels=["2025/26 Q1", "2025/26 Q2"],
        bars=[400, 900],
        bar_label="Started to date",
        line=[500, 1000],
        line_label="Trajectory",
    )
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(HTML(string=f"<html lang='en'><body>{svg}</body></html>").write_pdf())
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    ).stdout
    assert "Starts are behind the trajectory" in text
    assert "900" in text and "Trajectory" in text
