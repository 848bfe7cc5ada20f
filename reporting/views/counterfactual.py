"""/reporting/counterfactual/: admins keep the indicators and areas and upload values (preview,
then confirm); /reporting/counterfactual/<slug>/: one vanguard's comparison, for the NST (the
vanguard dashboard includes the same partial)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from feedback.forms.quality import QuarterPickerForm, quarter_slug
from vanguards import permissions
from workwell.errors import ServiceError
from workwell.forms import chooser
from workwell.tables import EXPORT_FORMATS

from ..forms.counterfactual import AreaForm, ConfirmValuesForm, IndicatorForm, ValuesUploadForm
from ..models import Area
from ..presenters import counterfactual as presenters
from ..selectors import counterfactual as selectors
from ..services import counterfactual as services
from .funding import chosen_quarter


def _keepers_only(request):
    if not permissions.can_keep_counterfactual(request.user):
        raise Http404


@login_required
def counterfactual_admin(request):
    _keepers_only(request)
    context = {
        "indicators_table": presenters.indicators_table(selectors.indicators_list()),
        "areas_table": presenters.areas_table(selectors.areas_list()),
        "vanguards": permissions.counterfactual_vanguards(request.user).order_by("name"),
    }
    return render(request, "reporting/counterfactual/admin.html", context)


@login_required
def indicator_new(request):
    _keepers_only(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = services.create_indicator(by=request.user, **form.cleaned_data)
        messages.success(request, f"Indicator added: {indicator}")
        return redirect("reporting:counterfactual_admin")
    return render(request, "reporting/counterfactual/indicator_form.html", {"form": form})


@login_required
def area_form(request, pk=None):
    _keepers_only(request)
    area = get_object_or_404(Area, pk=pk) if pk else None
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.save_area(
                by=request.user,
                area=area,
                compared_with=form.cleaned_data["compared_with"],
                **fields,
            )
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Area saved: {saved}")
            return redirect("reporting:counterfactual_admin")
    return render(request, "reporting/counterfactual/area_form.html", {"form": form, "area": area})


@login_required
def values_upload(request):
    """GET: the upload form; POST: the preview (every problem, or what it will save)."""
    _keepers_only(request)
    form = ValuesUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        plan = services.plan_upload(form.cleaned_data["file"])
        context["plan"] = plan
        if plan.problems:
            context["problems_table"] = presenters.problems_table(plan.problems)
        else:
            context["plan_table"] = presenters.plan_table(plan)
            context["confirm"] = ConfirmValuesForm(initial={"plan": plan.signed()})
    return render(request, "reporting/counterfactual/upload.html", context)


@login_required
def values_confirm(request):
    _keepers_only(request)
    form = ConfirmValuesForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("reporting:counterfactual_upload")
    try:
        created, changed = services.save_values(by=request.user, signed=form.cleaned_data["plan"])
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("reporting:counterfactual_upload")
    messages.success(request, f"Values saved: {created} created, {changed} changed")
    return redirect("reporting:counterfactual_admin")


@login_required
def values_template(request):
    _keepers_only(request)
    export_format = request.GET.get("format", "xlsx")
    if export_format not in EXPORT_FORMATS:
        raise Http404
    response = HttpResponse(
        services.values_template(export_format), content_type=EXPORT_FORMATS[export_format]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="indicator-values-template.{export_format}"'
    )
    return response


@login_required
def vanguard_comparison(request, slug):
    vanguard = permissions.get_counterfactual_vanguard_or_404(request.user, slug)
    quarter, quarters = chosen_quarter(request)
    counterfactual = selectors.counterfactual_for(vanguard, quarter)
    context = {
        "vanguard": vanguard,
        "quarter": quarter,
        "picker": chooser(QuarterPickerForm, quarters=quarters, chosen=quarter),
        "comparison": presenters.comparison(selectors.stored_comparison(counterfactual)),
        "keeps": permissions.can_keep_counterfactual(request.user),
        # Today's figures here; a closed quarter's dashboard shows its snapshot's.
        "closed": quarter.end < timezone.localdate(),
        "quarter_slug": quarter_slug(quarter),
    }
    return render(request, "reporting/counterfactual/vanguard.html", context)
