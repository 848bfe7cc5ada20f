"""/reporting/funding/: every vanguard's funding position (a regional lead's region's) for a
chosen quarter, with the payment schedule; /reporting/funding/<slug>/: one vanguard's, which
is all a member sees; /reporting/funding/rule/: admins set the programme's funding rule.
Tables download as CSV and XLSX (`?_export=csv|xlsx`, `&table=schedule` for the schedule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from feedback.forms.quality import QuarterPickerForm, quarter_from_slug, quarter_slug
from vanguards import permissions
from workwell.errors import ServiceError
from workwell.forms import chooser
from workwell.tables import export_response, is_export

from ..forms.funding import FundingRuleForm
from ..presenters import funding as presenters
from ..selectors import funding as selectors
from ..services.funding import set_funding_rule
from ..tables.funding import FundingExport, ScheduleExport


def chosen_quarter(request):
    """The quarter asked for in `?quarter=` (one the programme has), else the last closed one;
    anything else is a 404. Returns (quarter, quarters offered)."""
    today = timezone.localdate()
    quarters = selectors.programme_quarters(today)
    asked = request.GET.get("quarter")
    if asked is None:
        default = quarters[1] if len(quarters) > 1 else quarters[0]
        return default, quarters
    quarter = quarter_from_slug(asked)
    if quarter not in quarters:
        raise Http404
    return quarter, quarters


def _schedule_export(schedule, who: str, fmt: str, filename: str):
    table = ScheduleExport(presenters.schedule_records(schedule, who))
    return export_response(table, fmt, filename)


@login_required
def funding_list(request):
    if not permissions.may_use_funding_list(request.user):
        own = permissions.funding_vanguards(request.user).first()
        if own is None:
            raise Http404
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("reporting:funding_vanguard", args=[own.slug]) + query)
    quarter, quarters = chosen_quarter(request)
    table = selectors.funding_table(user=request.user, quarter=quarter)
    slug = quarter_slug(quarter)
    if is_export(request):
        fmt = request.GET["_export"]
        if request.GET.get("table") == "schedule":
            return _schedule_export(table.schedule, "All vanguards", fmt, f"payments-{slug}")
        rows = FundingExport(presenters.national_records(table))
        return export_response(rows, fmt, f"funding-{slug}")
    context = {
        "table": table,
        "quarter": quarter,
        "query": f"quarter={slug}",
        "picker": chooser(QuarterPickerForm, quarters=quarters, chosen=quarter),
        **presenters.national_page(table, f"quarter={slug}", request),
        "sets_rule": permissions.can_set_funding_rule(request.user),
    }
    return render(request, "reporting/funding/national.html", context)


@login_required
def funding_vanguard(request, slug):
    vanguard = permissions.get_funding_vanguard_or_404(request.user, slug)
    quarter, quarters = chosen_quarter(request)
    rule, position = selectors.vanguard_funding(vanguard=vanguard, quarter=quarter)
    if is_export(request):
        filename = f"payments-{vanguard.slug}-{quarter_slug(quarter)}"
        return _schedule_export(position.schedule, vanguard.name, request.GET["_export"], filename)
    context = {
        "vanguard": vanguard,
        "rule": rule,
        "quarter": quarter,
        "query": f"quarter={quarter_slug(quarter)}",
        "picker": chooser(QuarterPickerForm, quarters=quarters, chosen=quarter),
        "summary": presenters.position_summary(position, vanguard.participant_target),
        "schedule_table": presenters.schedule_table(
            position.schedule, f"Payments to {vanguard.name} by quarter"
        ),
        "back_url": f"{reverse('reporting:funding')}?quarter={quarter_slug(quarter)}"
        if permissions.may_use_funding_list(request.user)
        else "",
    }
    return render(request, "reporting/funding/vanguard.html", context)


@login_required
def funding_rule(request):
    if not permissions.can_set_funding_rule(request.user):
        raise Http404
    form = FundingRuleForm(request.POST or None, instance=selectors.funding_rule())
    if request.method == "POST" and form.is_valid():
        try:
            rule = set_funding_rule(by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Funding rule set: {rule}")
            return redirect("reporting:funding_rule")
    history = presenters.rule_history_table(selectors.funding_rule_history())
    return render(request, "reporting/funding/rule.html", {"form": form, "history": history})
