from functools import cached_property

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django_tables2.data import TableData

from workwell.dates import govuk_date, iso_date

from ..presenters.returns import status_tag


class ReturnRowsData(TableData):
    """The selector's `ReturnRows` as the table's data, sliced as it is: django-tables2 copies
    any other sequence into a list, which would build every quarter's rows for a page of 25."""

    def __len__(self):
        return len(self.data)

    def order_by(self, aliases):
        """No column sorts: the list's order is the selector's (a `?sort=` is ignored)."""


class ReturnTable(tables.Table):
    """The quarterly returns list (`ReturnRows`: only the page's rows are built). Its export's
    columns: Quarter, Vanguard, Status, Due, Late."""

    def __init__(self, rows, **kwargs):
        super().__init__(ReturnRowsData(rows), **kwargs)

    quarter = tables.Column(verbose_name="Quarter", orderable=False)
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name", orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)
    due_on = tables.Column(verbose_name="Due", orderable=False)
    late = tables.Column(verbose_name="Late", orderable=False, visible=False)

    @cached_property
    def _return_base(self) -> str:
        # Every row's address is this with "<slug>/<year>-q<n>/": reversed once, not per row.
        return reverse("reporting:returns")

    def render_quarter(self, record):
        text = str(record.quarter)
        if not record.viewable:
            return text
        quarter = record.quarter
        href = f"{self._return_base}{record.vanguard.slug}/{quarter.year}-q{quarter.number}/"
        hidden = format_html(
            '<span class="govuk-visually-hidden"> return for {}</span>', record.vanguard.name
        )
        return format_html('<a class="govuk-link" href="{}">{}{}</a>', href, text, hidden)

    def render_status(self, record):
        tag = status_tag(record.status, record.status_label)
        if record.late:
            return format_html("{} {}", tag, status_tag("late", "Late"))
        return tag

    def render_due_on(self, value):
        return govuk_date(value)

    def value_quarter(self, record):
        return str(record.quarter)

    def value_status(self, record):
        return record.status_label

    def value_due_on(self, value):
        return iso_date(value)

    def value_late(self, value):
        return "Yes" if value else "No"
