from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date, iso_date
from workwell.tables import ESCAPES, Table, row_urls

from ..models import Action
from ..presenters import action_status_tags, action_status_value_tags


class ActionTable(Table):
    """Columns and their order are the export's documented, stable columns:
    Action, Vanguard, Owner, Due date, Status, Overdue, From touchpoint, Created by, Created on,
    Closed by, Closed on, Reason for cancelling."""

    description = tables.Column(verbose_name="Action")
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    owner = tables.Column(verbose_name="Owner", accessor="owner__full_name")
    due_date = tables.Column(verbose_name="Due date")
    status = tables.Column(verbose_name="Status")
    # The rest are in the export only; the detail page shows them.
    is_overdue = tables.Column(verbose_name="Overdue", visible=False, orderable=False)
    touchpoint = tables.Column(verbose_name="From touchpoint", visible=False, default="")
    created_by = tables.Column(
        verbose_name="Created by", accessor="created_by__full_name", visible=False
    )
    created_at = tables.Column(verbose_name="Created on", visible=False)
    closed_by = tables.Column(
        verbose_name="Closed by", accessor="closed_by__full_name", visible=False, default=""
    )
    closed_at = tables.Column(verbose_name="Closed on", visible=False, default="")
    cancel_reason = tables.Column(verbose_name="Reason for cancelling", visible=False)

    class Meta:
        model = Action
        fields = []
        sequence = (
            "description",
            "vanguard",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "touchpoint",
            "created_by",
            "created_at",
            "closed_by",
            "closed_at",
            "cancel_reason",
        )
        order_by = ("due_date",)

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = ("description", "vanguard", "owner", "due_date", "status")
    page_values = (
        "pk",
        "description",
        "vanguard__name",
        "owner__full_name",
        "due_date",
        "status",
        "is_overdue",
    )

    def page_cells(self, rows):
        text, url, tags = self.text_cell, self.detail_url, {}
        for pk, description, vanguard, owner, due_date, status, is_overdue in rows:
            if (status, is_overdue) not in tags:
                tags[status, is_overdue] = (
                    action_status_value_tags(status, is_overdue) if status else text(status)
                )
            yield (
                f'<a class="govuk-link" href="{url(pk).translate(ESCAPES)}">'
                f"{description.translate(ESCAPES)}</a>"
                if description
                else text(description),
                text(vanguard),
                text(owner),
                text(govuk_date(due_date)) if due_date else text(due_date),
                tags[status, is_overdue],
            )

    @cached_property
    def detail_url(self):
        return row_urls("actions:detail")

    # --- Cell by cell (a table built with other columns shown) ---

    def render_description(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.detail_url(record.pk),
            value,
        )

    def render_due_date(self, value):
        return govuk_date(value)

    def render_status(self, record):
        return action_status_tags(record)

    def value_description(self, value):
        return value

    def value_due_date(self, value):
        return iso_date(value)

    def value_status(self, record):
        return record.get_status_display()

    def value_is_overdue(self, value):
        return "Yes" if value else "No"

    def value_touchpoint(self, value):
        return str(value) if value else ""

    def value_created_at(self, value):
        return iso_date(value)

    def value_closed_at(self, value):
        return iso_date(value)
