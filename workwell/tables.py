"""django-tables2 tables rendered as the GOV.UK table and pagination components on list pages,
and exported to CSV or XLSX with cells made safe against spreadsheet formula injection."""

import copy
import csv
import functools
import html
import inspect
import io
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import partialmethod
from types import SimpleNamespace
from urllib.parse import urlencode

import django_tables2
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django_tables2 import RequestConfig
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, signature

from .filters import DrawnForm, drawn_form
from .govuk import render_component
from .kept import kept
from .page_cache import kept_count
from .xlsx import xlsx_chunks

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Columns(OrderedDict):
    """A Table class's `base_columns`: each table made copies them (django-tables2 deep-copies),
    so the copy is made cheap."""

    def __deepcopy__(self, memo):
        return OrderedDict((name, copy.copy(column)) for name, column in self.items())


class Table(django_tables2.Table):
    """The base of the portal's tables: django-tables2's, with each table's copy of its
    columns shallow. django-tables2 deep-copies every column (its attrs, accessor and
    ordering) for every table made, a tenth of a list page's work; a column's own attributes
    are what a table changes (`visible`, the accessor it is bound to), so copying each column
    object, with what it holds shared, keeps tables apart."""

    # A page's rows in one step (README, "How a new page should render to stay cheap"): a table
    # that names the values its page's cells need (`page_values`, read with one `values_list`
    # for the page's rows rather than a model instance each) and writes those cells itself
    # (`page_cells`) skips django-tables2's per-cell machinery, 30-40 Python calls a cell.
    # `page_columns` are the visible columns it writes, in order: a table built with other
    # columns shown takes the cell-by-cell path. Sorting, pagination and exports stay
    # django-tables2's. tests/workwell/test_page_cells.py compares both paths for each table.
    page_columns: tuple[str, ...] = ()
    page_values: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_columns = _Columns(cls.base_columns)

    def page_annotations(self) -> dict:
        """Expressions annotated on the page's rows only, for `page_values` (a related list
        as an array subquery): not on the table's queryset, whose count would compute them for
        every row of the list."""
        return {}

    def page_cells(self, rows: list[tuple]) -> Iterable[Sequence[str]]:
        """Each of the page's `rows` (tuples of `page_values`) as the HTML of its
        `page_columns` cells: what the cell-by-cell path gives (the column's render method, or
        its value, or its default when the value is empty), escaped."""
        raise NotImplementedError

    def text_cell(self, value, default=None) -> str:
        """A cell showing `value` as text: escaped, or the column's default (the table's,
        unless given) when it is one of django-tables2's empty values (None, "")."""
        if value is None or value == "":
            value = self.default if default is None else default
        return str(value).translate(ESCAPES)


# `str.translate(ESCAPES)` is `html.escape(str)` (Django's `escape`) in one step, not five
# replacements: for the many short texts of a page's cells.
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def truncate_chars(text: str, length: int) -> str:
    """`Truncator(text).chars(length)`, without its loop over every character (a call per
    character) for a text that fits: such a text comes back whole, NFC-normalised."""
    normalised = unicodedata.normalize("NFC", text)
    return normalised if len(normalised) <= length else Truncator(text).chars(length)


def choice_labels(field) -> dict:
    """A choice field's {value: label}, as `get_<field>_display()` gives them: build it once
    per page (the labels are lazy translations), not once per row."""
    return {value: force_str(label) for value, label in field.flatchoices}


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# Rows read from the database per round trip while exporting: the export's query count is
# fixed per chunk (one FETCH, plus one query per prefetch), and its memory is one chunk's.
EXPORT_CHUNK_SIZE = 2000
# Bytes of CSV gathered before they are sent: one write per row would be one send per row.
CSV_BUFFER = 64 * 1024


