"""Display-only shaping of maturity data into GOV.UK component params (no queries here).
Descriptors and names typed by admins go in as `text`, or through `format_html`, so they are
escaped; `html` carries only markup the portal adds."""

from decimal import Decimal

from django.http import QueryDict
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component
from workwell.models import MaturityBand

from .charts import dimension_abbreviations
from .forms import LEVEL_HINTS
from .models import LEVELS, SelfAssessment
from .selectors.assessments import assessment_band
from .selectors.heatmap import BAND, MEAN, VANGUARD, dimension_sort_key
from .selectors.results import display_mean
from .services.framework import threshold_text

Status = SelfAssessment.Status


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


# --- Self-assessment pages ------------------------------------------------------------------

# Params for the GOV.UK button component (the template tag's own first argument is `name`).
# "Save" comes first in each form, so pressing Enter saves rather than submits or agrees.
FORM_BUTTONS = [
    {"text": "Save as draft", "name": "save", "value": "1", "classes": "govuk-button--secondary"},
    {"text": "Submit self-assessment", "name": "submit", "value": "1"},
]
MODERATION_BUTTONS = [
    {"text": "Save moderation", "name": "save", "value": "1", "classes": "govuk-button--secondary"},
    {"text": "Agree self-assessment", "name": "agree", "value": "1"},
]

STATUS_TAG_CLASSES = {
    SelfAssessment.Status.DRAFT: "govuk-tag--grey",
    SelfAssessment.Status.SUBMITTED: "govuk-tag--blue",
    SelfAssessment.Status.AGREED: "govuk-tag--green",
}


def status_tag(assessment: SelfAssessment):
    return render_component(
        "tag",
        {
            "text": assessment.get_status_display(),
            "classes": STATUS_TAG_CLASSES[assessment.status],
        },
    )


def band_text(assessment: SelfAssessment) -> str:
    """ "Maturing (mean 3.12, moderated)", or "Not yet scored". The mean is shown as on the
    results pages, rounded down, so it never shows a threshold it has not reached."""
    band, mean, basis = assessment_band(assessment)
    if band is None:
        return "Not yet scored"
    return f"{band.capitalize()} (mean {display_mean(mean)}, {basis})"


def _row(key: str, value) -> dict:
    return {"key": {"text": key}, "value": {"html": format_html("{}", value)}}


def _by(moment, person) -> str:
    return f"{govuk_datetime(moment)} by {person}" if person else govuk_datetime(moment)


def summary_rows(assessment) -> list[dict]:
    cycle = assessment.cycle
    rows = [
        _row("Vanguard", assessment.vanguard.name),
        _row("Cycle", cycle_dates(cycle, timezone.localdate())),
        _row("Status", status_tag(assessment)),
        _row(
            "Band so far" if assessment.status != Status.AGREED else "Band", band_text(assessment)
        ),
    ]
    if assessment.submitted_at and assessment.status != Status.DRAFT:
        rows.append(_row("Submitted", _by(assessment.submitted_at, assessment.submitted_by)))
    if assessment.agreed_at:
        rows.append(_row("Agreed", _by(assessment.agreed_at, assessment.agreed_by)))
    if assessment.reopen_reason and assessment.status == Status.SUBMITTED:
        rows.append(_row("Reopened because", assessment.reopen_reason))
    return rows


def _text(value: str, empty: str):
    return linebreaksbr(value, autoescape=True) if value.strip() else empty


def _level(score, level) -> str:
    if level is None:
        return "Not answered"
    descriptor = next((d.descriptor for d in score.dimension.level_list if d.level == level), "")
    return f"Level {level}: {descriptor}" if descriptor else f"Level {level}"


def _links(text: str):
    urls = [line for line in text.splitlines() if line.startswith(("https://", "http://"))]
    return format_html(
        '<ul class="govuk-list">{}</ul>',
        format_html_join(
            "",
            '<li><a class="govuk-link" href="{}" rel="noreferrer noopener">{}</a></li>',
            ((url, url) for url in urls),
        ),
    )


def _files(assessment, files):
    return format_html(
        '<ul class="govuk-list">{}</ul>',
        format_html_join(
            "",
            '<li><a class="govuk-link" href="{}">{}</a></li>',
            (
                (reverse("maturity:evidence_file", args=[assessment.pk, f.pk]), f.name)
                for f in files
            ),
        ),
    )


