"""A vanguard's delivery plan and the programme plan: the plan page (timeline, table,
comments), the activity and status forms, history, and the XLSX download and upload. Every
page serves both kinds of plan: `slug` names the vanguard, or is None for the programme plan."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from vanguards import permissions
from workwell.uploads import display_name

from . import presenters, selectors, services, spreadsheet
from .chart import summary, timeline_svg
from .forms import ActivityForm, CommentForm, PlanUploadForm, StatusForm, ThemeForm
from .models import Activity, Plan, PlanError, Theme


def _plan(request, slug: str | None) -> Plan:
    """The plan the URL names, or 404 when the user may not see it."""
    user = request.user
    if slug is None:
        if not permissions.may_view_programme_plan(user):
            raise Http404
        return services.programme_plan()
    vanguard = get_object_or_404(permissions.plan_vanguards(user), slug=slug)
    plan = services.vanguard_plan(vanguard)
    plan.vanguard = vanguard
    return plan


def _editable_plan(request, slug) -> Plan:
    plan = _plan(request, slug)
    if not permissions.may_edit_plan(request.user, plan):
        raise Http404
    return plan


def _activity(plan: Plan, pk: int) -> Activity:
    queryset = Activity.objects.select_related("theme", "toolkit_version", "event")
    activity = get_object_or_404(queryset, pk=pk, theme__plan=plan)
    activity.theme.plan = plan
    return activity


def _context(plan: Plan, **extra) -> dict:
    return {"plan": plan, "urls": presenters.plan_urls(plan), **extra}


@login_required
def plan_detail(request, slug=None):
    user, today = request.user, timezone.localdate()
    plan = _plan(request, slug)
    page = selectors.plan_page(plan=plan, today=today)
    context = _context(
        plan,
        page=page,
        today=today,
        summary=summary(page.activities, today),
        chart=timeline_svg(page.activities, today=today, chart_id="plan-timeline"),
        table=presenters.activity_table(
            page.activities, today=today, caption="Every activity, with its timeline and status"
        ),
        themes=presenters.themes_for_page(page, today=today),
        may_edit=permissions.may_edit_plan(user, plan),
        comment_form=(
            CommentForm(plan=plan, activities=page.activities)
            if permissions.may_comment_on_plan(user, plan)
            else None
        ),
    )
    return render(request, "plans/plan.html", context)


def _activity_form_page(request, plan: Plan, activity: Activity | None):
    today = timezone.localdate()
    # ?theme=<pk> from a theme's "Add an activity" link chooses that theme.
    asked = request.GET.get("theme", "")
    theme = (
        plan.themes.filter(pk=asked).first()
        if asked.isdigit() and len(asked) < 10 and not activity
        else None
    )
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        initial=ActivityForm.initial_from(activity, theme),
        plan=plan,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                theme = form.cleaned_data["theme"]
                activity = services.activity_create(
                    by=request.user, theme=theme, **form.activity_data()
                )
                messages.success(request, f"Activity {theme.position}.{activity.number} added.")
            else:
                activity = services.activity_update(
                    by=request.user, activity=activity, **form.activity_data()
                )
                messages.success(request, "Activity changed.")
        except PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(presenters.plan_urls(plan)["plan"])
    context = _context(
        plan, form=form, activity=activity, timeline=presenters.timeline_radios(form)
    )
    return render(request, "plans/activity_form.html", context)


@login_required
def activity_add(request, slug=None):
    return _activity_form_page(request, _editable_plan(request, slug), None)


@login_required
def activity_edit(request, pk, slug=None):
    plan = _editable_plan(request, slug)
    return _activity_form_page(request, plan, _activity(plan, pk))


@login_required
def activity_status(request, pk, slug=None):
    plan = _editable_plan(request, slug)
    activity = _activity(plan, pk)
    initial = {"status": activity.status, "dropped_reason": activity.dropped_reason}
    form = StatusForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_status(by=request.user, activity=activity, **form.cleaned_data)
        except PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Activity marked “{activity.get_status_display()}”.")
            return redirect(presenters.plan_urls(plan)["plan"])
    context = _context(plan, form=form, activity=activity, radios=presenters.status_radios(form))
    return render(request, "plans/status_form.html", context)


def _theme(plan: Plan, pk: int) -> Theme:
    theme = get_object_or_404(Theme, pk=pk, plan=plan)
    theme.plan = plan
    return theme


@login_required
def theme_edit(request, pk, slug=None):
    plan = _editable_plan(request, slug)
    theme = _theme(plan, pk)
    form = ThemeForm(
        request.POST if request.method == "POST" else None, initial={"title": theme.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_rename(by=request.user, theme=theme, **form.cleaned_data)
        except PlanError as error:
            form.add_error("title", error.message)
        else:
            messages.success(request, f"Theme {theme.position} renamed.")
            return redirect(presenters.plan_urls(plan)["plan"])
    return render(request, "plans/theme_form.html", _context(plan, form=form, theme=theme))


def _remove_page(request, plan: Plan, *, remove, problem, thing: str, **context):
    """Confirm, then remove (the service says why not, as the page does before asking)."""
    if request.method == "POST" and problem is None:
        try:
            remove()
        except PlanError as error:
            problem = error.message
        else:
            messages.success(request, f"{thing.capitalize()} removed.")
            return redirect(presenters.plan_urls(plan)["plan"])
    context = _context(plan, problem=problem, thing=thing, **context)
    return render(request, "plans/remove.html", context)


@login_required
def theme_remove(request, pk, slug=None):
    plan = _editable_plan(request, slug)
    theme = _theme(plan, pk)
    return _remove_page(
        request,
        plan,
        remove=lambda: services.theme_remove(by=request.user, theme=theme),
        problem=None,  # the service checks, under a lock, that the theme is empty
        thing=f"theme {theme.position}",
        theme=theme,
    )


@login_required
def activity_remove(request, pk, slug=None):
    plan = _editable_plan(request, slug)
    activity = _activity(plan, pk)
    return _remove_page(
        request,
        plan,
        remove=lambda: services.activity_remove(by=request.user, activity=activity),
        problem=services.activity_removal_problem(activity),
        thing=f"activity {activity.theme.position}.{activity.number}",
        activity=activity,
    )


@login_required
def theme_add(request, slug=None):
    plan = _editable_plan(request, slug)
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_add(by=request.user, plan=plan, **form.cleaned_data)
        except PlanError as error:
            form.add_error("title", error.message)
        else:
            messages.success(request, f"Theme {theme.position} added.")
            return redirect(presenters.plan_urls(plan)["plan"])
    return render(request, "plans/theme_form.html", _context(plan, form=form))


@login_required
def comment_add(request, slug=None):
    """The comment form is on the plan page; this page shows it again with its errors."""
    plan = _plan(request, slug)
    if not permissions.may_comment_on_plan(request.user, plan):
        raise Http404
    form = CommentForm(request.POST if request.method == "POST" else None, plan=plan)
    if form.is_valid():
        try:
            services.comment_add(by=request.user, plan=plan, **form.cleaned_data)
        except PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Comment added.")
            return redirect(presenters.plan_urls(plan)["plan"] + "#comments")
    return render(request, "plans/comment_form.html", _context(plan, form=form))


@login_required
def plan_history(request, slug=None):
    plan = _plan(request, slug)
    records = list(selectors.plan_history(plan=plan))
    links = selectors.history_links(records)
    table = presenters.history_table(records, links=links)
    context = _context(plan, table=table, records=records)
    return render(request, "plans/history.html", context)


@login_required
def plan_export(request, slug=None):
    plan = _plan(request, slug)
    response = HttpResponse(
        spreadsheet.plan_xlsx(plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = "programme-plan" if plan.is_programme else f"{plan.vanguard.slug}-delivery-plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# Uploads waiting for confirmation, in the session: their rows as plain strings, keyed by a
# random token (the file itself is never kept). Only the newest few are kept.
SESSION_KEY = "plan_uploads"
KEPT_UPLOADS = 3


@login_required
def plan_upload(request, slug=None):
    plan = _editable_plan(request, slug)
    posted = request.method == "POST"
    form = PlanUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            rows = spreadsheet.plan_rows(form.cleaned_data["file"])
        except PlanError as error:
            form.add_error("file", error.message)
        else:
            token = secrets.token_urlsafe(16)
            uploads = dict(list(request.session.get(SESSION_KEY, {}).items())[-KEPT_UPLOADS + 1 :])
            name = display_name(form.cleaned_data["file"].name)
            uploads[token] = {"plan": plan.pk, "name": name, "data": rows}
            request.session[SESSION_KEY] = uploads
            return redirect(_preview_url(plan, token))
    return render(request, "plans/upload.html", _context(plan, form=form))


def _preview_url(plan: Plan, token: str) -> str:
    return presenters.plan_urls(plan)["upload"] + f"{token}/"


@login_required
def plan_upload_preview(request, token, slug=None):
    """Every problem in the file by sheet, row and column; or what it will create and change,
    to confirm. Confirming checks again and saves all the rows, or none."""
    plan = _editable_plan(request, slug)
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if stored is None or stored["plan"] != plan.pk:
        raise Http404
    if stored.get("saved"):
        # Confirmed before (the back button, a second click): say so rather than 404.
        messages.info(request, "This upload has already been saved.")
        return redirect(presenters.plan_urls(plan)["plan"])
    if request.method == "POST":
        try:
            check = spreadsheet.plan_apply(by=request.user, plan=plan, data=stored["data"])
        except PlanError as error:
            messages.error(request, error.message)
        else:
            uploads = request.session[SESSION_KEY]
            uploads[token] = {"plan": plan.pk, "saved": True}  # the rows go; the token stays
            request.session[SESSION_KEY] = uploads
            messages.success(request, presenters.upload_saved_message(check))
            return redirect(presenters.plan_urls(plan)["plan"])
    check = spreadsheet.plan_check(plan, stored["data"])
    context = _context(plan, name=stored["name"], check=check, **presenters.upload_preview(check))
    return render(request, "plans/upload_preview.html", context)