def _export_records(table, chunk_size: int):
    """The table's records in its (sorted) order, read `chunk_size` at a time.

    A queryset is read through a server-side cursor inside a transaction (export only): the
    same SQL as the page, so any sort order the page offers (annotations, related columns)
    comes out exactly as before, with one DECLARE and a FETCH per chunk. The settings turn
    server-side cursors off (DISABLE_SERVER_SIDE_CURSORS: outside a transaction Django declares
    them WITH HOLD, which materialises the result — too dear for a choice list), which makes
    `.iterator()` fetch the whole result at once; inside this transaction the cursor is
    declared without WITH HOLD and really streams (and is safe under transaction pooling), so
    the export asks for one itself — through `_iterator`, the path `.iterator()` takes, which
    also prefetches per chunk. Keyset pagination was the alternative, but it needs a unique
    key for every sort order a table offers. The transaction only reads and ends with the
    download (or when the client goes away: the generator is closed, the block rolls back).
    """
    data = getattr(table.data, "data", table.data)
    if not isinstance(data, QuerySet) or data._result_cache is not None:
        yield from data
        return
    # No savepoint inside a surrounding transaction (a test's): the cursor lives in that one.
    with transaction.atomic(using=data.db, savepoint=False):
        yield from data._iterator(use_chunked_fetch=True, chunk_size=chunk_size)


def export_rows(table, chunk_size: int):
    """The header, then each row's cells as django-tables2's `as_values` gives them (every
    column not excluded from export), made safe against formula injection — one row at a
    time, never the whole table."""
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    yield [str(force_str(column.header, strings_only=True)) for column in columns]
    cells = [_fast_value_cell(table, column) for column in columns]
    for record in _export_records(table, chunk_size):
        row = BoundRow(record, table=table)
        yield [safe_cell(force_str(cell(row), strings_only=True)) for cell in cells]


def _csv_chunks(rows):
    """CSV text as tablib wrote it (the csv module's excel dialect), sent in CSV_BUFFER pieces;
    the header goes out on its own, before the query runs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(next(rows))
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CSV_BUFFER:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_response(
    table, export_format: str, filename: str, *, chunk_size: int | None = None
) -> StreamingHttpResponse:
    """The whole (filtered, sorted) table as a download, every page, with stable columns,
    streamed: a CSV's or an XLSX's rows go out as they are read (workwell/xlsx.py writes the
    workbook's zip as it goes)."""
    chunk_size = chunk_size or EXPORT_CHUNK_SIZE
    rows = export_rows(table, chunk_size)
    content_type = EXPORT_FORMATS[export_format]
    chunks = _csv_chunks(rows) if export_format == "csv" else xlsx_chunks(rows, chunk_size)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


# The page sizes a list offers (`?per_page=`); anything else gets the list's default, so a
# crafted address can neither break the paginator (-1, "abc") nor ask for every row at once.
PAGE_SIZES = (25, 50, 100)


def page_size(request, table, default: int) -> int:
    """`?per_page=` when it is one of PAGE_SIZES, otherwise `default`."""
    asked = request.GET.get(table.prefixed_per_page_field, "")
    return int(asked) if asked in {str(size) for size in PAGE_SIZES} else default


def paginate(request, table, default_per_page: int, *, shared_count: bool = False) -> None:
    """Paginate `table` from the query string. A page that is not a number is the first page;
    one before the first or past the last (-1, 99999) is the last, as Paginator.get_page does.
    `shared_count`: the count kept for everyone until the data changes (page_cache.kept_count),
    for a list whose count reads many rows; keying it costs about a millisecond of compiling,
    more than counting a few thousand rows, so the smaller lists count as usual."""
    table.paginator = Paginator(table.rows, page_size(request, table, default_per_page))
    queryset = getattr(table.data, "data", None)
    if shared_count and isinstance(queryset, QuerySet):
        table.paginator.count = kept_count(queryset)
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))


def is_export(request) -> bool:
    """Whether the request asks a list page for its download (`?_export=csv|xlsx`) rather than
    the page: the export may need more of each row than the page shows."""
    return request.GET.get("_export") in EXPORT_FORMATS


