import datetime
from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator

from workwell.dates import govuk_date, iso_date
from workwell.tables import ESCAPES, Table, choice_labels, row_urls, truncate_chars

from ..models import SupportRequest
from ..presenters import NOBODY_YET, support_status_tags, support_status_value_tags
from ..selectors.support import days_open, working_days_open


class SupportRequestTable(Table):
    """Columns and their order are the export's documented, stable columns: Reference,
    Vanguard, What they need, Support offer, Urgency, Needed by, Status, Not triaged in time,
    Raised on, Raised by, Working days open, Assigned to, Triaged on, Delivered on, Closed on,
    Rating, Rating comment, Reason for declining, Redirected to."""

    pk = tables.Column(verbose_name="Reference")
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    need = tables.Column(verbose_name="What they need")
    offer = tables.Column(
        verbose_name="Support offer", accessor="offer__title", visible=False, default=""
    )
    urgency = tables.Column(verbose_name="Urgency")
    needed_by = tables.Column(verbose_name="Needed by", visible=False, default="")
    status = tables.Column(verbose_name="Status")
    is_flagged = tables.Column(verbose_name="Not triaged in time", visible=False, orderable=False)
    raised_at = tables.Column(verbose_name="Raised on")
    raised_by = tables.Column(
        verbose_name="Raised by", accessor="raised_by__full_name", visible=False
    )
    working_days = tables.Column(
        verbose_name="Working days open", empty_values=(), orderable=False, attrs={"numeric": True}
    )
    # The page says "Nobody yet", as the request's own page does; the export leaves the cell
    # blank (a value for an empty cell is None), so the column filters cleanly.
    assigned_to = tables.Column(
        verbose_name="Assigned to", accessor="assigned_to__full_name", default=NOBODY_YET
    )
    triaged_at = tables.Column(verbose_name="Triaged on", visible=False, default="")
    delivered_at = tables.Column(verbose_name="Delivered on", visible=False, default="")
    closed_at = tables.Column(verbose_name="Closed on", visible=False, default="")
    rating = tables.Column(verbose_name="Rating", visible=False, default="")
    rating_comment = tables.Column(verbose_name="Rating comment", visible=False)
    decline_reason = tables.Column(verbose_name="Reason for declining", visible=False)
    redirect_note = tables.Column(verbose_name="Redirected to", visible=False)

    class Meta:
        model = SupportRequest
        fields = []
        sequence = (
            "pk",
            "vanguard",
            "need",
            "offer",
            "urgency",
            "needed_by",
            "status",
            "is_flagged",
            "raised_at",
            "raised_by",
            "working_days",
            "assigned_to",
            "triaged_at",
            "delivered_at",
            "closed_at",
            "rating",
            "rating_comment",
            "decline_reason",
            "redirect_note",
        )
        order_by = ("-raised_at",)

    def __init__(self, *args, today: datetime.date, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.limit = today, limit

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = (
        "pk",
        "vanguard",
        "need",
        "urgency",
        "status",
        "raised_at",
        "working_days",
        "assigned_to",
    )
    page_values = (
        "pk",
        "vanguard__name",
        "need",
        "urgency",
        "status",
        "is_flagged",
        "raised_at",
        "closed_at",
        "assigned_to__full_name",
    )

    def page_cells(self, rows):
        text, url, today, tags = self.text_cell, self.detail_url, self.today, {}
        urgencies = choice_labels(SupportRequest.urgency.field)
        for pk, vanguard, need, urgency, status, flagged, raised_at, closed_at, assigned in rows:
            if (status, flagged) not in tags:
                tags[status, flagged] = (
                    support_status_value_tags(status, flagged, self.limit)
                    if status
                    else text(status)
                )
            yield (
                f'<a class="govuk-link" href="{url(pk).translate(ESCAPES)}">#{pk}</a>'
                if pk is not None
                else text(pk),
                text(vanguard),
                text(truncate_chars(need, 90)) if need else text(need),
                text(self._urgency_text(urgencies.get(urgency, urgency))),
                tags[status, flagged],
                text(govuk_date(raised_at)) if raised_at else text(raised_at),
                str(days_open(status, raised_at, closed_at, today=today)),
                text(assigned, NOBODY_YET),
            )

    @staticmethod
    def _urgency_text(label: str) -> str:
        """Low, Medium or High: the label without what it means."""
        return label.split(":")[0]

    @cached_property
    def detail_url(self):
        return row_urls("support:detail")

    # --- Cell by cell (a table built with other columns shown) ---

    def render_pk(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">#{}</a>',
            self.detail_url(value),
            value,
        )

    def render_need(self, value):
        return Truncator(value).chars(90)

    def render_urgency(self, record):
        return self._urgency_text(record.get_urgency_display())

    def render_status(self, record):
        return support_status_tags(record, self.limit)

    def render_raised_at(self, value):
        return govuk_date(value)

    def render_working_days(self, record):
        return working_days_open(record, today=self.today)

    def value_pk(self, value):
        return value

    def value_urgency(self, record):
        return record.get_urgency_display()

    def value_status(self, record):
        return record.get_status_display()

    def value_is_flagged(self, value):
        return "Yes" if value else "No"

    def value_needed_by(self, value):
        return iso_date(value)

    def value_raised_at(self, value):
        return iso_date(value)

    def value_triaged_at(self, value):
        return iso_date(value)

    def value_delivered_at(self, value):
        return iso_date(value)

    def value_closed_at(self, value):
        return iso_date(value)