def answer_rows(assessment, score, files_by_dimension, show_moderation: bool) -> list[dict]:
    """One dimension's answers (and moderation, when shown) as summary-list rows."""
    rows = [
        _row("Current level", _level(score, score.self_level)),
        _row("Evidence", _text(score.evidence, "None given")),
    ]
    if score.evidence_links.strip():
        rows.append(_row("Links to evidence", _links(score.evidence_links)))
    files = files_by_dimension.get(score.dimension_id)
    if files:
        rows.append(_row("Files", _files(assessment, files)))
    rows.append(
        _row(
            "Aiming for by the next cycle",
            f"Level {score.target_level}" if score.target_level else "Not set",
        )
    )
    rows.append(_row("Actions to get there", _text(score.improvement_actions, "None given")))
    if show_moderation:
        moderated = score.moderated_level
        if moderated is None:
            text = "Not moderated yet"
        elif moderated == score.self_level:
            text = f"Level {moderated}: agreed with the vanguard's own level"
        else:
            text = _level(score, moderated)
        rows.append(_row("Moderated level", text))
        if score.moderation_rationale:
            rows.append(_row("Moderation rationale", _text(score.moderation_rationale, "")))
    return rows


def changes_table(changes: list[dict]) -> dict:
    return {
        "caption": "What changed",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Dimension"},
            {"text": "Question"},
            {"text": "Their saved answer"},
            {"text": "Your answer"},
        ],
        "rows": [
            [
                {"text": change["dimension"]},
                {"text": change["question"]},
                {"text": change["theirs"]},
                {"text": change["yours"]},
            ]
            for change in changes
        ],
    }


def history_table(entries) -> dict:
    rows = []
    for entry in entries:
        details = format_html_join("", "<li>{}</li>", ((detail,) for detail in entry.details))
        what = (
            format_html('{}<ul class="govuk-list govuk-body-s">{}</ul>', entry.what, details)
            if entry.details
            else entry.what
        )
        rows.append(
            [
                {"text": govuk_datetime(entry.when)},
                {"text": str(entry.who) if entry.who else "The system"},
                {"html": format_html("{}", what)},
            ]
        )
    return {
        "caption": "History of this self-assessment",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "When"}, {"text": "Who"}, {"text": "What"}],
        "rows": rows,
    }


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


# --- Results tables (the heatmap, movement, calibration, distribution and trend) --------------

# GOV.UK tag colours for levels 1 to 5, from weakest to strongest.
LEVEL_COLOURS = {1: "red", 2: "orange", 3: "yellow", 4: "teal", 5: "green"}
NOT_ASSESSED = mark_safe('–<span class="govuk-visually-hidden"> not assessed</span>')


def level_tag(level: int | None) -> SafeString:
    """A level as a coloured GOV.UK tag showing the number, or a dash when not assessed."""
    if level is None:
        return NOT_ASSESSED
    return render_component(
        "tag", {"text": str(level), "classes": f"govuk-tag--{LEVEL_COLOURS[level]}"}
    )


def _vanguard_link(vanguard) -> SafeString:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("maturity:vanguard_results", args=[vanguard.slug]),
        vanguard.name,
    )


def _sort_header(text, key: str, sort, query: QueryDict, **cell) -> dict:
    """A column header that links to the table sorted by `key`, saying how it is sorted now."""
    params = query.copy()
    params["sort"] = sort.toggled(key).value
    cell["html"] = format_html(
        '<a class="govuk-link app-sort-link" href="?{}#heatmap">{}</a>', params.urlencode(), text
    )
    if sort.key == key:
        cell["attributes"] = {"aria-sort": "descending" if sort.descending else "ascending"}
        cell["classes"] = "app-sorted"
    return cell


def heatmap_cell(level: int | None) -> dict:
    """A heatmap cell filled by level (app-heatmap__cell--N, darker as it rises) that shows the
    level as a number, so the colour is never the only signal."""
    if level is None:
        return {"html": NOT_ASSESSED, "classes": "app-heatmap__cell"}
    return {"text": str(level), "classes": f"app-heatmap__cell app-heatmap__cell--{level}"}


def _band_text(band) -> str:
    if band is None:
        return "–"
    return band.label if band.is_moderated else f"{band.label} (own levels)"


def heatmap_table(results, *, query: QueryDict) -> dict:
    """Vanguards × dimensions, each cell the latest agreed level, filled by level and numbered;
    short dimension headings (expanded in the key, and for screen readers); every column but
    "Agreed in" sorts the table. `query` is the page's query string, kept in the sort links."""
    sort = results.sort
    short = dimension_abbreviations(results.dimensions)
    head = [_sort_header("Vanguard", VANGUARD, sort, query)]
    head += [
        _sort_header(
            format_html(
                '{}<span class="govuk-visually-hidden">: {}</span>',
                short[dimension.pk],
                dimension.name,
            ),
            dimension_sort_key(dimension),
            sort,
            query,
        )
        for dimension in results.dimensions
    ]
    head += [
        _sort_header("Band", BAND, sort, query),
        _sort_header("Mean level", MEAN, sort, query, format="numeric"),
        {"text": "Agreed in"},
    ]
    rows = []
    for row in results.rows:
        cells = [{"html": _vanguard_link(row.vanguard)}]
        cells += [heatmap_cell(level) for level in row.levels]
        cells += [
            {"text": _band_text(row.band)},
            {"text": row.mean_display or "–", "format": "numeric"},
            {"text": row.cycle.name if row.cycle else "No agreed assessment yet"},
        ]
        rows.append(cells)
    table = _table("Latest agreed level by dimension", head, rows)
    table["classes"] += " app-heatmap"
    return table


