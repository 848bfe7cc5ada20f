from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguards import permissions

from .. import presenters
from ..forms import CycleForm, DimensionForm, FrameworkVersionForm
from ..selectors import framework as selectors
from ..services.assessments import AssessmentError, cycle_open
from ..services.framework import (
    PUBLISHED_IS_FINAL,
    FrameworkError,
    dimension_update,
    framework_draft_from,
    framework_publish,
    framework_update,
)


def _require_manager(user):
    if not permissions.can_manage_maturity_framework(user):
        raise Http404


def _matrix_context(request, framework):
    can_manage = permissions.can_manage_maturity_framework(request.user)
    context = {
        "framework": framework,
        "versions": selectors.framework_versions(user=request.user),
        "can_manage": can_manage,
    }
    if framework is not None:
        context["band_rows"] = presenters.band_summary_rows(framework)
        dimensions = selectors.framework_dimensions(framework=framework)
        editable = can_manage and not framework.is_published
        context["matrix"] = presenters.matrix_table(framework, dimensions, editable=editable)
    return context


@login_required
def framework_current(request):
    """The Maturity Assessment Matrix vanguards assess themselves against now."""
    context = _matrix_context(request, selectors.framework_current())
    return render(request, "maturity/framework.html", context | {"is_current": True})


@login_required
def framework_version(request, pk):
    framework = selectors.get_framework_or_404(request.user, pk)
    context = _matrix_context(request, framework)
    is_current = framework == selectors.framework_current()
    return render(request, "maturity/framework.html", context | {"is_current": is_current})


@login_required
@require_POST
def framework_draft(request, pk):
    _require_manager(request.user)
    source = selectors.get_framework_or_404(request.user, pk)
    try:
        draft = framework_draft_from(source=source, actor=request.user)
    except FrameworkError as error:
        messages.error(request, error.message)
        return redirect("maturity:framework_version", pk=source.pk)
    messages.success(request, f"{draft.name} has been drafted from {source.name}.")
    return redirect("maturity:framework_version", pk=draft.pk)


def _refuse_published(request, framework):
    messages.error(request, PUBLISHED_IS_FINAL.format(name=framework.name))
    return redirect("maturity:framework_version", pk=framework.pk)


@login_required
def framework_edit(request, pk):
    """A draft's name and band thresholds."""
    _require_manager(request.user)
    framework = selectors.get_framework_or_404(request.user, pk)
    if framework.is_published:
        return _refuse_published(request, framework)
    initial = {f: getattr(framework, f) for f in ("name", "emerging_below", "maturing_below")}
    form = FrameworkVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            framework_update(framework=framework, actor=request.user, **form.cleaned_data)
        except FrameworkError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The version's name and thresholds have been saved.")
            return redirect("maturity:framework_version", pk=framework.pk)
    context = {"form": form, "framework": framework}
    return render(request, "maturity/framework_edit.html", context)


@login_required
def dimension_edit(request, pk, dimension_pk):
    """A draft's dimension and what each of its five levels looks like."""
    _require_manager(request.user)
    framework = selectors.get_framework_or_404(request.user, pk)
    if framework.is_published:
        return _refuse_published(request, framework)
    dimension = selectors.get_dimension_or_404(framework, dimension_pk)
    initial = {"name": dimension.name, "description": dimension.description}
    initial |= {"theme": dimension.theme_id}
    initial |= {f"level_{level.level}": level.descriptor for level in dimension.levels.all()}
    form = DimensionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("name", "description", "theme")}
        try:
            dimension_update(
                dimension=dimension, actor=request.user, descriptors=form.descriptors, **data
            )
        except FrameworkError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{dimension.name} has been saved.")
            return redirect("maturity:framework_version", pk=framework.pk)
    context = {"form": form, "framework": framework, "dimension": dimension}
    return render(request, "maturity/framework_dimension_edit.html", context)


@login_required
@require_POST
def framework_publish_view(request, pk):
    _require_manager(request.user)
    framework = selectors.get_framework_or_404(request.user, pk)
    try:
        framework_publish(framework=framework, actor=request.user)
    except FrameworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{framework.name} is published. New cycles can now use it; it can no "
            "longer be changed.",
        )
    return redirect("maturity:framework_version", pk=framework.pk)


@login_required
def cycle_create(request):
    """Open an assessment cycle: every live vanguard gets a draft self-assessment."""
    _require_manager(request.user)
    form = CycleForm(request.POST or None, initial={"framework": selectors.framework_current()})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = cycle_open(actor=request.user, **form.cleaned_data)
        except AssessmentError as error:
            form.add_error(error.field, error.message)
        else:
            count = cycle.self_assessments.count()
            messages.success(
                request,
                f"{cycle.name} is open. {count} vanguard{'s have' if count != 1 else ' has'} a "
                "draft self-assessment to fill in.",
            )
            return redirect(f"{reverse('maturity:assessments')}?cycle={cycle.pk}")
    return render(request, "maturity/assessment_cycle_form.html", {"form": form})
