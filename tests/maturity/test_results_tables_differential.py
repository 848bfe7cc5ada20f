"""The heatmap's rows and the movement table are written straight from their cells, not as a
dict a cell for the GOV.UK table component. Checked here, character for character, against
the component drawing the dicts they replaced, over rows with names needing escaping, every
level and none, missing bands and cycles, both sources of a band, every direction of movement,
every sort and a query string kept in the sort links."""

import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import QueryDict

from maturity.models import LEVELS
from maturity.presenters import results as presenters
from maturity.selectors.assessments import MODERATED, SELF_ASSESSED
from maturity.selectors.heatmap import (
    BAND,
    DEFAULT_SORT,
    MEAN,
    VANGUARD,
    HeatmapSort,
)
from maturity.selectors.results import (
    HeatmapRow,
    Movement,
    NationalResults,
    VanguardBand,
    VanguardName,
)
from workwell.govuk import render_component
from workwell.models import MaturityBand

NAMES = ["Plain", "Q1 <2026> & \"Q2\" 'spring'", "Ünïcode – cycle", "<b>&amp;</b>"]
MEANS = [None, Decimal("1"), Decimal("2.5"), Decimal(10) / Decimal(3), Decimal("4.99999")]


def reference_heatmap_table(results, *, query):
    """The heatmap table as it was drawn: the component, from a dict a cell."""
    head = presenters.heatmap_head(results, query)  # the head is drawn as it was
    rows, vanguard_link = [], presenters._vanguard_links()
    for row in results.rows:
        cells = [{"html": vanguard_link(row.vanguard)}]
        cells += [presenters.heatmap_cell(level) for level in row.levels]
        cells += [
            {"text": presenters._band_text(row.band)},
            {"text": row.mean_display or "–", "format": "numeric"},
            {"text": row.cycle.name if row.cycle else "No agreed assessment yet"},
        ]
        rows.append(cells)
    table = presenters._table("Latest agreed level by dimension", head, rows)
    table["classes"] += " app-heatmap"
    return render_component("table", table)


def reference_movement_table(results):
    head = [{"text": "Vanguard"}, {"text": "Band"}, {"text": "Movement of mean agreed level"}]
    vanguard_link = presenters._vanguard_links()
    rows = [
        [
            {"html": vanguard_link(row.vanguard)},
            {"html": presenters.band_html(row.band)},
            {"html": presenters.movement_html(row.movement)},
        ]
        for row in results.rows
    ]
    return render_component("table", presenters._table(presenters._CAPTION, head, rows))


def _results(dimension_names, rows, sort=DEFAULT_SORT):
    dimensions = [
        SimpleNamespace(pk=index + 1, order=index + 1, name=name)
        for index, name in enumerate(dimension_names)
    ]
    return NationalResults(dimensions=dimensions, rows=rows, calibration=[], sort=sort)


def _rows(width):
    """Rows covering every level and none, every band from both sources and none, with and
    without a cycle, and every direction of movement and none."""
    cycles = [SimpleNamespace(name=name) for name in NAMES]
    bands = [None] + [
        VanguardBand(band=band, mean=Decimal("2.5"), source=source, cycle=cycles[1])
        for band, source in itertools.product(MaturityBand.values, [MODERATED, SELF_ASSESSED])
    ]
    movements = [None] + [
        Movement(since=cycles[index % len(cycles)], before=before, now=now)
        for index, (before, now) in enumerate(
            itertools.product([Decimal("2"), Decimal("3.25")], [Decimal("2"), Decimal("3.25")])
        )
    ]
    assert {movement.direction for movement in movements if movement} == {"up", "down", "same"}
    levels = [None, *LEVELS]
    rows = []
    for index in range(max(len(bands), len(movements), len(levels) * 2)):
        rows.append(
            HeatmapRow(
                vanguard=VanguardName(index, NAMES[index % len(NAMES)], f"slug-{index}"),
                cycle=None if index % 5 == 0 else cycles[index % len(cycles)],
                levels=[levels[(index + column) % len(levels)] for column in range(width)],
                mean=MEANS[index % len(MEANS)],
                band=bands[index % len(bands)],
                movement=movements[index % len(movements)],
            )
        )
    return rows


SORTS = [
    HeatmapSort(VANGUARD),
    HeatmapSort(VANGUARD, descending=True),
    HeatmapSort(BAND),
    HeatmapSort(MEAN, descending=True),
    HeatmapSort("dimension-2"),
]


@pytest.mark.parametrize("sort", SORTS, ids=lambda sort: sort.value)
@pytest.mark.parametrize("query", ["", "name=a%26b&region=3", "sort=band&bogus=%22%3C"])
def test_heatmap_table_matches_the_component(sort, query):
    dimension_names = ["Leadership & <vision>", 'Data "sharing"', "Workforce 'plans'", "Data"]
    results = _results(dimension_names, _rows(len(dimension_names)), sort)
    query = QueryDict(query)
    new = presenters.heatmap_table(results, query=query)
    assert new == reference_heatmap_table(results, query=query)
    assert "app-heatmap__cell--5" in new and "not assessed" in new  # every level was drawn


def test_heatmap_table_of_one_row_and_of_none():
    for rows in ([], _rows(1)[:1]):
        results = _results(["Only"], rows)
        query = QueryDict("")
        assert presenters.heatmap_table(results, query=query) == reference_heatmap_table(
            results, query=query
        )


@pytest.mark.parametrize("count", [0, 1, 25])
def test_movement_table_matches_the_component(count):
    results = _results([], (_rows(0) * 3)[:count])
    new = presenters.movement_table(results)
    assert new == reference_movement_table(results)
    if count == 25:
        assert "Not yet assessed" in new and "No earlier agreed assessment" in new
        assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in new  # a name needing escaping, escaped once
