from functools import cached_property

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from workwell.tables import ESCAPES, Table, choice_labels, row_urls

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

    # --- On the page: its rows' values, each row's cells written in one step ---

    page_columns = (
        "name",
        "region",
        "cohort_group_name",
        "relationship_manager_name",
        "status",
        "participant_target",
        "funding_allocation",
    )
    page_values = (
        "slug",
        "name",
        "region__name",
        "cohort_group_name",
        "relationship_manager_name",
        "status",
        "participant_target",
        "funding_allocation",
    )

    def page_cells(self, rows):
        text, url = self.text_cell, self.detail_url
        statuses = choice_labels(Vanguard.status.field)
        for slug, name, region, group, manager, status, target, funding in rows:
            yield (
                f'<a class="govuk-link" href="{url(slug).translate(ESCAPES)}">'
                f"{name.translate(ESCAPES)}</a>"
                if name
                else text(name),
                text(region),
                text(group, ""),
                text(manager, ""),
                text(statuses.get(status, status)),
                text(intcomma(target)) if target not in (None, "") else text(target),
                text(money(funding)) if funding not in (None, "") else text(funding),
            )

    @cached_property
    def detail_url(self):
        return row_urls("vanguards:detail")

    # --- Cell by cell (a table built with other columns shown) ---

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