def break_ties(table) -> None:
    """Sorting by a column replaces the selector's order, so rows with the same value in it
    (touchpoints on the same date) had no order of their own: PostgreSQL may return them in any
    order, and a row could show on two pages or on none. The primary key orders them, in the
    direction of the first sort (the latest logged first when the newest come first). With no
    valid sort (none asked for, or `?sort=nonsense`) the selector's or model's order stays,
    ended by the primary key in the direction of its first field."""
    queryset = getattr(table.data, "data", None)
    if not isinstance(queryset, QuerySet):
        return
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    if order and str(order[-1]) in ("pk", "-pk", "id", "-id"):
        return
    first = str(table.order_by[0]) if table.order_by else str(order[0]) if order else ""
    tie = "-pk" if first.startswith("-") else "pk"
    table.data.data = queryset.order_by(*order, tie)


def list_page(
    request,
    table,
    template: str,
    context: dict,
    *,
    export_name: str = "",
    per_page: int = 25,
    shared_count: bool = False,
) -> HttpResponse:
    """A list page: `table` sorted and paginated from the query string, rendered in `template`
    with `table` and `query` (the query string without the page, for the download links).

    Given an `export_name`, `?_export=csv|xlsx` answers with the whole table as a download
    (`export_name.csv`) instead of the page. `shared_count`: see paginate.
    """
    RequestConfig(request, paginate=False).configure(table)  # the sort order
    break_ties(table)
    if export_name and is_export(request):
        return export_response(table, request.GET["_export"], export_name)
    paginate(request, table, per_page, shared_count=shared_count)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {**context, "table": table, "query": query.urlencode()})


class DrawnTable:
    """A list's page as `kept_list_page` keeps it: its table and pagination drawn (what the
    `govuk_table` tag writes), and its count (`table.paginator.count`, as templates read it).
    In the request that drew it, it also answers for the table it was drawn from (its page,
    its rows: what tests read of a list's context); what is kept holds no table."""

    def __init__(self, count: int, html: SafeString, table=None):
        self.paginator = SimpleNamespace(count=count)
        self.html = html
        self.drawn_from = table

    def __getattr__(self, name):  # an attribute of its own not found: the table's, if drawn here
        table = self.__dict__.get("drawn_from")
        if table is None:
            raise AttributeError(name)
        return getattr(table, name)


def kept_list_page(
    request,
    make_table: Callable,
    template: str,
    context: dict,
    *,
    name: str,
    kept_for: tuple,
    caption: str,
    filterset=None,
    export_name: str = "",
    per_page: int = 25,
    shared_count: bool = False,
    rows_html=None,
) -> HttpResponse:
    """`list_page` for a list whose page (its rows drawn, with their count and pagination) is
    the same for everyone with the same `kept_for` asking the same address, kept until a
    table it read changes (workwell/kept.py). `kept_for`: all that the list's rows and
    columns are made from of the viewer (the permissions module's scopes), so the key is
    right without building and compiling the list's query; `make_table()` builds the table,
    and its query, only when the page is drawn. `caption`: the table's. `filterset`: the
    list's filters (the context's `filter`), whose form is drawn and kept with the page (the
    address holds all they are given) as the context's `filter_form`, which the template
    draws; the options it offers the viewer must be made from what `kept_for` holds too.
    `rows_html(table, request, caption)`: the page's rows as the table component writes them
    (`render_table` unless given: a table's own writer of the same markup)."""
    rows_html = rows_html or render_table
    if export_name and is_export(request):
        return list_page(
            request,
            make_table(),
            template,
            context,
            export_name=export_name,
            per_page=per_page,
            shared_count=shared_count,
        )

    made = []

    def draw() -> tuple:
        # The filters' form first: drawn to be kept, it reads its options from the database,
        # so that what is kept is forgotten when they change; the table filters by it.
        panel = drawn_form(filterset) if filterset is not None else None
        table = make_table()
        RequestConfig(request, paginate=False).configure(table)  # the sort order
        break_ties(table)
        paginate(request, table, per_page, shared_count=shared_count)
        made.append(table)
        drawn = rows_html(table, request, caption) + render_pagination(table, request)
        return panel, DrawnTable(table.paginator.count, drawn)

    # The address holds all that the filters are given, so it keys the form as well.
    panel, table = kept(f"list.{name}", (kept_for, request.path, request.GET.urlencode()), draw)
    if made:  # drawn by this request: the page also answers for its table
        table = DrawnTable(table.paginator.count, table.html, made[0])
    if panel is not None:  # the templates draw `filter_form`, the context's `filter` is the filters
        context = {**context, "filter_form": DrawnForm(filterset, *panel)}
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {**context, "table": table, "query": query.urlencode()})


