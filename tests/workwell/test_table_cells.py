"""List pages render their cells, and exports their values, without django-tables2's per-cell
machinery (workwell.tables `table_rows`, `export_rows`, `row_urls`; README, Performance). These
tests compare the fast path with django-tables2's own `BoundRow.get_cell` and `get_cell_value`
and with Django's `reverse()`, over the kinds of column and record the portal's tables use and
the odd ones they might."""

import django_tables2 as tables
import pytest
from django.db.models import Count
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils.encoding import force_str
from django.utils.html import format_html
from django_tables2.rows import BoundRow

from tests.factories import ActionFactory, TouchpointFactory, UserFactory
from vanguards.models import Action, Touchpoint
from workwell.models import ProgrammeTheme
from workwell.tables import export_rows, row_urls, safe_cell, table_rows, url_once


class ActionCells(tables.Table):
    status = tables.Column()  # a choice field: its label
    vanguard_status = tables.Column(accessor="vanguard__status")  # a choice across a relation
    region = tables.Column(accessor="vanguard__region__name")
    owner = tables.Column()  # a related object: str() of it
    closed_by = tables.Column(accessor="closed_by__full_name", default="Nobody")  # null relation
    touchpoint_kind = tables.Column(accessor="touchpoint__kind", default="None")  # null, choices
    touchpoint_rag = tables.Column(accessor="touchpoint__rag")  # no default: the table's
    score = tables.Column(attrs={"numeric": True})  # an annotation
    display = tables.Column(accessor="get_status_display")  # a method, called
    description = tables.Column()
    everything = tables.Column(accessor="description")
    no_value = tables.Column(empty_values=(), orderable=False)
    empty_value = tables.Column(accessor="closed_at", empty_values=())
    wants_more = tables.Column(accessor="description")
    link = tables.LinkColumn("actions:detail", args=[tables.A("pk")], accessor="description")
    missing = tables.Column(accessor="no_such_attribute", default="Gone")
    closed_at = tables.Column(default="Open")
    is_done = tables.BooleanColumn(accessor="closed_at")  # its own render and value
    due = tables.DateColumn(accessor="due_date")
    plain = tables.Column(accessor="description")  # a value method for exports
    formula = tables.Column(accessor="description", exclude_from_export=True)

    class Meta:
        model = Action
        fields = []
        default = "Not given"

    def render_description(self, value):
        return value  # user text, not marked safe: escaped

    def render_everything(self, value, record, bound_row, table, column, bound_column):
        return format_html(
            "<b>{}</b> {} {} {} {}",
            value,
            record is bound_row.record,
            table is self,
            column is bound_column.column,
            bound_column.name,
        )

    def render_no_value(self, record):
        return format_html("<i>{}</i>", tables.A("due_date").resolve(record))

    def render_empty_value(self, value):
        return f"closed at {value}"

    def render_wants_more(self, value, request):
        return "django-tables2 does not give a request"

    def render_plain(self, value):
        return format_html("<p>{}</p>", value)

    def value_plain(self, value, record):
        return f"={value} #{record.pk if hasattr(record, 'pk') else record['pk']}"


class TouchpointCells(tables.Table):
    vanguards = tables.ManyToManyColumn()
    themes = tables.Column(empty_values=(), orderable=False)
    kind = tables.Column()
    rag = tables.Column()

    def render_themes(self, record):
        return ", ".join(theme.name for theme in record.themes.all()) or "None"


def django_tables2_rows(table) -> list[list[dict]]:
    """What the cells were before: `BoundRow.get_cell` for each, through format_html."""
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column in table.columns:
            cell = {"html": format_html("{}", row.get_cell(column.name))}
            if column.attrs.get("numeric"):
                cell["format"] = "numeric"
            cells.append(cell)
        rows.append(cells)
    return rows


def same_cells(table) -> None:
    table.paginate(per_page=25)
    fast = table_rows(table, list(table.columns))
    assert fast == django_tables2_rows(table)
    assert fast  # there were rows to compare


