"""How the self-assessment pages are put together: the context each template gets (the GOV.UK
params for answers, changes and history come from `maturity.presenters`)."""

from django.shortcuts import render
from django.utils import timezone

from vanguards import permissions

from ..forms import ReopenForm
from ..models import SelfAssessment
from ..presenters import (
    FORM_BUTTONS,
    MODERATION_BUTTONS,
    answer_rows,
    changes_table,
    history_table,
    summary_rows,
)
from ..selectors import assessments as selectors

Status = SelfAssessment.Status

# --- Pages -------------------------------------------------------------------------------


def _common(request, assessment) -> dict:
    user, vanguard, status = request.user, assessment.vanguard, assessment.status
    return {
        "assessment": assessment,
        "summary_rows": summary_rows(assessment),
        "history_table": history_table(
            selectors.assessment_history(assessment=assessment, user=user)
        ),
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