def query_with(params, key: str):
    """A function giving `params.urlencode()` as it reads after `params[key] = value`, for
    many values: the rest of the query string is encoded once, not once per value."""
    encoding = params.encoding
    before, after, seen = [], [], False
    for name, values in params.lists():
        if name == key:
            seen = True
            continue
        encoded = [
            urlencode({name.encode(encoding): str(value).encode(encoding)}) for value in values
        ]
        (after if seen else before).extend(encoded)
    head = "&".join(before) + "&" if before else ""
    tail = "&" + "&".join(after) if after else ""
    name = key.encode(encoding)

    def query(value) -> str:
        return f"{head}{urlencode({name: str(value).encode(encoding)})}{tail}"

    return query


def _is_numeric(table, bound_column) -> bool:
    """`bool(bound_column.attrs.get("numeric"))` (the column's attrs over the table's), without
    django-tables2 working out every other attribute of the column (its th, td and classes)."""
    own = bound_column.column.attrs
    return bool(own["numeric"] if "numeric" in own else table.attrs.get("numeric"))


def _sort_header(table, column, sorted_by) -> dict:
    """A column's head: a link sorting by it, `sorted_by(sort key)` giving the link's query
    string (the page's, without the page number, with the sort key replaced)."""
    if not column.orderable:
        return {"text": str(column.header)}
    alias = column.order_by_alias  # a property building an OrderBy: read once
    state = "none"
    if column.is_ordered:
        state = "descending" if alias.is_descending else "ascending"
    return {
        "html": format_html(
            '<a class="govuk-link app-sort-link" href="?{}">{}</a>',
            sorted_by(alias.next),
            column.header,
        ),
        "attributes": {"aria-sort": state},
        "format": "numeric" if _is_numeric(table, column) else None,
    }


def _cell_renderer(bound_column):
    """What django-tables2's `BoundRow.get_cell` does for one cell, with the render method's
    signature read once per column rather than once per cell (`inspect.signature` was a tenth
    of a list page). The general path, for the columns `_fast_cell_renderer` leaves alone."""
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


class _Display:
    """A choice field's `get_<field>_display()` for many records: Django's builds the dict of
    choices again on every call; this builds it once per table render (labels are lazy
    translations, so not once per process)."""

    def __init__(self, field):
        self.attname = field.attname
        self.choices = dict(make_hashable(field.flatchoices))
        self.labels = {
            key: force_str(label, strings_only=True) for key, label in self.choices.items()
        }

    def __call__(self, instance):
        value = getattr(instance, self.attname)
        try:
            return self.labels[value]
        except (KeyError, TypeError):  # not a choice, or unhashable: Django's own answer
            return force_str(self.choices.get(make_hashable(value), value), strings_only=True)


def _standard_display(model, name: str, field):
    """Whether `model.get_<name>_display` is the one Django adds for `field` (not overridden)."""
    method = inspect.getattr_static(model, f"get_{name}_display", None)
    return (
        isinstance(method, partialmethod)
        and method.func is Model._get_FIELD_display
        and method.keywords.get("field") is field
    )


