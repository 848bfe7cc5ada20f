from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date, iso_date
from workwell.tables import ESCAPES, Table, choice_labels, row_urls

from ..models import Touchpoint
from ..presenters import rag_tag_html, rag_value_tag_html


class TouchpointTable(Table):
    """Columns and their order are the export's documented, stable columns (README, Exports).

    Build it with `exclude=("internal_notes",)` for anyone who may not see internal notes,
    from `touchpoints_for_list` (`for_export` for an export), with `vanguard_name_list` (the
    expression `selectors.touchpoints.vanguard_name_list` gives, annotated on the page's rows:
    the page's cells read each row's vanguards' names from it) and `vanguard_names` (giving
    the names for touchpoint ids, `selectors.touchpoints.vanguard_names`, for a table built
    with other columns shown); an export reads each row's `visible_vanguards`.
    """

    id = tables.Column(verbose_name="ID", visible=False)
    date = tables.Column(verbose_name="Date")
    vanguards = tables.Column(verbose_name="Vanguards", orderable=False, empty_values=())
    kind = tables.Column(verbose_name="Kind")
    # Kept out of the page to fit it, but exported.
    channel = tables.Column(verbose_name="Channel", visible=False)
    duration_minutes = tables.Column(
        verbose_name="Duration (minutes)", visible=False, attrs={"numeric": True}
    )
    author = tables.Column(
        verbose_name="Logged by", accessor="author__full_name", order_by=("author__full_name",)
    )
    themes = tables.Column(verbose_name="Themes", orderable=False, visible=False, empty_values=())
    rag = tables.Column(verbose_name="RAG")
    rag_reason = tables.Column(verbose_name="RAG reason", visible=False)
    status = tables.Column(
        verbose_name="Status", empty_values=(), order_by=("archived_at", "status")
    )
    action_count = tables.Column(verbose_name="Follow-up actions", attrs={"numeric": True})
    summary = tables.Column(verbose_name="Summary", visible=False)
    internal_notes = tables.Column(verbose_name="Internal notes", visible=False, orderable=False)

    class Meta:
        order_by = ("-date",)

    def __init__(self, *args, vanguard_names=None, vanguard_name_list=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vanguard_names = vanguard_names
        self.vanguard_name_list = vanguard_name_list  # selectors.touchpoints.vanguard_name_list

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = ("date", "vanguards", "kind", "author", "rag", "status", "action_count")
    page_values = (
        "pk",
        "date",
        "kind",
        "author__full_name",
        "rag",
        "status",
        "archived_at",
        "action_count",
        "vanguard_name_list",
    )

    def page_annotations(self) -> dict:
        return {"vanguard_name_list": self.vanguard_name_list}

    def page_cells(self, rows):
        kinds = choice_labels(Touchpoint.kind.field)
        statuses = choice_labels(Touchpoint.status.field)
        text, url, rags = self.text_cell, self.detail_url, {}
        for pk, date, kind, author, rag, status, archived_at, action_count, names in rows:
            if rag not in rags:
                rags[rag] = rag_value_tag_html(rag) if rag else text(rag)
            yield (
                f'<a class="govuk-link" href="{url(pk).translate(ESCAPES)}">{govuk_date(date)}</a>'
                if date
                else text(date),
                ", ".join(names).translate(ESCAPES),
                text(kinds.get(kind, kind)),
                text(author),
                rags[rag],
                text("Archived" if archived_at is not None else statuses.get(status, status)),
                str(action_count),
            )

    @cached_property
    def detail_url(self):
        return row_urls("touchpoints:detail")

    # --- Cell by cell (a table built with other columns shown) ---

    def render_date(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.detail_url(record.pk), govuk_date(value)
        )

    def render_vanguards(self, record):
        if self.vanguard_names is None:
            names = [vanguard.name for vanguard in record.visible_vanguards]
        else:
            names = self.vanguard_names([record.pk]).get(record.pk, ())
        return format_html_join(", ", "{}", ((name,) for name in names))

    def render_rag(self, value, record):
        return rag_tag_html(record)

    def render_status(self, record):
        return self.value_status(record)

    # --- In exports: plain values ---

    def value_date(self, value):
        return iso_date(value)

    def value_vanguards(self, record):
        return "; ".join(vanguard.name for vanguard in record.visible_vanguards)

    def value_themes(self, record):
        return "; ".join(theme.name for theme in record.theme_list)

    def value_kind(self, record):
        return record.get_kind_display()

    def value_channel(self, record):
        return record.get_channel_display()

    def value_rag(self, record):
        return record.get_rag_display()

    def value_status(self, record):
        return "Archived" if record.is_archived else record.get_status_display()
