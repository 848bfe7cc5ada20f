"""Display-only shaping of maturity data into GOV.UK component params (no queries here).
Descriptors and names typed by admins go in as `text`, or through `format_html`, so they are
escaped; `html` carries only markup the portal adds.

`assessments` serves the framework and self-assessment pages, `results` the results pages;
both are re-exported here, so callers write `presenters.heatmap_table(...)`."""

from .assessments import (
    FORM_BUTTONS,
    MODERATION_BUTTONS,
    answer_rows,
    band_summary_rows,
    band_text,
    changes_table,
    cycle_dates,
    history_table,
    matrix_table,
    status_tag,
    summary_rows,
)
from .results import (
    band_count_items,
    calibration_table,
    distribution_table,
    heatmap_key,
    heatmap_legend,
    heatmap_page,
    heatmap_table,
    level_legend,
    level_tag,
    movement_html,
    movement_table,
    trend_table,
)

__all__ = [
    "FORM_BUTTONS",
    "MODERATION_BUTTONS",
    "answer_rows",
    "band_count_items",
    "band_summary_rows",
    "band_text",
    "calibration_table",
    "changes_table",
    "cycle_dates",
    "distribution_table",
    "heatmap_key",
    "heatmap_legend",
    "heatmap_page",
    "heatmap_table",
    "history_table",
    "level_legend",
    "level_tag",
    "matrix_table",
    "movement_html",
    "movement_table",
    "status_tag",
    "summary_rows",
    "trend_table",
]