def _fast_value(bound_column):
    """The function giving a record's cell value as `BoundRow._get_and_render_with` finds it —
    a choice field's display label, else the accessor followed through the record — with
    what is the same for every row (the field, its choices) worked out once per model. It
    follows plain model attributes itself and hands anything else (dicts, callables, a model
    with `__getitem__`) to django-tables2's Accessor; None if the accessor is an old-style one."""
    accessor = Accessor(bound_column.accessor)
    if accessor.SEPARATOR != Accessor.SEPARATOR or not accessor:
        return None
    bits = accessor.bits
    path, last = bits[:-1], bits[-1]
    displays = {}  # record class -> _Display, or None when the column is not a choice field

    def display_for(record, penultimate):
        key = (type(record), type(penultimate))
        if key not in displays:
            displays[key] = None
            try:
                field = accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            if getattr(field, "choices", ()) and hasattr(penultimate, f"get_{last}_display"):
                standard = _standard_display(type(penultimate), last, field)
                displays[key] = _Display(field) if standard else "method"
        return displays[key]

    def follow(current, names):
        for name in names:
            if not _plain_model(current):
                raise _NotPlain
            current = getattr(current, name)
            if callable(current):
                raise _NotPlain
            if current is None:
                break
        return current

    def value_of(record):
        try:
            penultimate = follow(record, path)
        except _NotPlain:
            penultimate = accessor.rpartition(accessor.SEPARATOR)[0]
            penultimate = Accessor(penultimate).resolve(record, quiet=True)
        except Exception:  # quiet, as django-tables2 resolves the penultimate
            penultimate = None
        if isinstance(penultimate, Model):
            display = display_for(record, penultimate)
            if display == "method":
                return getattr(penultimate, f"get_{last}_display")()
            if display is not None:
                return display(penultimate)
        try:
            try:
                return follow(penultimate, (last,)) if penultimate is not None else None
            except _NotPlain:
                return accessor.resolve(record)
        except Exception:  # django-tables2: a value it cannot find is an empty cell
            return None

    return value_of


def _no_value(record):
    return None


class _NotPlain(Exception):
    """Not a model instance whose attributes can simply be read: let the Accessor do it."""


_PLAIN_MODELS: dict[type, bool] = {}


def _plain_model(value) -> bool:
    kind = type(value)
    plain = _PLAIN_MODELS.get(kind)
    if plain is None:
        plain = _PLAIN_MODELS[kind] = issubclass(kind, Model) and not hasattr(kind, "__getitem__")
    return plain


def _fast_cell_renderer(table, bound_column):
    """One column's cells for the page, as `_cell_renderer` renders them, without
    django-tables2's per-cell machinery (a new Accessor, the field looked up again, choices
    rebuilt, a dict of arguments for every cell). None for columns it does not cover: links,
    many-to-many and link columns, render methods wanting what django-tables2 does not give."""
    if bound_column.link:
        return None
    return _fast_cell(table, bound_column, bound_column.render, bound_column.default)


def _value_method(bound_column):
    """The method giving a column's export value (`value_<name>`, else `render_<name>`, else
    the column's `value`), looking through the default `Column.value`, which only calls the
    column's own `render` with the arguments it wants."""
    method = bound_column.value
    if getattr(method, "__func__", None) is django_tables2.Column.value:
        return bound_column.column.render
    return method


def _fast_value_cell(table, bound_column):
    """One column's export values, as django-tables2's `BoundRow.get_cell_value` gives them
    (no link, None for an empty value), worked out once per column rather than once per cell
    (`inspect.signature` and the field's choices each time were most of an export's time)."""
    method = _value_method(bound_column)
    fast = _fast_cell(table, bound_column, method, None)
    if fast is not None:
        return fast
    wanted, takes_any = signature(method)
    if not takes_any and not set(wanted) <= CELL_ARGUMENTS:
        return lambda row: row.get_cell_value(bound_column.name)

    def value_cell(row):
        def call_value(bound_column, value=None):
            arguments = row._optional_cell_arguments(bound_column, value)
            if takes_any:
                return method(**arguments)
            return method(**{name: arguments[name] for name in wanted})

        return row._get_and_render_with(bound_column, call_value, None)

    return value_cell


