"""An event's agenda and its "what we heard", kept by the organisers (the learning team and
admins) at /learning/events/<pk>/agenda/ and /learning/events/<pk>/what-we-heard/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms.agenda import AgendaItemForm, WhatWeHeardForm
from ..presenters import agenda as presenters
from ..selectors import agenda as selectors
from ..selectors.events import event_for_user
from ..services import agenda as services
from .events import _require_organiser


def _organised_event(request, pk):
    _require_organiser(request.user)
    return event_for_user(user=request.user, pk=pk)


@login_required
def event_agenda(request, pk):
    """The agenda with its change, remove and move controls, and the form to add an item."""
    event = _organised_event(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(
                event=event, organiser=request.user, data=form.cleaned_data
            )
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"“{item.title}” has been added to the agenda.")
            return redirect("learning:event_agenda", pk=pk)
    lines = presenters.agenda_lines(event, selectors.agenda_of(event=event))
    context = {"event": event, "form": form, "lines": lines}
    return render(request, "learning/agenda/agenda.html", context)


@login_required
def agenda_item_edit(request, pk, item_pk):
    event = _organised_event(request, pk)
    item = selectors.agenda_item_of(event=event, pk=item_pk)
    form = AgendaItemForm(request.POST or None, initial=AgendaItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_change(item=item, organiser=request.user, data=form.cleaned_data)
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Your changes to “{item.title}” are saved.")
            return redirect("learning:event_agenda", pk=pk)
    return render(request, "learning/agenda/item_form.html", {"event": event, "form": form})


@login_required
@require_POST
def agenda_item_remove(request, pk, item_pk):
    event = _organised_event(request, pk)
    item = selectors.agenda_item_of(event=event, pk=item_pk)
    services.agenda_item_remove(item=item, organiser=request.user)
    messages.success(request, f"“{item.title}” has been removed from the agenda.")
    return redirect("learning:event_agenda", pk=pk)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    event = _organised_event(request, pk)
    item = selectors.agenda_item_of(event=event, pk=item_pk)
    direction = request.POST.get("direction", "")
    try:
        services.agenda_item_move(item=item, organiser=request.user, direction=direction)
    except services.EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{item.title}” has moved {direction}.")
    return redirect("learning:event_agenda", pk=pk)


@login_required
def event_what_we_heard(request, pk):
    """Write or change the key points; publishing is a separate button (and route)."""
    event = _organised_event(request, pk)
    record = selectors.what_we_heard_for(user=request.user, event=event)
    initial = {"key_points": record.key_points} if record else None
    form = WhatWeHeardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.what_we_heard_save(event=event, organiser=request.user, **form.cleaned_data)
        except services.EventError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The key points are saved.")
            return redirect("learning:event_what_we_heard", pk=pk)
    context = {
        "event": event,
        "form": form,
        "record": record,
        "over": event.ends_at <= timezone.now(),
    }
    return render(request, "learning/agenda/what_we_heard.html", context)


@login_required
@require_POST
def what_we_heard_publish(request, pk):
    event = _organised_event(request, pk)
    try:
        services.what_we_heard_publish(event=event, organiser=request.user)
    except services.EventError as error:
        messages.error(request, error.message)
        return redirect("learning:event_what_we_heard", pk=pk)
    messages.success(request, "What we heard is published, and the attendees have been emailed.")
    return redirect("learning:event_detail", pk=pk)
