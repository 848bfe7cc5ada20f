from functools import cached_property

import django_tables2 as tables
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.safestring import SafeString

from workwell.models import ProgrammeTheme
from workwell.tables import ESCAPES, Table, choice_labels

from ..models import ToolkitItem


def theme_name_list() -> ArraySubquery:
    """An item's themes' names, in the themes' order, as an array: for the page's rows' own
    query (`Table.page_annotations`), where the list's queryset prefetches theme instances."""
    return ArraySubquery(
        ProgrammeTheme.objects.filter(toolkit_items=OuterRef("pk"))
        .order_by("order", "name")
        .values("name")
    )


class ToolkitItemTable(Table):
    """A toolkit version's items, in the order the search or the learning team put them."""

    title = tables.Column(verbose_name="Item")
    kind = tables.Column(verbose_name="Kind")

    class Meta:
        model = ToolkitItem
        fields = []
        sequence = ("title", "kind")
        orderable = False  # search results come best first; otherwise the team's order

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version

    @cached_property
    def item_url_prefix(self):
        # One reverse() for the page, not one a row.
        return reverse("learning:toolkit_item", args=[self.version.number, 0])[: -len("0/")]

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = ("title", "kind")
    page_values = ("pk", "title", "summary", "kind", "theme_name_list")

    def page_annotations(self) -> dict:
        return {"theme_name_list": theme_name_list()}

    def page_cells(self, rows):
        kinds = choice_labels(ToolkitItem.kind.field)
        prefix, text = self.item_url_prefix.translate(ESCAPES), self.text_cell
        for pk, title, summary, kind, themes in rows:
            yield (
                title_cell_html(prefix, pk, title, summary, themes),
                text(kinds.get(kind, kind)),
            )

    # --- Cell by cell (a table built with other columns shown) ---

    def render_title(self, value, record):
        themes = [theme.name for theme in record.themes.all()]  # a query a row: not the page's
        prefix = self.item_url_prefix.translate(ESCAPES)
        return SafeString(title_cell_html(prefix, record.pk, value, record.summary, themes))


def title_cell_html(prefix: str, pk: int, title: str, summary: str, themes) -> str:
    """Title, summary and themes in one cell: a search result reads as one block. `prefix`
    (the item addresses' start) is escaped already; the rest is escaped here."""
    return (
        f'<a class="govuk-link govuk-!-font-weight-bold" href="{prefix}{pk}/">'
        f"{str(title).translate(ESCAPES)}</a>"
        '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">'
        f"{str(summary).translate(ESCAPES)}</p>"
        '<p class="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">Themes: '
        f"{(', '.join(themes) or 'not tagged').translate(ESCAPES)}</p>"
    )
