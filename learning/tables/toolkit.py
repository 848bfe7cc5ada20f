from functools import cached_property

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from ..models import ToolkitItem


class ToolkitItemTable(tables.Table):
    """A toolkit version's items, in the order the search or the learning team put them."""

    title = tables.Column(verbose_name="Item")
    kind = tables.Column(verbose_name="Kind")
    themes = tables.Column(verbose_name="Themes", empty_values=())

    class Meta:
        model = ToolkitItem
        fields = []
        sequence = ("title", "kind", "themes")
        orderable = False  # search results come best first; otherwise the team's order

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version

    @cached_property
    def item_url_prefix(self):
        # One reverse() for the page, not one a row.
        return reverse("learning:toolkit_item", args=[self.version.number, 0])[: -len("0/")]

    def render_title(self, value, record):
        return format_html(
            '<a class="govuk-link govuk-!-font-weight-bold" href="{}{}/">{}</a>'
            '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{}</p>',
            self.item_url_prefix,
            record.pk,
            value,
            record.summary,
        )

    def render_themes(self, record):
        return ", ".join(theme.name for theme in record.theme_list) or "Not tagged"
