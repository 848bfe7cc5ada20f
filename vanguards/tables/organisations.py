from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.tables import Table, row_urls

from ..models import CohortGroup, Organisation


def _edit_link(url: str, text: str):
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


class OrganisationTable(Table):
    """Columns and their order are the export's documented, stable columns."""

    name = tables.Column(verbose_name="Organisation")
    kind = tables.Column(verbose_name="Type")
    ods_code = tables.Column(verbose_name="ODS code", default="")
    led_count = tables.Column(verbose_name="Leads (vanguards)", attrs={"numeric": True})
    partner_count = tables.Column(verbose_name="Partner in (vanguards)", attrs={"numeric": True})

    class Meta:
        model = Organisation
        fields = []
        sequence = ("name", "kind", "ods_code", "led_count", "partner_count")
        order_by = ("name",)

    @cached_property
    def edit_url(self):
        return row_urls("vanguards:organisation_edit")

    def render_name(self, value, record):
        return _edit_link(self.edit_url(record.pk), value)

    def value_name(self, value):
        return value


class CohortGroupTable(Table):
    """Columns and their order are the export's documented, stable columns."""

    name = tables.Column(verbose_name="Cohort group")
    theme = tables.Column(verbose_name="Theme", accessor="theme__name")
    focus = tables.Column(verbose_name="Focus", visible=False)  # long text: export only
    relationship_manager = tables.Column(
        verbose_name="Relationship manager", accessor="relationship_manager__full_name"
    )
    current_vanguard_count = tables.Column(
        verbose_name="Current vanguards", attrs={"numeric": True}
    )

    class Meta:
        model = CohortGroup
        fields = []
        sequence = ("name", "theme", "focus", "relationship_manager", "current_vanguard_count")
        order_by = ("name",)

    @cached_property
    def edit_url(self):
        return row_urls("vanguards:group_edit")

    def render_name(self, value, record):
        return _edit_link(self.edit_url(record.slug), value)

    def value_name(self, value):
        return value
