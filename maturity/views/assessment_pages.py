"""How the self-assessment pages are put together: the context each template gets, and the
GOV.UK summary-list and table params for answers, changes and history."""

from django.shortcuts import render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from vanguards import permissions
from workwell.dates import govuk_datetime

from ..forms import ReopenForm
from ..models import SelfAssessment
from ..presenters import cycle_dates
from ..selectors import assessments as selectors
from ..tables.assessments import band_text, status_tag

Status = SelfAssessment.Status

# --- Pages -------------------------------------------------------------------------------

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


def _common(request, assessment) -> dict:
    user, vanguard, status = request.user, assessment.vanguard, assessment.status
    return {
        "assessment": assessment,
        "summary_rows": summary_rows(assessment),
        "history_table": history_table(selectors.assessment_history(assessment=assessment)),
        "files": selectors.evidence_files_by_dimension(assessment=assessment),
        "can_moderate": permissions.can_moderate_assessment(user, vanguard, status),
        "can_reopen": permissions.can_reopen_assessment(user) and status == Status.AGREED,
        "cycle_closed": assessment.cycle.closes_on < timezone.localdate(),
    }


def render_detail(request, assessment, *, refusal=None, reopen_form=None):
    """The read-only page: answers, moderation when the user may see it, history."""
    context = _common(request, assessment)
    show_moderation = permissions.can_see_moderation(
        request.user, assessment.vanguard, assessment.status
    )
    scores = selectors.assessment_scores(assessment=assessment)
    context["sections"] = [
        (score, answer_rows(assessment, score, context["files"], show_moderation))
        for score in scores
    ]
    if context["can_reopen"]:
        context["form"] = reopen_form or ReopenForm()
    context["refusal"] = refusal
    return render(request, "maturity/assessment_detail.html", context)


def render_form(request, assessment, form, *, saved_but_incomplete=False, stale=None, changes=()):
    """The vanguard's draft, one section per dimension."""
    context = _common(request, assessment)
    context.update(
        form=form,
        sections=[
            (dimension_form, context["files"].get(dimension_form.score.dimension_id, []))
            for dimension_form in form.dimension_forms
        ],
        error_summary=form.error_summary(),
        buttons=FORM_BUTTONS,
        saved_but_incomplete=saved_but_incomplete,
        stale=stale,
        changes_table=changes_table(changes) if changes else None,
        lost_files=bool(stale and form.uploads()),
    )
    return render(request, "maturity/assessment_form.html", context)


def render_stale(request, assessment, form, stale):
    """Someone saved first: show what they saved beside this person's answers, kept intact."""
    changes = form.differences(selectors.assessment_scores(assessment=stale.current))
    form.reset_revision(stale.current.revision)
    return render_form(request, stale.current, form, stale=stale, changes=changes)


def render_moderation(request, assessment, form, *, refusal=None, stale=None, changes=()):
    context = _common(request, assessment)
    sections = []
    for dimension_form in form.dimension_forms if form else []:
        rows = answer_rows(assessment, dimension_form.score, context["files"], False)
        sections.append((dimension_form, rows))
    context.update(
        form=form,
        sections=sections,
        refusal=refusal,
        error_summary=form.error_summary() if form else None,
        buttons=MODERATION_BUTTONS,
        stale=stale,
        changes_table=changes_table(changes) if changes else None,
    )
    return render(request, "maturity/assessment_moderate.html", context)


def render_stale_moderation(request, assessment, form, stale):
    changes = form.differences(selectors.assessment_scores(assessment=stale.current))
    form.reset_revision(stale.current.revision)
    return render_moderation(request, stale.current, form, stale=stale, changes=changes)


# --- Presenters --------------------------------------------------------------------------


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
