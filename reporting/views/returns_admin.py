"""The returns' operations for admins: the quarters' due dates and the bulk upload."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter, govuk_date
from workwell.tables import EXPORT_FORMATS
from workwell.uploads import display_name

from ..forms.returns_admin import DueDateForm, ReturnsUploadForm
from ..models.returns import FIGURES
from ..presenters import returns_admin as presenters
from ..selectors import returns_admin as selectors
from ..services.due_dates import ReturnOperationsError, return_period_set
from ..services.upload import UPLOAD_RULES, upload_apply, upload_check, upload_rows
from ..services.upload_template import template_csv, template_xlsx

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


# --- Bulk upload ------------------------------------------------------------------------------

# Uploads waiting for confirmation, in the admin's session: their rows as plain data, keyed
# by a random token (the file itself is never kept). Only the newest few are kept.
SESSION_KEY = "returns_uploads"
KEPT_UPLOADS = 3


def _stored_upload(request, token: str) -> dict:
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if stored is None:
        raise Http404
    return stored


@login_required
def upload(request):
    """Download the template; upload a filled-in one for a preview."""
    _require_operator(request.user)
    posted = request.method == "POST"
    form = ReturnsUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            sheets = upload_rows(form.cleaned_data["file"])
        except ReturnOperationsError as error:
            form.add_error(error.field, error.message)
        else:
            token = secrets.token_urlsafe(16)
            uploads = dict(list(request.session.get(SESSION_KEY, {}).items())[-KEPT_UPLOADS + 1 :])
            uploads[token] = {
                "name": display_name(form.cleaned_data["file"].name),
                "sheets": sheets,
            }
            request.session[SESSION_KEY] = uploads
            return redirect("reporting:returns_upload_preview", token=token)
    context = {"form": form, "rules": UPLOAD_RULES.values(), "figures": FIGURES}
    return render(request, "reporting/returns_admin/upload.html", context)


TEMPLATES = {"xlsx": template_xlsx, "csv": template_csv}


@login_required
def upload_template(request, extension: str):
    """The template to fill in: XLSX (a sheet per quarter and notes) or CSV."""
    _require_operator(request.user)
    builder = TEMPLATES.get(extension)
    if builder is None:
        raise Http404
    today = timezone.localdate()
    content = builder(today=today)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[extension])
    filename = f"quarterly-returns-template-{today.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def upload_preview(request, token: str):
    """Every problem in the uploaded file, grouped by rule; or, for a valid file, what it will
    create and change, to confirm. Confirming checks the rows again and saves them all."""
    _require_operator(request.user)
    stored = _stored_upload(request, token)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            check = upload_apply(actor=request.user, sheets=stored["sheets"], today=today)
        except ReturnOperationsError as error:
            messages.error(request, error.message)
        else:
            uploads = request.session[SESSION_KEY]
            uploads.pop(token, None)
            request.session[SESSION_KEY] = uploads
            messages.success(request, presenters.upload_saved_message(check))
            return redirect("reporting:returns_upload")
    check = upload_check(stored["sheets"], today=today)
    groups = presenters.problem_groups(check)
    context = {
        "name": stored["name"],
        "check": check,
        "groups": groups,
        "error_summary": presenters.problem_summary(groups) if groups else None,
        "created_table": presenters.created_table(check.creates) if check.creates else None,
        "changed_cards": presenters.changed_cards(check.updates),
    }
    return render(request, "reporting/returns_admin/upload_preview.html", context)