def django_tables2_values(table) -> list[list]:
    """What an export's rows were before: `BoundRow.get_cell_value` for each exported cell."""
    names = [
        column.name for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    return [
        [
            safe_cell(
                force_str(BoundRow(record, table=table).get_cell_value(name), strings_only=True)
            )
            for name in names
        ]
        for record in table.data
    ]


def same_values(table) -> None:
    rows = export_rows(table, chunk_size=2)
    next(rows)  # the header
    fast = list(rows)
    assert fast == django_tables2_values(table)
    assert len(fast) >= 2  # there were rows to compare


@pytest.fixture
def actions(vanguard_a, vanguard_b, rm):
    touchpoint = TouchpointFactory(
        author=rm, vanguards=[vanguard_a], rag="red", rag_reason="Slipping"
    )
    ActionFactory(vanguard=vanguard_a, owner=rm, description="<script>alert(1)</script>")
    ActionFactory(
        vanguard=vanguard_b,
        owner=rm,
        touchpoint=touchpoint,
        status=Action.Status.DONE,
        closed_by=UserFactory(full_name="Closer O'Brien"),
    )
    ActionFactory(vanguard=vanguard_b, owner=rm, description="")


def test_model_records_render_as_django_tables2_renders_them(actions):
    queryset = Action.objects.select_related("vanguard__region").annotate(score=Count("pk"))
    same_cells(ActionCells(queryset.order_by("pk")))


def test_model_records_export_as_django_tables2_exports_them(actions):
    queryset = Action.objects.select_related("vanguard__region").annotate(score=Count("pk"))
    same_values(ActionCells(queryset.order_by("pk")))


def test_dict_records_render_as_django_tables2_renders_them(actions):
    rows = Action.objects.order_by("pk").values(
        "pk", "status", "description", "closed_at", "due_date"
    )
    same_cells(ActionCells(list(rows)))
    same_values(ActionCells(list(rows)))


def test_many_to_many_and_choice_columns_render_as_django_tables2_renders_them(
    vanguard_a, vanguard_b, rm
):
    themes = list(ProgrammeTheme.objects.all()[:2])
    both = [vanguard_a, vanguard_b]
    TouchpointFactory(author=rm, vanguards=both, rag="amber", rag_reason="Watch").themes.set(themes)
    TouchpointFactory(author=rm, vanguards=[], kind=Touchpoint.Kind.SITE_VISIT)
    same_cells(TouchpointCells(Touchpoint.objects.order_by("pk")))
    same_values(TouchpointCells(Touchpoint.objects.order_by("pk")))


@pytest.mark.parametrize(
    ("viewname", "key"),
    [
        ("touchpoints:detail", 1),
        ("touchpoints:detail", 4_294_967_296),
        ("touchpoints:detail", "12"),  # a string of digits: reverse() accepts it
        ("vanguards:detail", "greater-manchester"),
        ("vanguards:detail", "Mixed_case-2"),
        ("vanguards:detail", 7),  # an id where a slug goes: a slug of digits
        ("vanguards:group_edit", "north-west-cohort"),
        ("actions:detail", 0),
    ],
)
def test_row_urls_are_what_reverse_gives(viewname, key):
    assert row_urls(viewname)(key) == reverse(viewname, args=[key])


@pytest.mark.parametrize(
    ("viewname", "key"),
    [
        ("touchpoints:detail", "greater-manchester"),  # a slug where an id goes
        ("touchpoints:detail", -1),
        ("vanguards:detail", "two words"),
        ("vanguards:detail", "a/b"),
        ("touchpoints:list", 1),  # a pattern without an argument
    ],
)
def test_row_urls_refuse_what_reverse_refuses(viewname, key):
    with pytest.raises(NoReverseMatch):
        reverse(viewname, args=[key])
    with pytest.raises(NoReverseMatch):
        row_urls(viewname)(key)


def test_row_urls_keep_the_script_prefix_of_the_request():
    set_script_prefix("/portal/")
    try:
        url = row_urls("touchpoints:detail")(5)
        assert url == reverse("touchpoints:detail", args=[5]) == "/portal/touchpoints/5/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("learning:toolkit_compare", ()),
        ("learning:toolkit_pdf", ("1.2",)),
        ("learning:toolkit_version", ("10.0",)),
        ("vanguards:detail", ("greater-manchester",)),
    ],
)
def test_url_once_is_what_reverse_gives_under_each_script_prefix(viewname, args):
    assert url_once(viewname, *args) == reverse(viewname, args=args)
    set_script_prefix("/portal/")
    try:
        url = url_once(viewname, *args)
        assert url.startswith("/portal/")
        assert url == reverse(viewname, args=args)
    finally:
        set_script_prefix("/")
    assert not url_once(viewname, *args).startswith("/portal/")
