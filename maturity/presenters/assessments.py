"""The framework page and the self-assessment pages: summary rows, answers, moderation,
changes and history as GOV.UK component params."""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component

from ..forms import LEVEL_HINTS
from ..models import SelfAssessment
from ..selectors.assessments import assessment_band
from ..selectors.results import display_mean
from ..services.framework import threshold_text

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


def cycle_dates(cycle, today) -> str:
    """A cycle's name and dates as they stand on `today`: opening, open, or closed."""
    opens, closes = govuk_date(cycle.opens_on), govuk_date(cycle.closes_on)
    if today < cycle.opens_on:
        return f"{cycle.name}: opens {opens}, closes {closes}"
    if today > cycle.closes_on:
        return f"{cycle.name}: closed on {closes} (opened {opens})"
    return f"{cycle.name}: open {opens} to {closes}"
