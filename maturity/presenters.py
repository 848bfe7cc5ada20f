"""Display-only shaping of maturity data into GOV.UK component params (no queries here).
Descriptors and names typed by admins go in as `text`, or through `format_html`, so they are
escaped; `html` carries only markup the portal adds."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date

from .charts import dimension_abbreviations, level_tag
from .forms import LEVEL_HINTS
from .models import LEVELS
from .services.framework import threshold_text


def band_summary_rows(framework) -> list[dict]:
    """How a framework version's thresholds turn a mean level into a band."""
    maturing_from = threshold_text(framework.emerging_below)
    leading_from = threshold_text(framework.maturing_below)
    rows = [
        ("Emerging", f"Mean level below {maturing_from}"),
        ("Maturing", f"Mean level from {maturing_from} up to, but not including, {leading_from}"),
        ("Leading", f"Mean level of {leading_from} or more"),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def matrix_table(framework, dimensions, *, editable: bool) -> dict:
    """Dimensions down, levels 1 to 5 across; each row headed by its dimension."""
    head = [{"text": "Dimension"}] + [
        {"html": format_html('Level {}<span class="govuk-body-s"><br>{}</span>', level, hint)}
        for level, hint in LEVEL_HINTS.items()
    ]
    rows = []
    for dimension in dimensions:
        edit = ""
        if editable:
            edit = format_html(
                '<br><a class="govuk-link govuk-body-s" href="{}">Edit<span '
                'class="govuk-visually-hidden"> {}</span></a>',
                reverse("maturity:framework_dimension_edit", args=[framework.pk, dimension.pk]),
                dimension.name,
            )
        header = format_html(
            '{}<span class="govuk-body-s govuk-!-font-weight-regular"><br>{}<br>Theme: {}</span>{}',
            dimension.name,
            dimension.description,
            dimension.theme.name,
            edit,
        )
        levels = {level.level: level.descriptor for level in dimension.level_list}
        rows.append([{"html": header}] + [{"text": levels.get(level, "")} for level in LEVEL_HINTS])
    return {
        "caption": f"{framework.name}: what each level looks like",
        "captionClasses": "govuk-table__caption--m",
        "classes": "govuk-table--small-text-until-tablet",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
    }


def level_legend() -> dict:
    """Inset text on how to read the levels in the results tables: the number is the level;
    the tag colours only repeat it."""
    ends = {LEVELS[0]: " (weakest)", LEVELS[-1]: " (strongest)"}
    items = format_html_join(
        "",
        "<li>{} level {}{}</li>",
        ((level_tag(level), level, ends.get(level, "")) for level in LEVELS),
    )
    html = format_html(
        '<h3 class="govuk-heading-s">How to read the levels</h3>'
        '<p class="govuk-body">Each cell shows the level, from 1 (weakest) to 5 (strongest), as '
        "a number. The colours only repeat it:</p>"
        '<ul class="govuk-list">{}<li>– not assessed</li></ul>',
        items,
    )
    return {"html": html}


def heatmap_key(dimensions) -> list[tuple[str, str]]:
    """The heatmap's short column headings and the dimension each stands for, in column order."""
    short = dimension_abbreviations(dimensions)
    return [(short[dimension.pk], dimension.name) for dimension in dimensions]


def heatmap_legend() -> dict:
    """Inset text on reading the heatmap's cells: the number is the level; the fill, darker as
    the level rises, only repeats it."""
    swatches = format_html_join(
        "",
        '<li><span class="app-heatmap__swatch app-heatmap__cell--{}">{}</span>{}</li>',
        (
            (
                level,
                level,
                " (weakest)"
                if level == LEVELS[0]
                else " (strongest)"
                if level == LEVELS[-1]
                else "",
            )
            for level in LEVELS
        ),
    )
    html = format_html(
        '<h3 class="govuk-heading-s">How to read the heatmap</h3>'
        '<p class="govuk-body">Each cell shows the level, from 1 (weakest) to 5 (strongest), as '
        "a number. The fill gets darker as the level rises:</p>"
        '<ul class="govuk-list app-heatmap__legend">{}'
        '<li><span class="app-heatmap__swatch">–</span> not assessed</li></ul>',
        swatches,
    )
    return {"html": html}


def cycle_dates(cycle, today) -> str:
    """A cycle's name and dates as they stand on `today`: opening, open, or closed."""
    opens, closes = govuk_date(cycle.opens_on), govuk_date(cycle.closes_on)
    if today < cycle.opens_on:
        return f"{cycle.name}: opens {opens}, closes {closes}"
    if today > cycle.closes_on:
        return f"{cycle.name}: closed on {closes} (opened {opens})"
    return f"{cycle.name}: open {opens} to {closes}"