def movement_html(movement) -> SafeString:
    """The change with an arrow for a glance and words for everyone: "↑ Up 0.40 since …"."""
    if movement is None:
        return format_html("{}", "No earlier agreed assessment")
    means = format_html(
        "(mean level {} then, {} now)", display_mean(movement.before), display_mean(movement.now)
    )
    if movement.direction == "same":
        return format_html("No change since {} {}", movement.since.name, means)
    arrow, word = ("↑", "Up") if movement.direction == "up" else ("↓", "Down")
    return format_html(
        '<span aria-hidden="true">{} </span>{} {} since {} {}',
        arrow,
        word,
        movement.change_display,
        movement.since.name,
        means,
    )


def band_html(band) -> SafeString:
    if band is None:
        return format_html("{}", "Not yet assessed")
    return format_html(
        "<strong>{}</strong> (mean {}, from {} in {})",
        band.label,
        band.mean_display,
        band.source_label,
        band.cycle.name,
    )


def movement_table(results) -> dict:
    """Each vanguard's band (saying whether from moderated or self levels) and its movement."""
    head = [{"text": "Vanguard"}, {"text": "Band"}, {"text": "Movement of mean agreed level"}]
    rows = [
        [
            {"html": _vanguard_link(row.vanguard)},
            {"html": band_html(row.band)},
            {"html": movement_html(row.movement)},
        ]
        for row in results.rows
    ]
    return _table("Bands and movement since the baseline", head, rows)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "–"
    rounded = value.quantize(Decimal("0.01"))
    return f"+{rounded}" if rounded > 0 else str(rounded).replace("-", "−")


def calibration_table(results) -> dict:
    head = [
        {"text": "Dimension"},
        {"text": "Mean self-assessed level", "format": "numeric"},
        {"text": "Mean moderated level", "format": "numeric"},
        {"text": "Gap (self minus moderated)", "format": "numeric"},
        {"text": "Agreed assessments", "format": "numeric"},
    ]
    rows = [
        [
            {"text": item.dimension.name},
            {"text": display_mean(item.mean_self) or "–", "format": "numeric"},
            {"text": display_mean(item.mean_moderated) or "–", "format": "numeric"},
            {"text": _signed(item.gap), "format": "numeric"},
            {"text": str(item.count), "format": "numeric"},
        ]
        for item in results.calibration
    ]
    return _table("Calibration: self-assessed against moderated levels", head, rows)


def distribution_table(anonymised) -> dict:
    """Per dimension: the vanguard's own level against how many vanguards are at each level
    (just its own levels while too few vanguards are assessed to compare safely)."""
    head = [{"text": "Dimension"}, {"text": "Your level"}]
    if anonymised.comparable:
        head += [{"text": f"Vanguards at level {level}", "format": "numeric"} for level in LEVELS]
        head += [{"text": "National median", "format": "numeric"}]
    rows = []
    for item in anonymised.distributions:
        row = [{"text": item.dimension.name}, {"html": level_tag(item.own_level)}]
        if anonymised.comparable:
            row += [{"text": str(count), "format": "numeric"} for count in item.counts]
            row += [{"text": item.median or "–", "format": "numeric"}]
        rows.append(row)
    caption = "Your latest agreed levels"
    if anonymised.comparable:
        caption += " against every vanguard's"
    return _table(caption, head, rows)


def trend_table(vanguard, trend) -> dict:
    """The trend chart's data: dimensions (and overall) down, cycles across."""
    head = [{"text": "Dimension"}] + [{"text": cycle.name} for cycle in trend.cycles]
    rows = [
        [{"text": row.name}] + [{"text": str(level) if level else "–"} for level in row.levels]
        for row in trend.rows
    ]
    rows.append(
        [{"text": "Overall (mean level)"}]
        + [{"text": display_mean(mean) or "–"} for mean in trend.overall]
    )
    rows.append([{"text": "Band"}] + [{"text": b.label if b else "–"} for b in trend.bands])
    rows.append(
        [{"text": "Levels from"}]
        + [
            {"text": "–" if b is None else "Moderation" if b.is_moderated else "Self-assessment"}
            for b in trend.bands
        ]
    )
    return _table(f"Maturity levels of {vanguard.name} by cycle", head, rows)


def _table(caption: str, head: list, rows: list) -> dict:
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": "govuk-table--small-text-until-tablet",
    }


def band_count_items(band_counts: dict[str, int], unbanded: int | None = None) -> list[dict]:
    """Headline counts per band (and of vanguards not yet assessed, when given)."""
    items = [
        {"label": MaturityBand(band).label, "count": count} for band, count in band_counts.items()
    ]
    if unbanded is not None:
        items.append({"label": "Not yet assessed", "count": unbanded})
    return items
