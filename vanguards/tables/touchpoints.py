from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date, iso_date
from workwell.tables import Table, row_urls

from ..presenters import rag_tag_html


class TouchpointTable(Table):
    """Columns and their order are the export's documented, stable columns (README, Exports).

    Build it with `exclude=("internal_notes",)` for anyone who may not see internal notes,
    from `touchpoints_for_list` (`for_export` for an export), with `vanguard_names` giving the
    names of a page's touchpoints' vanguards (`selectors.touchpoints.vanguard_names`) for the
    page; an export reads each row's `visible_vanguards`.
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

    def __init__(self, *args, vanguard_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vanguard_names = vanguard_names

    # --- On the page ---

    @cached_property
    def page_vanguard_names(self) -> dict[int, list[str]]:
        """The vanguards' names of the page's touchpoints, read once for the page."""
        return self.vanguard_names([row.record for row in self.page.object_list])

    @cached_property
    def detail_url(self):
        return row_urls("touchpoints:detail")

    def render_date(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.detail_url(record.pk),
            govuk_date(value),
        )

    def render_vanguards(self, record):
        if self.vanguard_names is None:
            names = [vanguard.name for vanguard in record.visible_vanguards]
        else:
            names = self.page_vanguard_names.get(record.pk, ())
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
