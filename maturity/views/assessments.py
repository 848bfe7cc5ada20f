from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from vanguards import permissions
from workwell.tables import list_page
from workwell.uploads import file_response

from ..filters.assessments import AssessmentFilter
from ..forms import ModerationForm, ReopenForm, SelfAssessmentForm
from ..selectors import assessments as selectors
from ..services.assessments import (
    AssessmentError,
    AssessmentIncomplete,
    StaleRevision,
    assessment_agree,
    assessment_moderate,
    assessment_reopen,
    assessment_save_draft,
    assessment_submit,
    status_refusal,
)
from ..tables.assessments import AssessmentTable
from . import assessment_pages as pages


@login_required
def assessment_list(request):
    """Self-assessments the user may see, filterable by cycle and status."""
    filterset = AssessmentFilter(
        request.GET or None, queryset=selectors.assessments_for_list(user=request.user)
    )
    table = AssessmentTable(filterset.qs)
    context = {
        "filter": filterset,
        "can_open_cycle": permissions.can_manage_maturity_framework(request.user),
    }
    return list_page(request, table, "maturity/assessment_list.html", context)


@login_required
def assessment_detail(request, pk):
    """Members fill in their draft here; everyone else (and members, later) reads it."""
    assessment = selectors.get_assessment_or_404(request.user, pk)
    vanguard, status = assessment.vanguard, assessment.status
    if not permissions.can_edit_assessment(request.user, vanguard, status):
        if request.method != "POST":
            return pages.render_detail(request, assessment)
        if not permissions.is_assessment_author(request.user, vanguard):
            raise Http404
        # A member posting to a submitted assessment (another tab, or the back button).
        refusal = status_refusal(status, assessment.Status.DRAFT)
        return pages.render_detail(request, assessment, refusal=refusal)
    scores = selectors.assessment_scores(assessment=assessment)
    form = SelfAssessmentForm(
        request.POST or None, request.FILES or None, scores=scores, revision=assessment.revision
    )
    if request.method == "POST" and form.is_valid():
        return _save_answers(request, assessment, form)
    return pages.render_form(request, assessment, form)


def _save_answers(request, assessment, form):
    submitting = "submit" in request.POST
    service = assessment_submit if submitting else assessment_save_draft
    try:
        service(
            assessment=assessment,
            actor=request.user,
            revision=form.revision,
            answers=form.values(),
            files=form.uploads(),
        )
    except StaleRevision as stale:
        return pages.render_stale(request, assessment, form, stale)
    except AssessmentIncomplete as incomplete:
        saved = incomplete.assessment.revision != form.revision
        form.reset_revision(incomplete.assessment.revision)
        form.add_dimension_errors(incomplete.errors)
        return pages.render_form(request, assessment, form, saved_but_incomplete=saved)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("maturity:assessment", pk=assessment.pk)
    if submitting:
        messages.success(
            request,
            "Your self-assessment has been submitted. Your relationship manager will moderate it.",
        )
    else:
        messages.success(request, "Your draft has been saved. You can come back to it any time.")
    return redirect("maturity:assessment", pk=assessment.pk)


@login_required
def assessment_moderate_view(request, pk):
    """The RM of the vanguard's cohort group moderates a submitted assessment and agrees it."""
    assessment = selectors.get_assessment_or_404(request.user, pk)
    if not permissions.moderates_vanguard(request.user, assessment.vanguard):
        raise Http404
    if not permissions.can_moderate_assessment(
        request.user, assessment.vanguard, assessment.status
    ):
        refusal = status_refusal(assessment.status, assessment.Status.SUBMITTED)
        return pages.render_moderation(request, assessment, None, refusal=refusal)
    scores = selectors.assessment_scores(assessment=assessment)
    form = ModerationForm(request.POST or None, scores=scores, revision=assessment.revision)
    if request.method == "POST" and form.is_valid():
        return _save_moderation(request, assessment, form)
    return pages.render_moderation(request, assessment, form)


def _save_moderation(request, assessment, form):
    agreeing = "agree" in request.POST
    service = assessment_agree if agreeing else assessment_moderate
    try:
        service(
            assessment=assessment,
            actor=request.user,
            revision=form.revision,
            decisions=form.values(),
        )
    except StaleRevision as stale:
        return pages.render_stale_moderation(request, assessment, form, stale)
    except AssessmentIncomplete as incomplete:
        form.add_dimension_errors(incomplete.errors)
        return pages.render_moderation(request, assessment, form)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("maturity:assessment", pk=assessment.pk)
    if agreeing:
        messages.success(
            request,
            f"{assessment.vanguard}'s self-assessment is agreed. Its improvement actions are now "
            "tracked actions.",
        )
        return redirect("maturity:assessment", pk=assessment.pk)
    messages.success(request, "Your moderation has been saved. Agree the assessment when ready.")
    return redirect("maturity:moderate", pk=assessment.pk)


@login_required
@require_POST
def assessment_reopen_view(request, pk):
    """The RM lead or an admin unlocks an agreed assessment, giving a reason."""
    assessment = selectors.get_assessment_or_404(request.user, pk)
    if not permissions.can_reopen_assessment(request.user):
        raise Http404
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            assessment_reopen(
                assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except AssessmentError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, "The self-assessment has been reopened for moderation.")
            return redirect("maturity:assessment", pk=assessment.pk)
    return pages.render_detail(request, assessment, reopen_form=form)


@login_required
def evidence_file(request, pk, file_pk):
    """Evidence files are served only to people who may see the assessment."""
    assessment = selectors.get_assessment_or_404(request.user, pk)
    evidence = selectors.get_evidence_file_or_404(assessment, file_pk)
    return file_response(evidence.file, evidence.name)
