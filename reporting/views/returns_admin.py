"""The returns' operations for admins: the quarters' due dates and the bulk upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter, govuk_date

from ..forms.returns_admin import DueDateForm
from ..presenters import returns_admin as presenters
from ..selectors import returns_admin as selectors
from ..services.due_dates import ReturnOperationsError, return_period_set

# Quarters outside these years are not the programme's: 404, not a form for them.
YEARS = range(2020, 2100)


def _require_operator(user) -> None:
    if not permissions.can_operate_returns(user):
        raise Http404


def _quarter_or_404(year: int, number: int) -> Quarter:
    if year not in YEARS or number not in range(1, 5):
        raise Http404
    return Quarter(year, number)


@login_required
def due_dates(request):
    """Every quarter with when its returns are due."""
    _require_operator(request.user)
    rows = selectors.due_date_rows(today=timezone.localdate())
    return render(
        request,
        "reporting/returns_admin/due_dates.html",
        {"table": presenters.due_dates_table(rows)},
    )


@login_required
def due_date(request, year: int, number: int):
    """Set or change when one quarter's returns are due; the changes so far below."""
    _require_operator(request.user)
    quarter = _quarter_or_404(year, number)
    period = selectors.return_period_for(quarter)
    form = DueDateForm(
        request.POST or None, quarter=quarter, initial={"due_on": period and period.due_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = return_period_set(actor=request.user, quarter=quarter, **form.cleaned_data)
        except ReturnOperationsError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{quarter} returns are due on {govuk_date(period.due_on)}.")
            return redirect("reporting:return_due_dates")
    history = selectors.return_period_history(period)
    context = {
        "form": form,
        "quarter": quarter,
        "period": period,
        "history_table": presenters.due_date_history_table(history) if history else None,
    }
    return render(request, "reporting/returns_admin/due_date_form.html", context)