def _fast_cell(table, bound_column, render, default):
    """A column's cells made by `render` (a render or value method), `default` for an empty
    value, without django-tables2's per-cell machinery; None for what it does not cover."""
    column = bound_column.column
    wanted, takes_any = signature(render)
    if (
        isinstance(column, ManyToManyColumn | BaseLinkColumn)
        or takes_any
        or not set(wanted) <= CELL_ARGUMENTS
    ):
        return None
    empty_values = column.empty_values
    if not empty_values and "value" not in wanted:
        # Every value renders, and the method does not read it: do not look it up (for a
        # many-to-many accessor that is a new related manager per row, twice).
        value_of = _no_value
    else:
        value_of = _fast_value(bound_column)
    if value_of is None:
        return None
    fixed = {"column": column, "bound_column": bound_column, "table": table}
    fixed = {name: fixed[name] for name in wanted if name in fixed}
    wants_value, wants_record, wants_row = (
        name in wanted for name in ("value", "record", "bound_row")
    )

    def render_cell(row):
        record = row.record
        value = value_of(record)
        if value in empty_values:
            return default
        arguments = dict(fixed)
        if wants_value:
            arguments["value"] = value
        if wants_record:
            arguments["record"] = record
        if wants_row:
            arguments["bound_row"] = row
        return render(**arguments)

    return render_cell


def _page_value_rows(table, columns) -> list[tuple] | None:
    """The page's rows as tuples of the table's `page_values`, when the table writes its page
    cells itself (`Table.page_cells`) and shows the columns it writes; else None."""
    if not getattr(table, "page_columns", ()) or not hasattr(table, "page"):
        return None
    if tuple(column.name for column in columns) != table.page_columns:
        return None
    records = getattr(table.page.object_list, "data", None)  # the page's slice of the query
    if not isinstance(records, QuerySet) or records._result_cache is not None:
        return None
    annotations = table.page_annotations()
    if annotations:
        records = records.annotate(**annotations)
    return list(records.values_list(*table.page_values))


def table_rows(table, columns) -> list[list[dict]]:
    """The GOV.UK table rows of the table's current page: each cell as `BoundRow.get_cell`
    renders it, passed through `format_html("{}", ...)`, with its numeric format (written
    by the table itself, from values, when it can: `Table.page_cells`)."""
    value_rows = _page_value_rows(table, columns)
    if value_rows is not None:
        numeric = [_is_numeric(table, column) for column in columns]
        return [
            [
                {"html": cell, "format": "numeric"} if is_numeric else {"html": cell}
                for cell, is_numeric in zip(cells, numeric, strict=True)
            ]
            for cells in table.page_cells(value_rows)
        ]
    cells = [
        (
            _fast_cell_renderer(table, column) or _cell_renderer(column),
            _is_numeric(table, column),
        )
        for column in columns
    ]
    rows = []
    for row in table.paginated_rows if hasattr(table, "paginated_rows") else table.rows:
        row_cells = []
        for render_cell, numeric in cells:
            content = render_cell(row)
            if type(content) is not SafeString:  # what format_html("{}", content) gives
                if hasattr(content, "__html__") or isinstance(content, Promise):
                    content = mark_safe(str(conditional_escape(content)))  # noqa: S308
                else:  # conditional_escape's own answer, without its lazy-argument check
                    content = SafeString(html.escape(str(content)))
            cell_params = {"html": content}
            if numeric:
                cell_params["format"] = "numeric"
            row_cells.append(cell_params)
        rows.append(row_cells)
    return rows


def render_table(table, request, caption: str) -> SafeString:
    """The page of `table` as the GOV.UK table component: sort links in the head, and each
    cell rendered once by its column (README, Performance)."""
    columns = list(table.columns)  # the visible ones, in order: worked out once, not per row
    params = request.GET.copy()
    params.pop(table.prefixed_page_field, None)
    sorted_by = query_with(params, table.prefixed_order_by_field)
    return render_component(
        "table",
        {
            "caption": caption,
            "captionClasses": "govuk-table__caption--m",
            "head": [_sort_header(table, column, sorted_by) for column in columns],
            "rows": table_rows(table, columns),
            "firstCellIsHeader": True,
        },
    )


# Stand-in keys for `row_urls`: an id, and a slug with each kind of character a slug may have.
_STAND_INS = {int: "7654321098", str: "Stand-in_slug-0"}
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _split_url(viewname: str, stand_in: str) -> tuple[str, str] | None:
    try:
        parts = reverse(viewname, args=[stand_in]).split(stand_in)
    except NoReverseMatch:
        return None
    return (parts[0], parts[1]) if len(parts) == 2 else None


