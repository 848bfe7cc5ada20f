"""The national heatmap's row order: by vanguard name (the default), band, mean level or any
dimension's level, ascending or descending, from a validated `?sort=` value.

Sort values are "vanguard", "band", "mean" and "dimension-<order>" for each heatmap column,
with a leading "-" for descending. Anything else, including a dimension the heatmap does not
show, falls back to the default. Rows with nothing to sort by (not assessed) go last either way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workwell.models import MaturityBand

from ..models import Dimension

if TYPE_CHECKING:  # results.py sorts its rows with this module
    from .results import HeatmapRow

VANGUARD, BAND, MEAN = "vanguard", "band", "mean"
DIMENSION_PREFIX = "dimension-"
BAND_RANK = {band: rank for rank, band in enumerate(MaturityBand.values)}


@dataclass(frozen=True)
class HeatmapSort:
    key: str  # VANGUARD, BAND, MEAN or "dimension-<order>"
    descending: bool = False

    @property
    def value(self) -> str:
        """The `?sort=` value that asks for this order."""
        return f"-{self.key}" if self.descending else self.key

    def toggled(self, key: str) -> "HeatmapSort":
        """The order a column header offers: this column reversed, or another ascending."""
        return HeatmapSort(key, descending=not self.descending if key == self.key else False)


DEFAULT_SORT = HeatmapSort(VANGUARD)


def dimension_sort_key(dimension: Dimension) -> str:
    return f"{DIMENSION_PREFIX}{dimension.order}"


def heatmap_sort(value, dimensions: list[Dimension]) -> HeatmapSort:
    """The sort asked for, if it is one the heatmap offers; otherwise the default."""
    if not isinstance(value, str):
        return DEFAULT_SORT
    descending = value.startswith("-")
    key = value.removeprefix("-")
    allowed = {VANGUARD, BAND, MEAN} | {dimension_sort_key(d) for d in dimensions}
    return HeatmapSort(key, descending) if key in allowed else DEFAULT_SORT


def _value_of(key: str, dimensions: list[Dimension]) -> "Callable[[HeatmapRow], Any]":
    """A function giving a row's value to sort by `key` (None when it has none), with the
    dimension's column found once, not once a row."""
    if key == BAND:
        return lambda row: None if row.band is None else (BAND_RANK[row.band.band], row.band.mean)
    if key == MEAN:
        return lambda row: row.mean
    if key.startswith(DIMENSION_PREFIX):
        index = [dimension_sort_key(dimension) for dimension in dimensions].index(key)
        return lambda row: row.levels[index]
    return lambda row: row.vanguard.name.casefold()


def sort_heatmap_rows(
    rows: list["HeatmapRow"], dimensions: list[Dimension], sort: HeatmapSort
) -> list["HeatmapRow"]:
    """`rows` in `sort` order; ties, and rows with no value (always last), by vanguard name."""
    value = _value_of(sort.key, dimensions)
    by_name = sorted(rows, key=lambda row: row.vanguard.name.casefold())
    valued = [row for row in by_name if value(row) is not None]
    empty = [row for row in by_name if value(row) is None]
    # Sorting is stable, reverse=True included, so equal values stay in name order.
    valued.sort(key=value, reverse=sort.descending)
    return valued + empty
