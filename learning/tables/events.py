from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date, govuk_time, iso_date
from workwell.tables import ESCAPES, Table, choice_labels, row_urls

from ..models import Event, Registration
from ..presenters.events import (
    kind_and_audience_text,
    kind_for_audience,
    my_status_tag,
    places_left_text,
    where_text,
)
from ..selectors.events import NO_PLACES


class EventTable(Table):
    """The events list. The order is chosen by the view (upcoming soonest first, past latest
    first), so no column sorts. Built from `selectors.events.events_listed` with `places`,
    giving the places at events by their ids (`selectors.events.places_at`)."""

    title = tables.Column(verbose_name="Event")
    starts_at = tables.Column(verbose_name="Date")
    venue = tables.Column(verbose_name="Where", empty_values=())
    capacity = tables.Column(verbose_name="Places", empty_values=())
    my_status = tables.Column(verbose_name="Your place", empty_values=())

    class Meta:
        model = Event
        fields = []
        sequence = ("title", "starts_at", "venue", "capacity", "my_status")
        orderable = False

    def __init__(self, *args, places, past=False, **kwargs):
        # Places left mean nothing once an event is over.
        super().__init__(*args, exclude=("capacity",) if past else (), **kwargs)
        self.places, self.past = places, past
        if past:
            self.page_columns = ("title", "starts_at", "venue", "my_status")

    @cached_property
    def detail_url(self):
        return row_urls("learning:event_detail")

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = ("title", "starts_at", "venue", "capacity", "my_status")
    page_values = (
        "pk",
        "title",
        "kind",
        "audience",
        "cohort_group__name",
        "starts_at",
        "format",
        "venue",
        "capacity",
    )

    def page_cells(self, rows):
        kinds = choice_labels(Event.kind.field)
        url, past, online = self.detail_url, self.past, Event.Format.ONLINE
        places = self.places([row[0] for row in rows])
        for pk, title, kind, audience, group, starts_at, format_, venue, capacity in rows:
            taken, waiting, status = places.get(pk, NO_PLACES)
            kind_text = kind_for_audience(kinds.get(kind, kind), audience, group)
            cells = [
                f'<a class="govuk-link" href="{url(pk).translate(ESCAPES)}">'
                f"{str(title).translate(ESCAPES)}</a><br>"
                f'<span class="govuk-hint">{kind_text.translate(ESCAPES)}</span>',
                f"{govuk_date(starts_at).translate(ESCAPES)}<br>"
                f"{govuk_time(starts_at).translate(ESCAPES)}",
                ("Online" if format_ == online else str(venue)).translate(ESCAPES),
            ]
            if not past:
                cells.append(places_left_text(capacity, taken, waiting).translate(ESCAPES))
            cells.append(my_status_tag(status))
            yield cells

    # --- Cell by cell (a table built with other columns shown) ---

    def _places_of(self, record) -> tuple[int, int, str | None]:
        return self.places([record.pk]).get(record.pk, NO_PLACES)  # a query a row: not the page's

    def render_title(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-hint">{}</span>',
            self.detail_url(record.pk),
            value,
            kind_and_audience_text(record),
        )

    def render_starts_at(self, value):
        return format_html("{}<br>{}", govuk_date(value), govuk_time(value))

    def render_venue(self, record):
        return where_text(record)

    def render_capacity(self, record):
        taken, waiting, _status = self._places_of(record)
        return places_left_text(record.capacity, taken, waiting)

    def render_my_status(self, record):
        return my_status_tag(self._places_of(record)[2])


class RegistrationTable(tables.Table):
    """The registrations export. Columns, in order: Name, Email, Vanguard, Status, Registered
    on, Joined the waiting list, Attended."""

    name = tables.Column(verbose_name="Name", accessor="person__full_name")
    email = tables.Column(verbose_name="Email", accessor="person__email")
    vanguard = tables.Column(
        verbose_name="Vanguard", accessor="person__vanguard_membership__vanguard__name", default=""
    )
    status = tables.Column(verbose_name="Status")
    created_at = tables.Column(verbose_name="Registered on")
    waiting_since = tables.Column(verbose_name="Joined the waiting list", default="")
    attended = tables.Column(verbose_name="Attended", empty_values=())

    class Meta:
        model = Registration
        fields = []
        sequence = (
            "name",
            "email",
            "vanguard",
            "status",
            "created_at",
            "waiting_since",
            "attended",
        )
        orderable = False

    def value_status(self, record):
        return record.get_status_display()

    def value_created_at(self, value):
        return iso_date(value)

    def value_waiting_since(self, value):
        return iso_date(value)

    def value_attended(self, value):
        return {True: "Yes", False: "No"}.get(value, "Not recorded")
