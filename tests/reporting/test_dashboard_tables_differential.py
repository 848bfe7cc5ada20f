"""The dashboards' tables are written straight from their cells (DataTable.html), their RAG
tags made once per process and their vanguard links with f-strings. Checked here against what
they replaced: the table component rendered from a dict per cell, and format_html per tag and
per link, on a national and a vanguard dashboard with names that need escaping. Their chart
sections and download links are written in Python too (section_html, downloads_html), checked
against the templates they replaced (_section.html and _downloads.html, kept as the
reference)."""

import copy

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from feedback.selectors.disclosure import TOO_FEW
from reporting import rag
from reporting.presenters import dashboard as presenters
from reporting.presenters.dashboard import ChartSection, DataTable
from reporting.selectors.snapshots import quarter_figures
from tests.factories import VanguardFactory
from workwell.dates import Quarter
from workwell.govuk import render_component

from .dashboard_data import report

pytestmark = pytest.mark.django_db

LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboards' default
ODD = ["Bravo & Co <ICB>", 'The "quoted" vanguard', "O'Hara's place"]


def reference_params(table: presenters.DataTable) -> dict:
    """DataTable.govuk as it was: the component's params, a dict per cell."""
    numeric = [is_numeric for _, is_numeric in table.head]
    return {
        "caption": table.caption,
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": [
            {"text": text, **({"format": "numeric"} if is_numeric else {})}
            for text, is_numeric in table.head
        ],
        "rows": [
            [
                {
                    **({"html": cell.html} if cell.html else {"text": cell.text}),
                    **({"format": "numeric"} if numeric[index] else {}),
                }
                for index, cell in enumerate(row)
            ]
            for row in table.rows
        ],
        "classes": "govuk-table--small-text-until-tablet",
    }


def reference_tag(status: str, text: str | None = None) -> str:
    words = text or rag.LABELS[status]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        presenters.TAG_COLOURS[status],
        words,
    )


@pytest.mark.parametrize("status", list(rag.LABELS))
@pytest.mark.parametrize("text", [None, TOO_FEW, "Met", "Not met", "<b>\"Odd\" & 'words'</b>"])
def test_tags_match_format_html(status, text):
    made = presenters.tag(status, text)
    assert made.html == reference_tag(status, text)
    assert made.text == (text or rag.LABELS[status])
    assert presenters.tag(status, text) is made  # made once


@pytest.fixture
def figures(vanguard_a, vanguard_b):
    report(vanguard_a, LAST, starts=40, in_work=30, spend=1000, satisfaction_responses=10)
    report(vanguard_b, LAST, starts=20, in_work=5, spend=500, satisfaction_responses=2)
    for index, name in enumerate(ODD):
        vanguard = VanguardFactory(name=name, slug=f"odd-{index}", region=vanguard_a.region)
        report(vanguard, LAST, starts=10 * index, in_work=index, spend=100 * index)
    return quarter_figures(LAST, today=timezone.localdate())


def link(slug: str) -> str:
    return f"/reporting/vanguards/{slug}/?quarter=a&b=<c>"


def test_national_tables_match_the_component(figures):
    slugs = list(figures["vanguards"])
    for small_numbers in (False, True):  # as the programme lead sees it, and an admin
        context = presenters.national_dashboard(
            figures, slugs, small_numbers=small_numbers, threshold=3, link=link
        )
        for table in context["tables"].values():
            assert table.rows
            assert table.html == render_component("table", reference_params(table))
        names = {row[0].text: row[0].html for row in context["tables"]["vanguards"].rows}
        for slug in slugs:
            name = figures["vanguards"][slug]["name"]
            assert names[name] == format_html(
                '<a class="govuk-link" href="{}">{}</a>', link(slug), name
            )
        assert "Bravo &amp; Co &lt;ICB&gt;</a>" in context["tables"]["vanguards"].html


@pytest.mark.parametrize("named", [True, False])
def test_vanguard_tables_match_the_component(figures, named):
    peers = list(figures["vanguards"])
    context = presenters.vanguard_dashboard(
        figures, "odd-0", peers, small_numbers=False, threshold=3, named=named
    )
    for table in context["tables"].values():
        assert table.rows
        assert table.html == render_component("table", reference_params(table))


QUERIES = ["", "quarter=2025-q1", "quarter=%3Cb%3E&x=%22%27&y=%26"]


