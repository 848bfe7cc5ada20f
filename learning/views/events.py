"""The Learning and Change Network's events at /learning/events/: everyone signed in sees the
events for their audience and registers; the learning team and admins organise them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from vanguards import permissions
from workwell.tables import export_response, is_export, kept_list_page
from workwell.uploads import file_response

from .. import ical
from ..filters.events import EventFilter
from ..forms.events import AttendanceForm, EventForm, FeedbackForm, MaterialForm
from ..presenters import agenda as agenda_presenters
from ..presenters import events as presenters
from ..selectors import agenda as agenda_selectors
from ..selectors import events as selectors
from ..services import events as services
from ..tables.events import EventTable, RegistrationTable


def _require_organiser(user):
    if not permissions.can_organise_events(user):
        raise Http404


# The list's table, by which events it shows.
CAPTIONS = {selectors.PAST: "Past events", selectors.UPCOMING: "Upcoming events"}


@login_required
def event_list(request):
    when = selectors.PAST if request.GET.get("when") == selectors.PAST else selectors.UPCOMING
    filterset = EventFilter(request.GET or None)

    def make_table() -> EventTable:
        events = selectors.events_listed(user=request.user, when=when)
        return EventTable(
            filterset.qs_of(events),
            past=when == selectors.PAST,
            places=lambda ids: selectors.places_at(user=request.user, event_ids=ids),
        )

    context = {
        "filter": filterset,
        "when": when,
        "can_organise": permissions.can_organise_events(request.user),
    }
    return kept_list_page(
        request,
        make_table,
        "learning/events/event_list.html",
        context,
        name="events",
        # The events are made from the records' scope (the role, a member's vanguard), the
        # places from who the viewer is. Events start and end on the minute, which is in every
        # kept result's key, so "upcoming" and "past" hold for the whole minute.
        kept_for=(permissions.records_scope(request.user), request.user.role, request.user.pk),
        caption=CAPTIONS[when],
        filterset=filterset,
    )


def _detail_context(request, event, place):
    past = event.ends_at <= timezone.now()
    heard = agenda_selectors.what_we_heard_for(user=request.user, event=event)
    return {
        "agenda": agenda_presenters.agenda_lines(event, agenda_selectors.agenda_of(event=event)),
        "what_we_heard": heard,
        "key_points": heard and agenda_presenters.key_points_html(heard),
        "changes": heard
        and heard.is_published
        and list(agenda_selectors.changes_led_to(user=request.user, event=event)),
        "event": event,
        "place": place,
        "past": past,
        "started": event.starts_at <= timezone.now(),
        "summary_rows": presenters.event_summary_rows(
            event,
            show_joining_link=permissions.can_see_joining_link(
                request.user, registered=place.registered
            ),
            past=past,
        ),
        "description": presenters.event_description(event),
        "waiting_position": place.waiting
        and selectors.waiting_position(registration=place.registration),
        "may_give_feedback": services.may_give_feedback(
            event=event, registration=place.registration, given=place.feedback_given
        ),
        "can_organise": permissions.can_organise_events(request.user),
    }


@login_required
def event_detail(request, pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    place = selectors.place_of(event=event, user=request.user)
    return render(
        request, "learning/events/event_detail.html", _detail_context(request, event, place)
    )


@login_required
@require_POST
def event_register(request, pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    try:
        registration = services.event_register(event=event, person=request.user)
    except services.EventError as error:
        messages.info(request, error.message)
    else:
        if registration.status == registration.Status.REGISTERED:
            messages.success(request, f"You have a place at {event.title}.")
        else:
            messages.success(
                request,
                f"{event.title} is full, so you are on the waiting list. We will email you "
                "if a place comes up.",
            )
    return redirect("learning:event_detail", pk=pk)


@login_required
@require_POST
def event_cancel(request, pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    try:
        registration = services.event_cancel_registration(event=event, person=request.user)
    except services.EventError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"You are no longer registered for {registration.event.title}.")
    return redirect("learning:event_detail", pk=pk)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def event_ics(request, pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    place = selectors.place_of(event=event, user=request.user)
    with_place = permissions.can_see_joining_link(request.user, registered=place.registered)
    return _ics_response(ical.event_ics(event, with_place=with_place), f"event-{event.pk}.ics")


@never_cache
def calendar_feed(request, token):
    """A person's private feed. Calendar programs send no session: the token is the key."""
    person = selectors.calendar_feed_owner(token=token)
    if person is None:
        raise Http404
    events = selectors.events_in_feed(person=person)
    return _ics_response(ical.feed_ics(events), "workwell-events.ics")


