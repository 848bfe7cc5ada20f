from functools import cached_property

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from workwell.tables import Table, row_urls

from ..models import Vanguard
from ..presenters import money


class VanguardTable(Table):
    """Columns and their order are the export's documented, stable columns."""

    name = tables.Column(verbose_name="Vanguard")
    region = tables.Column(verbose_name="Region", accessor="region__name")
    # Shown on the profile; kept out of the list to fit the page, but exported.
    lead_organisation = tables.Column(
        verbose_name="Lead organisation", accessor="lead_organisation__name", visible=False
    )
    cohort_group_name = tables.Column(verbose_name="Cohort group", default="")
    relationship_manager_name = tables.Column(verbose_name="Relationship manager", default="")
    status = tables.Column(verbose_name="Status")
    participant_target = tables.Column(verbose_name="Participant target", attrs={"numeric": True})
    funding_allocation = tables.Column(verbose_name="Funding (£)", attrs={"numeric": True})

    class Meta:
        model = Vanguard
        fields = []
        sequence = (
            "name",
            "region",
            "lead_organisation",
            "cohort_group_name",
            "relationship_manager_name",
            "status",
            "participant_target",
            "funding_allocation",
        )
        order_by = ("name",)

    @cached_property
    def detail_url(self):
        return row_urls("vanguards:detail")

    def render_name(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.detail_url(record.slug),
            value,
        )

    def render_funding_allocation(self, value):
        return money(value)

    def render_participant_target(self, value):
        return intcomma(value)

    def value_funding_allocation(self, value):
        return str(value)

    def value_name(self, value):
        return value

    def value_participant_target(self, value):
        return value
