import datetime
from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator

from workwell.dates import govuk_date, iso_date
from workwell.tables import row_urls

from ..models import Concern
from ..presenters.concerns import about_text, clock_text, concern_tags


class ConcernTable(tables.Table):
    """Columns and their order are the export's documented, stable columns: Reference, Kind,
    Vanguard, Region, What happened, When it happened, About, State, Overdue, Stage, Handled by,
    Raised on, Raised by, Acknowledge by, Acknowledged on, Respond by, Responded on, Closed on,
    Reopened on."""

    pk = tables.Column(verbose_name="Reference")
    kind = tables.Column(verbose_name="Kind")
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name", empty_values=())
    region = tables.Column(verbose_name="Region", accessor="region__name", visible=False)
    what_happened = tables.Column(verbose_name="What happened")
    happened_on = tables.Column(verbose_name="When it happened", visible=False)
    about = tables.Column(verbose_name="About", empty_values=(), orderable=False, visible=False)
    state = tables.Column(verbose_name="State")
    is_overdue = tables.Column(verbose_name="Overdue", visible=False, orderable=False)
    clock = tables.Column(verbose_name="Clock", empty_values=(), orderable=False)
    stage = tables.Column(verbose_name="Stage", visible=False)
    handler = tables.Column(verbose_name="Handled by", accessor="handler__full_name", default="")
    raised_at = tables.Column(verbose_name="Raised on")
    raised_by = tables.Column(
        verbose_name="Raised by", accessor="raised_by__full_name", visible=False
    )
    acknowledge_by = tables.Column(verbose_name="Acknowledge by", visible=False)
    acknowledged_at = tables.Column(verbose_name="Acknowledged on", visible=False, default="")
    respond_by = tables.Column(verbose_name="Respond by", visible=False)
    responded_at = tables.Column(verbose_name="Responded on", visible=False, default="")
    closed_at = tables.Column(verbose_name="Closed on", visible=False, default="")
    reopened_at = tables.Column(verbose_name="Reopened on", visible=False, default="")

    class Meta:
        model = Concern
        fields = []
        sequence = (
            "pk",
            "kind",
            "vanguard",
            "region",
            "what_happened",
            "happened_on",
            "about",
            "state",
            "is_overdue",
            "clock",
            "stage",
            "handler",
            "raised_at",
            "raised_by",
            "acknowledge_by",
            "acknowledged_at",
            "respond_by",
            "responded_at",
            "closed_at",
            "reopened_at",
        )
        order_by = ("-raised_at",)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    @cached_property
    def detail_url(self):
        return row_urls("feedback:concern")

    def render_pk(self, value):
        return format_html('<a class="govuk-link" href="{}">#{}</a>', self.detail_url(value), value)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_vanguard(self, record):
        return record.vanguard.name if record.vanguard_id else f"{record.region.name} (region)"

    def render_what_happened(self, value):
        return Truncator(value).chars(90)

    def render_state(self, record):
        return concern_tags(record, today=self.today)

    def render_clock(self, record):
        return clock_text(record)

    def render_raised_at(self, value):
        return govuk_date(value)

    def value_pk(self, value):
        return value

    def value_kind(self, record):
        return record.get_kind_display()

    def value_vanguard(self, record):
        return record.vanguard.name if record.vanguard_id else ""

    def value_what_happened(self, value):
        return value

    def value_about(self, record):
        return about_text(record)

    def value_state(self, record):
        return record.get_state_display()

    def value_is_overdue(self, value):
        return "Yes" if value else "No"

    def value_clock(self, record):
        return clock_text(record)

    def value_stage(self, record):
        return record.get_stage_display()

    def value_happened_on(self, value):
        return iso_date(value)

    def value_raised_at(self, value):
        return iso_date(value)

    def value_acknowledge_by(self, value):
        return iso_date(value)

    def value_acknowledged_at(self, value):
        return iso_date(value)

    def value_respond_by(self, value):
        return iso_date(value)

    def value_responded_at(self, value):
        return iso_date(value)

    def value_closed_at(self, value):
        return iso_date(value)

    def value_reopened_at(self, value):
        return iso_date(value)