@login_required
def calendar_feed_page(request):
    if request.method == "POST":
        services.calendar_feed_renew(person=request.user)
        messages.success(request, "Your calendar address has changed. The old one no longer works.")
        return redirect("learning:calendar_feed_page")
    feed = services.calendar_feed_for(person=request.user)
    feed_url = request.build_absolute_uri(reverse("learning:calendar_feed", args=[feed.token]))
    return render(request, "learning/events/calendar_feed.html", {"feed_url": feed_url})


def _event_form_page(request, event=None):
    """Add an event (`event` None) or change one: the form, the service, then its page."""
    initial = EventForm.initial_for(event) if event else None
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(organiser=request.user, event=event, data=form.event_data())
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            if event:
                messages.success(request, f"Your changes to {saved.title} are saved.")
            else:
                messages.success(request, f"{saved.title} has been added.")
            return redirect("learning:event_detail", pk=saved.pk)
    return render(request, "learning/events/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request):
    _require_organiser(request.user)
    return _event_form_page(request)


@login_required
def event_edit(request, pk):
    _require_organiser(request.user)
    return _event_form_page(request, selectors.event_for_user(user=request.user, pk=pk))


@login_required
def event_materials(request, pk):
    _require_organiser(request.user)
    event = selectors.event_for_user(user=request.user, pk=pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_material_add(event=event, organiser=request.user, **form.cleaned_data)
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{form.cleaned_data['title']} has been added.")
            return redirect("learning:event_materials", pk=pk)
    return render(request, "learning/events/materials.html", {"event": event, "form": form})


@login_required
@require_POST
def event_material_remove(request, pk, material_pk):
    _require_organiser(request.user)
    event = selectors.event_for_user(user=request.user, pk=pk)
    material = get_object_or_404(event.materials.all(), pk=material_pk)
    services.event_material_remove(material=material, organiser=request.user)
    messages.success(request, f"{material.title} has been removed.")
    return redirect("learning:event_materials", pk=pk)


@login_required
def event_material_file(request, pk, material_pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    material = get_object_or_404(event.materials.exclude(file=""), pk=material_pk)
    return file_response(material.file, material.file_name)


@login_required
def event_attendance(request, pk):
    _require_organiser(request.user)
    event = selectors.event_for_user(user=request.user, pk=pk)
    registrations = list(selectors.registrations_for_event(event=event))
    if is_export(request):
        table = RegistrationTable(registrations)
        RequestConfig(request, paginate=False).configure(table)
        return export_response(table, request.GET["_export"], f"registrations-{event.pk}")
    registered = [r for r in registrations if r.status == r.Status.REGISTERED]
    form = AttendanceForm(request.POST or None, registrations=registered)
    if request.method == "POST" and form.is_valid():
        try:
            came = services.event_attendance_record(
                event=event, organiser=request.user, attended_ids=form.attended_ids()
            )
        except services.EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Attendance saved: {came} of {len(registered)} came.")
            return redirect("learning:event_attendance", pk=pk)
    context = {
        "event": event,
        "form": form,
        "registered": registered,
        "waiting": [r for r in registrations if r.status == r.Status.WAITING],
        "started": event.starts_at <= timezone.now(),
        "feedback": presenters.feedback_summary_text(selectors.feedback_for_event(event=event)),
    }
    return render(request, "learning/events/attendance.html", context)


@login_required
def event_feedback(request, pk):
    event = selectors.event_for_user(user=request.user, pk=pk)
    place = selectors.place_of(event=event, user=request.user)
    if not services.may_give_feedback(
        event=event, registration=place.registration, given=place.feedback_given
    ):
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_feedback_submit(event=event, person=request.user, **form.cleaned_data)
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("learning:event_detail", pk=pk)
    return render(request, "learning/events/feedback.html", {"event": event, "form": form})
