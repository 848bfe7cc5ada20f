from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date, govuk_time, iso_date
from workwell.tables import row_urls

from ..models import Event, Registration
from ..presenters.events import kind_and_audience_text, my_status_tag, places_text, where_text


class EventTable(tables.Table):
    """The events list. The order is chosen by the view (upcoming soonest first, past latest
    first), so no column sorts."""

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

    def __init__(self, *args, past=False, **kwargs):
        # Places left mean nothing once an event is over.
        super().__init__(*args, exclude=("capacity",) if past else (), **kwargs)

    @cached_property
    def detail_url(self):
        return row_urls("learning:event_detail")

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
        return places_text(record)

    def render_my_status(self, record):
        return my_status_tag(record.my_status)


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