def _sections(figures) -> list[ChartSection]:
    peers = list(figures["vanguards"])
    sections = []
    for named in (True, False):
        sections += presenters.vanguard_dashboard(
            figures, "odd-0", peers, small_numbers=False, threshold=3, named=named
        )["sections"]
    national = presenters.national_dashboard(
        figures, peers, small_numbers=True, threshold=3, link=lambda slug: slug
    )
    sections += [*national["sections"], *national["contact_sections"], national["quality"]]
    # One with an intro, and text that needs escaping in every part.
    odd = DataTable("odd<&>", 'A "caption" & <b>', [("Name", False)])
    odd.add("O'Hara & <Co>")
    return [*sections, ChartSection("k'<", "H & <h>", "<svg/>", 'S "&"', odd, intro="I'm <i>")]


@pytest.mark.parametrize("query", QUERIES)
def test_sections_are_written_as_the_template_writes_them(figures, query):
    sections = _sections(figures)
    assert any(section.intro for section in sections)
    for section in sections:
        reference = render_to_string(
            "reporting/dashboard/_section.html", {"section": section, "query": query}
        )
        assert presenters.section_html(section, query) == reference
    assert presenters.sections_html(sections, query) == "".join(
        presenters.section_html(section, query) for section in sections
    )


@pytest.mark.parametrize("query", QUERIES)
def test_download_links_are_written_as_the_template_writes_them(figures, query):
    for section in _sections(figures):
        reference = render_to_string(
            "reporting/dashboard/_downloads.html", {"table": section.table, "query": query}
        )
        assert presenters.downloads_html(section.table, query) == reference


def test_headlines_and_thresholds_are_written_as_their_templates_write_them(figures):
    peers = list(figures["vanguards"])
    for small_numbers in (False, True):  # as a member sees it, and an admin
        context = presenters.vanguard_dashboard(
            figures, "odd-0", peers, small_numbers=small_numbers, threshold=3, named=False
        )
        reference = render_to_string(
            "reporting/dashboard/_headlines.html",
            {"headlines": context["headlines"], "label": "Headline figures"},
        )
        assert presenters.headlines_html(context["headlines"]) == reference
    odd = [{"value": "1,234 <&>", "label": 'O\'Hara "quoted"'}, {"value": 5, "label": "Five"}]
    reference = render_to_string(
        "reporting/dashboard/_headlines.html", {"headlines": odd, "label": "Headline figures"}
    )
    assert presenters.headlines_html(odd) == reference
    assert presenters.thresholds_html() == render_to_string(
        "reporting/dashboard/_thresholds.html", {"thresholds": presenters.thresholds()}
    )


def _fresh_sections(figures, slug, peers, named):
    """The shared sections as worked out with nothing kept."""
    presenters.DRAWN.clear()
    return presenters.vanguard_sections(figures, slug, peers, named=named)


def test_a_vanguards_shared_sections_are_kept_for_the_same_figures_only(figures):
    peers = list(figures["vanguards"])
    sections, drawn = _fresh_sections(figures, "odd-0", peers, False)
    assert presenters.vanguard_sections(figures, "odd-0", peers, named=False) == (sections, drawn)
    assert presenters.vanguard_sections(figures, "odd-0", peers, named=False)[0] is sections
    assert drawn == {section.key: section.table.html for section in sections}
    # New figures (a table they read was written: quarter_figures gives a new object) are
    # drawn again.
    changed = copy.deepcopy(figures)
    changed["vanguards"]["odd-0"]["name"] = "Renamed <ICB>"
    again, drawn_again = presenters.vanguard_sections(changed, "odd-0", peers, named=False)
    assert again is not sections and "Renamed &lt;ICB&gt;" in "".join(drawn_again.values())
    assert (again, drawn_again) == _fresh_sections(changed, "odd-0", peers, False)


def test_viewers_shown_other_peers_or_names_never_share_sections(figures):
    peers = list(figures["vanguards"])
    named = presenters.vanguard_sections(figures, "odd-0", peers, named=True)
    lettered = presenters.vanguard_sections(figures, "odd-0", peers, named=False)
    fewer = presenters.vanguard_sections(figures, "odd-0", peers[:2] + ["odd-0"], named=True)
    assert named[1] != lettered[1] and named[1] != fewer[1]
    assert "Vanguard A" in "".join(lettered[1].values())
    assert named == _fresh_sections(figures, "odd-0", peers, True)
    assert lettered == _fresh_sections(figures, "odd-0", peers, False)
    # Whoever asks, the dashboard shows the sections worked out afresh for its peers.
    for is_named in (False, True):  # as a member sees it, and the programme lead
        context = presenters.vanguard_dashboard(
            figures, "odd-0", peers, small_numbers=False, threshold=3, named=is_named
        )
        shared, drawn = _fresh_sections(figures, "odd-0", peers, is_named)
        assert [s for s in context["sections"] if s.key != "outcomes"] == shared
        assert context["drawn"] == drawn