def row_urls(viewname: str):
    """`lambda key: reverse(viewname, args=[key])` for every row of a page, reversing once.

    reverse() walks the URL resolver on each call, tens of microseconds a row; this reverses
    with a stand-in key and puts each row's key (an id or a slug: nothing to quote) in its
    place. Build it per request (the script prefix can differ between requests). A key the
    pattern's converter would refuse (a slug for an id) or that needs quoting goes through
    reverse() itself, as does a pattern the stand-ins do not fit.
    """
    parts = {kind: _split_url(viewname, stand_in) for kind, stand_in in _STAND_INS.items()}

    def url(key) -> str:
        kind = type(key)
        if kind is int and key >= 0 and parts[int]:
            before, after = parts[int]
        elif kind is str and parts[str] and _SLUG.fullmatch(key):
            before, after = parts[str]
        else:
            return reverse(viewname, args=[key])
        return f"{before}{key}{after}"

    return url


@functools.lru_cache(maxsize=64)
def _row_urls(viewname: str, prefix: str, urlconf: str):
    return row_urls(viewname)


def urls_for(viewname: str):
    """`row_urls`, built once per process for each view, script prefix and URL configuration
    (all that reverse() reads), rather than reversing twice a table or a list."""
    return _row_urls(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def url_once(viewname: str, *args: str | int) -> str:
    """reverse(viewname, args=args), worked out once per process for each view, arguments,
    script prefix and URL configuration: for a page's own few links (a list's rows: urls_for)."""
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    return _url_once(viewname, args, prefix, urlconf)


@functools.lru_cache(maxsize=1024)
def _url_once(viewname: str, args: tuple, prefix: str, urlconf: str) -> str:
    return reverse(viewname, args=args)


def render_pagination(table, request) -> SafeString:
    page = getattr(table, "page", None)
    if page is None:
        return SafeString("")
    return page_pagination(page, request, page_field=table.prefixed_page_field)


def counted_page(query, *, number: int, size: int, total: Callable) -> tuple[list, int, int]:
    """Page `number` (from 1) of `query`, `size` rows, each row carrying how many rows there
    are in all (a `Window(Count("*"))` annotation, which `total` reads from a row): the page's
    rows, that count and the page's number. One query; two or three for a page past the
    last, which shows the last (as Django's Paginator.get_page does)."""
    number = max(number, 1)
    found = list(query[(number - 1) * size : number * size])
    if not found and number > 1:
        first = list(query[:size])
        count = total(first[0]) if first else 0
        number = max((count + size - 1) // size, 1)
        found = first if number == 1 else list(query[(number - 1) * size : number * size])
    return found, total(found[0]) if found else 0, number


def pagination_numbers(current: int, last: int) -> list[int | None]:
    """The page numbers a pagination shows, `None` for an ellipsis: the first and last pages
    and those next to the `current` one. Only those are looked at, not every page (a list of
    thousands of pages at national scale)."""
    shown = sorted({1, last} | {n for n in (current - 1, current, current + 1) if 1 <= n <= last})
    numbers = []
    for number in shown:
        if numbers and number > numbers[-1] + 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def page_pagination(page, request, *, page_field: str = "page", label: str = "Pages") -> SafeString:
    """The GOV.UK pagination component for a Django paginator's `page`, each link the request's
    query with `page_field` set; nothing when there is one page. `label` names its navigation
    landmark (each must be named apart where a page has several)."""
    if page.paginator.num_pages <= 1:
        return SafeString("")
    params = request.GET.copy()

    def href(number):
        params[page_field] = number
        return "?" + params.urlencode()

    items = []
    for number in pagination_numbers(page.number, page.paginator.num_pages):
        if number is None:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    pagination = {"items": items, "landmarkLabel": label}
    if page.has_previous():
        pagination["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        pagination["next"] = {"href": href(page.next_page_number())}
    return render_component("pagination", pagination)
