import functools
from functools import cached_property

import django_tables2 as tables
from django.urls import reverse
from django.utils.safestring import SafeString
from django_tables2.data import TableData

from workwell.dates import govuk_date, iso_date
from workwell.govuk import table_from_cells
from workwell.tables import ESCAPES, Table

from ..presenters.returns import status_tag
from ..selectors.returns import LIST_STATUS_LABELS


class ReturnRowsData(TableData):
    """The selector's `ReturnRows` as the table's data, sliced as it is: django-tables2 copies
    any other sequence into a list, which would build every quarter's rows for a page of 25."""

    def __len__(self):
        return len(self.data)

    def order_by(self, aliases):
        """No column sorts: the list's order is the selector's (a `?sort=` is ignored)."""


def quarter_cell(return_base: str, quarter, slug: str, name: str, viewable: bool) -> str:
    """The Quarter cell's HTML: a link to the return (its vanguard's name for screen readers)
    when the viewer may open it, else the quarter as text."""
    text = str(quarter).translate(ESCAPES)
    if not viewable:
        return text
    href = f"{return_base}{slug}/{quarter.year}-q{quarter.number}/".translate(ESCAPES)
    hidden = f'<span class="govuk-visually-hidden"> return for {name.translate(ESCAPES)}</span>'
    return f'<a class="govuk-link" href="{href}">{text}{hidden}</a>'


@functools.lru_cache
def status_cell(status: str, late: bool) -> SafeString:
    """The Status cell: the status's tag, then Late's when the return is late (a handful of
    combinations, each made once per process)."""
    tag = status_tag(status, LIST_STATUS_LABELS[status])
    return SafeString(f"{tag} {status_tag('late', 'Late')}" if late else tag)


class ReturnTable(Table):
    """The quarterly returns list (`ReturnRows`: only the page's rows are built). Its export's
    columns: Quarter, Vanguard, Status, Due, Late. The page's cells are written straight from
    the rows (`page_html`); the render methods give the same cells one by one."""

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
        vanguard = record.vanguard
        return SafeString(
            quarter_cell(
                self._return_base, record.quarter, vanguard.slug, vanguard.name, record.viewable
            )
        )

    def render_status(self, record):
        return status_cell(record.status, record.late)

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

    def page_html(self, caption: str) -> SafeString:
        """The page's rows (`ReturnRow`s) as the GOV.UK table, each cell written from the row's
        values (`govuk.table_from_cells`): what `workwell.tables.render_table` writes through
        the render methods, cell by cell (tests/reporting/test_returns_list_cells.py), about a
        tenth of the Python calls."""
        base, default = self._return_base, str(self.default).translate(ESCAPES)
        dates: dict = {}
        rows = []
        for row in self.page.object_list.data:  # the page's slice of the rows
            vanguard, due_on = row.vanguard, row.due_on
            name = vanguard.name
            due = dates.get(due_on)
            if due is None:
                due = dates[due_on] = SafeString(govuk_date(due_on).translate(ESCAPES))
            rows.append(
                [
                    SafeString(quarter_cell(base, row.quarter, vanguard.slug, name, row.viewable)),
                    SafeString(name.translate(ESCAPES) if name else default),
                    status_cell(row.status, row.late),
                    due,
                ]
            )
        return table_from_cells(caption, PAGE_HEAD, rows, caption_classes="govuk-table__caption--m")


# The head of the page's table: its visible columns, none sortable or numeric.
PAGE_HEAD = [
    (str(ReturnTable.base_columns[name].verbose_name), False)
    for name in ("quarter", "vanguard", "status", "due_on")
]
