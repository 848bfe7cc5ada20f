"""/maturity/'s heatmap as a data page: filters above it, full width, short dimension headings
that a key expands, and rows sorted by band or any column from a validated ?sort=."""

import re

import pytest

from maturity.charts import dimension_abbreviations
from maturity.models import Dimension
from tests.factories import DimensionFactory, FrameworkVersionFactory
from tests.maturity.test_results_heatmap import (  # noqa: F401 - fixtures
    HEATMAP,
    cycles,
    framework,
    page,
    results,
)

from .results_html import table

pytestmark = [pytest.mark.django_db]
with_results = pytest.mark.usefixtures("results")


def order(html: str) -> list[str]:
    return [row[0] for row in table(html, HEATMAP)[1:]]


@with_results
def test_filters_sit_above_the_data_not_beside_it(client, rm):
    html = page(client, rm)
    assert "app-filter-layout" not in html  # no sidebar
    assert html.index('aria-label="Filter results"') < html.index('id="heatmap"')


def test_the_default_framework_gets_short_headings_and_a_key(client, rm):
    dimensions = list(Dimension.objects.filter(framework__name__endswith="Matrix v1"))
    short = dimension_abbreviations(dimensions)
    assert [short[dimension.pk] for dimension in dimensions] == [
        "LG",
        "PSW",
        "SDD",
        "DEI",
        "PPM",
        "WS",
        "LIC",
        "LEE",
        "IHEP",
        "SS",
    ]


def test_clashing_abbreviations_are_numbered():
    version = FrameworkVersionFactory()
    first = DimensionFactory(framework=version, order=1, name="Data and evidence")
    second = DimensionFactory(framework=version, order=2, name="Digital engagement")
    third = DimensionFactory(framework=version, order=3, name="Workforce")
    short = dimension_abbreviations([first, second, third])
    assert short == {first.pk: "DE1", second.pk: "DE2", third.pk: "Work"}


@with_results
def test_the_key_expands_every_short_heading(client, rm):
    html = page(client, rm)
    key = html[html.index('class="app-key"') :]
    pairs = re.findall(
        r'<dt class="app-key__term">([^<]+)</dt><dd class="app-key__description">([^<]+)</dd>',
        key,
    )
    assert pairs == [
        ("Lead", "Leadership"),
        ("Part", "Partnership"),
        ("Data", "Data"),
        ("Work", "Workforce"),
    ]


@with_results
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Alpha Vanguard", "Bravo Vanguard", "Charlie Vanguard", "Delta Vanguard"]),
        ("-vanguard", ["Delta Vanguard", "Charlie Vanguard", "Bravo Vanguard", "Alpha Vanguard"]),
        # Charlie is emerging on its own levels; Delta has no band, so it goes last.
        ("band", ["Charlie Vanguard", "Alpha Vanguard", "Bravo Vanguard", "Delta Vanguard"]),
        ("-band", ["Bravo Vanguard", "Alpha Vanguard", "Charlie Vanguard", "Delta Vanguard"]),
        ("dimension-1", ["Alpha Vanguard", "Bravo Vanguard", "Charlie Vanguard", "Delta Vanguard"]),
        (
            "-dimension-1",
            ["Bravo Vanguard", "Alpha Vanguard", "Charlie Vanguard", "Delta Vanguard"],
        ),
        ("-mean", ["Bravo Vanguard", "Alpha Vanguard", "Charlie Vanguard", "Delta Vanguard"]),
    ],
)
def test_rows_sort_by_band_or_any_column(client, rm, sort, expected):
    assert order(page(client, rm, f"?sort={sort}")) == expected


@with_results
@pytest.mark.parametrize(
    "sort", ["bogus", "dimension-99", "dimension-x", "-", "--band", "band;drop", "%00", "x" * 500]
)
def test_unknown_sorts_fall_back_to_the_default(client, rm, sort):
    html = page(client, rm, f"?sort={sort}")
    assert order(html) == ["Alpha Vanguard", "Bravo Vanguard", "Charlie Vanguard", "Delta Vanguard"]
    assert 'aria-sort="ascending"' in html


def header(html: str, text: str) -> str:
    heatmap = html[html.index('id="heatmap"') :]
    found = re.search(rf'<th scope="col"[^>]*>\s*<a[^>]*>{re.escape(text)}', heatmap)
    assert found, text
    return heatmap[found.start() : heatmap.index("</th>", found.start())]


@with_results
def test_sortable_headers_are_links_that_say_how_the_table_is_sorted(client, rm):
    html = page(client, rm, "?sort=-band")
    band = header(html, "Band")
    assert 'aria-sort="descending"' in band
    assert 'href="?sort=band#heatmap"' in band  # selecting it again reverses the order
    lead = header(html, "Lead")
    assert "aria-sort" not in lead
    assert 'href="?sort=dimension-1#heatmap"' in lead
    assert 'aria-sort="ascending"' not in html


@with_results
def test_sorting_keeps_the_filters_and_filtering_keeps_the_sort(client, rm):
    html = page(client, rm, "?region=north-west&sort=-mean")
    assert order(html) == ["Alpha Vanguard", "Charlie Vanguard"]
    assert 'href="?region=north-west&amp;sort=dimension-1#heatmap"' in html
    assert '<input type="hidden" name="sort" value="-mean">' in html
