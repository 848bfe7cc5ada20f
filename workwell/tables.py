"""django-tables2 tables rendered as the GOV.UK table and pagination components on list pages,
and exported to CSV or XLSX with cells made safe against spreadsheet formula injection."""

import tablib
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_tables2 import RequestConfig
from django_tables2.utils import signature

from .govuk import render_component

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_response(table, export_format: str, filename: str) -> HttpResponse:
    """The whole (filtered, sorted) table as a download, every page, with stable columns."""
    rows = list(table.as_values())
    dataset = tablib.Dataset(headers=[str(header) for header in rows[0]])
    for row in rows[1:]:
        dataset.append([safe_cell(cell) for cell in row])
    content = dataset.export(export_format)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


# The page sizes a list offers (`?per_page=`); anything else gets the list's default, so a
# crafted address can neither break the paginator (-1, "abc") nor ask for every row at once.
PAGE_SIZES = (25, 50, 100)


def page_size(request, table, default: int) -> int:
    """`?per_page=` when it is one of PAGE_SIZES, otherwise `default`."""
    asked = request.GET.get(table.prefixed_per_page_field, "")
    return int(asked) if asked in {str(size) for size in PAGE_SIZES} else default


def paginate(request, table, default_per_page: int) -> None:
    """Paginate `table` from the query string. A page that is not a number is the first page;
    one before the first or past the last (-1, 99999) is the last, as Paginator.get_page does."""
    table.paginator = Paginator(table.rows, page_size(request, table, default_per_page))
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))


def list_page(
    request, table, template: str, context: dict, *, export_name: str = "", per_page: int = 25
) -> HttpResponse:
    """A list page: `table` sorted and paginated from the query string, rendered in `template`
    with `table` and `query` (the query string without the page, for the download links).

    Given an `export_name`, `?_export=csv|xlsx` answers with the whole table as a download
    (`export_name.csv`) instead of the page.
    """
    RequestConfig(request, paginate=False).configure(table)  # the sort order
    export_format = request.GET.get("_export")
    if export_name and export_format in EXPORT_FORMATS:
        return export_response(table, export_format, export_name)
    paginate(request, table, per_page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {**context, "table": table, "query": query.urlencode()})


def _sort_header(table, column, request) -> dict:
    if not column.orderable:
        return {"text": str(column.header)}
    params = request.GET.copy()
    params.pop(table.prefixed_page_field, None)
    descending = column.is_ordered and column.order_by_alias.is_descending
    params[table.prefixed_order_by_field] = column.order_by_alias.next
    state = "none"
    if column.is_ordered:
        state = "descending" if descending else "ascending"
    return {
        "html": format_html(
            '<a class="govuk-link app-sort-link" href="?{}">{}</a>',
            params.urlencode(),
            column.header,
        ),
        "attributes": {"aria-sort": state},
        "format": "numeric" if column.attrs.get("numeric") else None,
    }


def _cell_renderer(bound_column):
    """What django-tables2's `BoundRow.get_cell` does for one cell, with the render method's
    signature read once per column rather than once per cell (`inspect.signature` was a tenth
    of a list page)."""
    render = bound_column.render
    wanted, takes_any = signature(render)

    def render_cell(row):
        def call_render(bound_column, value=None):
            arguments = row._optional_cell_arguments(bound_column, value)
            if takes_any:
                content = render(**arguments)
            else:
                content = render(**{name: arguments[name] for name in wanted})
            return bound_column.link(content, **arguments) if bound_column.link else content

        return row._get_and_render_with(bound_column, call_render, bound_column.default)

    if not takes_any and not set(wanted) <= CELL_ARGUMENTS:
        # django-tables2 renders nothing for a method wanting an argument it does not give.
        return lambda row: row.get_cell(bound_column.name)
    return render_cell


# The arguments django-tables2 offers a column's render method (BoundRow._optional_cell_arguments).
CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "bound_row", "table"}


def render_table(table, request, caption: str) -> SafeString:
    columns = list(table.columns)  # the visible ones, in order: worked out once, not per row
    head = [_sort_header(table, column, request) for column in columns]
    cells = [(_cell_renderer(column), bool(column.attrs.get("numeric"))) for column in columns]
    rows = []
    for row in table.paginated_rows if hasattr(table, "paginated_rows") else table.rows:
        row_cells = []
        for render_cell, numeric in cells:
            cell_params = {"html": format_html("{}", render_cell(row))}
            if numeric:
                cell_params["format"] = "numeric"
            row_cells.append(cell_params)
        rows.append(row_cells)
    return render_component(
        "table",
        {
            "caption": caption,
            "captionClasses": "govuk-table__caption--m",
            "head": head,
            "rows": rows,
            "firstCellIsHeader": True,
        },
    )


def render_pagination(table, request) -> SafeString:
    page = getattr(table, "page", None)
    if page is None or page.paginator.num_pages <= 1:
        return SafeString("")
    params = request.GET.copy()

    def href(number):
        params[table.prefixed_page_field] = number
        return "?" + params.urlencode()

    items = []
    last = page.paginator.num_pages
    for number in range(1, last + 1):
        if number in (1, last) or abs(number - page.number) <= 1:
            items.append({"number": number, "href": href(number), "current": number == page.number})
        elif items and not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    pagination = {"items": items, "landmarkLabel": "Pages"}
    if page.has_previous():
        pagination["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        pagination["next"] = {"href": href(page.next_page_number())}
    return render_component("pagination", pagination)
